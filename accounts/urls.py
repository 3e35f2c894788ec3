from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("teamkader/", views.team_frame, name="team_frame"),
    path("teamkader/mijn/", views.my_frame, name="my_frame"),
    path("wachtwoord/", views.PasswordChange.as_view(), name="password_change"),
    path("inloggen/mislukt/", views.oidc_failed, name="oidc_failed"),
]
