from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("logboek/", views.logboek, name="logboek"),
    path("inzageverzoek/", views.inzage, name="inzage"),
    path("inzageverzoek/export.json", views.inzage_json, name="inzage_json"),
    path("inzageverzoek/export.pdf", views.inzage_pdf, name="inzage_pdf"),
]
