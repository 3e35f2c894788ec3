from django.urls import path

from . import views, walk

app_name = "cases"

urlpatterns = [
    path("", views.my_cases, name="mine"),
    path("team/", views.team_cases, name="team"),
    path("nieuw/", views.new_case, name="new"),
    path("<int:pk>/", walk.case_detail, name="detail"),
    path("<int:pk>/samenvatting/", views.case_summary, name="summary"),
    path("<int:pk>/geschiedenis/", views.case_history, name="history"),
    path("<int:pk>/verantwoording.pdf", views.case_pdf, name="pdf"),
    path("<int:pk>/signalen/eigen/", walk.add_own_signal, name="add_own_signal"),
    path("<int:pk>/eigen/<str:kind>/<int:own_pk>/verwijderen/", walk.delete_own,
         name="delete_own"),
    path("<int:pk>/opties/nieuw/", walk.add_option, name="add_option"),
    path("<int:pk>/opties/<int:option_pk>/", walk.option_view, name="option"),
    path("<int:pk>/opties/<int:option_pk>/verwijderen/", walk.delete_option,
         name="delete_option"),
    path("<int:pk>/afwegen/<int:option_pk>/", walk.weigh_view, name="weigh"),
    path("<int:pk>/afwegen/<int:option_pk>/eigen/", walk.add_own_argument,
         name="add_own_argument"),
    path("<int:pk>/<slug:step>/", walk.step_view, name="step"),
]
