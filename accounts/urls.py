from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("teamkader/", views.team_frame, name="team_frame"),
]
