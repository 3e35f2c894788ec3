from django.urls import path

from maatwerk import converters  # noqa: F401 - registers <id:…>

from . import views

app_name = "precedents"

urlpatterns = [
    path("precedenten/", views.register, name="register"),
    path("casussen/<id:pk>/vergelijkbaar/<id:other_pk>/", views.answer, name="answer"),
]
