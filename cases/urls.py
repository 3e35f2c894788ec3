from django.urls import include, path

from maatwerk import converters  # noqa: F401 - registers <id:…>

from . import views

app_name = "cases"

case_patterns = [
    path("samenvatting/", views.case_summary, name="summary"),
    path("geschiedenis/", views.case_history, name="history"),
    path("verantwoording.pdf", views.case_pdf, name="pdf"),
    path("verantwoording/", views.case_pdf_status, name="pdf_status"),
    path("", include("cases.walk.urls")),
]

urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("team/", views.team_cases, name="team"),
    path("nieuw/", views.new_case, name="new"),
    path("<id:pk>/", include(case_patterns)),
]
