"""Navigation shown in the header, by what the user may do."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("home", _("Overzicht"), reverse("home"))]
    if user.has_perm("cases.work_on_cases") or user.has_perm("reviews.review_decisions"):
        items.append(("cases", _("Casussen"), reverse("cases:mine")))
    if user.has_perm("reviews.review_decisions"):
        items.append(("queue", _("Te beoordelen"), reverse("reviews:queue")))
    if user.team_ids():
        items.append(("frame", _("Teamkader"), reverse("accounts:team_frame")))
    items.append(("cards", _("Kaarten"), reverse("cards:index")))
    if (user.has_perm("cases.work_on_cases") or user.has_perm("reviews.review_decisions")
            or user.has_perm("privacy.view_policy_insight")):
        items.append(("precedents", _("Precedenten"), reverse("precedents:register")))
    if user.has_perm("insight.view_teaminzicht"):
        items.append(("teaminzicht", _("Teaminzicht"), reverse("insight:teaminzicht")))
    if user.has_perm("policy.handle_signals"):
        items.append(("signals", _("Structurele signalen"), reverse("policy:signals")))
    if user.has_perm("policy.work_on_policy_questions"):
        items.append(("questions", _("Beleidsvragen"), reverse("policy:questions")))
    if user.has_perm("privacy.view_policy_insight"):
        items.append(("insight", _("Signalen voor beleid"), reverse("policy:insight")))
    if user.has_perm("privacy.view_logboek"):
        items.append(("logboek", _("Logboek"), reverse("privacy:logboek")))
    if user.has_perm("privacy.export_inzage"):
        items.append(("inzage", _("Inzageverzoek"), reverse("privacy:inzage")))
    if user.is_staff:
        items.append(("admin", _("Beheer"), reverse("admin:index")))
    path = request.path
    return {"nav_items": [
        {"key": key, "label": label, "url": url,
         "current": path == url if url == "/" else path.startswith(url)}
        for key, label, url in items
    ]}


def theme(request):
    """The design-token theme every page loads (settings.THEME_CSS / THEME_CLASS)."""
    return {"theme_css": settings.THEME_CSS, "theme_class": settings.THEME_CLASS}
