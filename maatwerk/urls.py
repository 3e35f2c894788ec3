from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from accounts import oidc
from accounts.views import Login, Logout

from . import views

admin.site.site_header = _("Maatwerk — functioneel beheer")
admin.site.site_title = _("Maatwerk beheer")
admin.site.index_title = _("Beheer")



@login_not_required
def admin_login(request, extra_context=None):
    """One login page for everyone, also for beheer (and the only one when local passwords
    are off): the admin's own login sends the browser there."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


admin.site.login = admin_login

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", Login.as_view(), name="login"),
    # OpenID Connect (404 unless configured): to the provider, and back from it.
    path("oidc/authenticate/", login_not_required(oidc.StartView.as_view()),
         name="oidc_authentication_init"),
    path("oidc/callback/", login_not_required(oidc.CallbackView.as_view()),
         name="oidc_authentication_callback"),
    path("uitloggen/", Logout.as_view(), name="logout"),
    path("kaarten/", include("cards.urls")),
    path("casussen/", include("cases.urls")),
    path("", include("reviews.urls")),
    path("", include("accounts.urls")),
    path("", include("privacy.urls")),
    path("", include("policy.urls")),
    path("", include("precedents.urls")),
    path("", include("insight.urls")),
    path("beheer/", admin.site.urls),
]

handler404 = "maatwerk.views.page_not_found"
handler500 = "maatwerk.views.server_error"
handler403 = "maatwerk.views.permission_denied"
