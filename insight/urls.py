from django.urls import path

from . import views

app_name = "insight"

urlpatterns = [
    path("teaminzicht/", views.teaminzicht, name="teaminzicht"),
    path("teaminzicht/budget/", views.budget, name="budget"),
    path("teaminzicht/<slug:figure>.csv", views.download, name="csv"),
]
