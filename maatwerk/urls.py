from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginForm

from . import views

admin.site.site_header = _("Maatwerk — functioneel beheer")
admin.site.site_title = _("Maatwerk beheer")
admin.site.index_title = _("Beheer")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("kaarten/", include("cards.urls")),
    path("casussen/", include("cases.urls")),
    path("", include("reviews.urls")),
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("", include("policy.urls")),
    path("", include("precedents.urls")),
    path("beheer/", admin.site.urls),
]

handler404 = "maatwerk.views.page_not_found"
handler500 = "maatwerk.views.server_error"
handler403 = "maatwerk.views.permission_denied"
