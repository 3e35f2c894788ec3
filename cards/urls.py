from django.urls import path

from . import views

app_name = "cards"

urlpatterns = [
    path("", views.index, name="index"),
    path("begrippen/", views.definitions, name="definitions"),
    path("<slug:kind>/", views.card, name="card"),
]
