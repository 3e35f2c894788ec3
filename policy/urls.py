from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("signalen-voor-beleid/", views.insight, name="insight"),
    path("beleid/signalen/", views.signals, name="signals"),
    path("beleid/signalen/<int:pk>/", views.signal, name="signal"),
]
