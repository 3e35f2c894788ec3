"""Login (password and/or the organisation's identity provider), the password change and the
team's frame: the teamleider answers the Vóór questions once for the team."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cards.models import CardKind
from cards.services import active_card_set, card_view
from cases.autosave import autosave_response, conflicts_by_name, enable_autosave, save_form
from cases.editing import parse_version, upsert_versioned

from . import oidc
from .forms import LoginForm, PasswordChangeForm, TeamFrameForm, field_name
from .models import Team, TeamFrameAnswer


def _frame_questions():
    card_set = active_card_set()
    view = card_view(card_set, CardKind.VRAGEN)
    section = next(s for s in view.sections if s.key == "voor")
    return section, [item for c in section.clusters.all() for item in c.items.all()]


@require_http_methods(["GET", "POST"])
def team_frame(request):
    user = request.user
    teams = Team.objects.filter(pk__in=user.team_ids())
    if not teams:
        raise PermissionDenied
    team = get_object_or_404(teams, slug=request.GET.get("team")) if request.GET.get(
        "team") else teams.first()
    editable = user.has_perm("accounts.edit_team_frame")
    section, questions = _frame_questions()
    answers = {a.question_key: a for a in TeamFrameAnswer.objects.filter(team=team)}
    url = reverse("accounts:team_frame") + f"?team={team.slug}"
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = TeamFrameForm(request.POST, questions=questions)
        names = [request.htmx.trigger_name] if request.htmx else list(form.fields)
        if any(name not in form.fields for name in names):
            return redirect(url)
        outcomes = []
        for name in names:
            key = name.replace("_", ".")
            single = TeamFrameForm(request.POST, questions=[i for i in questions
                                                            if i.key == key])
            version = parse_version(request.POST.get(f"{name}-version")) or 0
            if not request.htmx and (answers[key].text if key in answers else "") == (
                    request.POST.get(name, "")):
                continue

            def save(values, name=name, key=key, version=version):
                return upsert_versioned(TeamFrameAnswer, {"team": team, "question_key": key},
                                        version, {"text": values[name]},
                                        touch={"updated_by": user})

            outcomes.append(save_form(single, save))
        if request.htmx:
            return autosave_response(request, outcomes[0], html_name=names[0],
                                     version_name=f"{names[0]}-version")
        if not any(o.invalid or o.conflicts or o.unavailable for o in outcomes):
            messages.success(request, _("Het teamkader is opgeslagen."))
            return redirect(url)
        conflicts = conflicts_by_name(outcomes)
        form.is_valid()
    else:
        form = TeamFrameForm(initial={field_name(k): a.text for k, a in answers.items()},
                             questions=questions)
        conflicts = {}
    if editable:
        enable_autosave(form, url, lambda name: f"{name}-version")
    else:
        for field in form.fields.values():
            field.disabled = True
    from policy.questions import changes_for_team

    return render(request, "accounts/team_frame.html", {
        "team": team, "teams": teams, "section": section, "form": form,
        "policy_changes": changes_for_team(team.pk),
        "answers": answers, "editable": editable, "conflicts": conflicts,
        "versions": {field_name(q.key): (answers[q.key].version if q.key in answers else 0)
                     for q in questions},
    })


class PasswordChange(auth_views.PasswordChangeView):
    """Everyone changes their own password (the old one first; the same rules as beheer's).
    Django keeps the session valid for this user and ends their other sessions."""

    form_class = PasswordChangeForm

    def get_success_url(self):
        return reverse("home")

    def form_valid(self, form):
        messages.success(self.request, _("Je wachtwoord is gewijzigd."))
        return super().form_valid(form)


class Login(auth_views.LoginView):
    """The login page: a button to the organisation's identity provider when OpenID Connect is
    configured, and the password form while local passwords are on."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            oidc_enabled=settings.OIDC_ENABLED, password_login=settings.PASSWORD_LOGIN,
            organisation=settings.MAATWERK_ORGANISATION, **kwargs)

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_LOGIN:
            messages.error(request, _("Inloggen met een wachtwoord staat uit. Log in via je "
                                      "organisatie."))
            return redirect("login")
        return super().post(request, *args, **kwargs)


class Logout(auth_views.LogoutView):
    """Logging out ends the session here and, when the login came through the identity
    provider, at the provider too (its end-session endpoint sends the browser back to the
    login page)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        response = super().post(request, *args, **kwargs)
        at_provider = oidc.end_session_url(request, id_token)
        return redirect(at_provider) if at_provider else response


FAILURES = {
    oidc.UNMAPPED: _("Je organisatie heeft je aangemeld, maar je hebt in Maatwerk nog geen rol. "
                     "Vraag functioneel beheer om jouw groep bij de identity provider aan een "
                     "rol te koppelen."),
    oidc.NO_TEAM: _("Je organisatie heeft je aangemeld, maar je rol hoort bij een team en je "
                    "bent nog aan geen team gekoppeld. Vraag functioneel beheer om jouw groep "
                    "aan een team te koppelen."),
    oidc.MFA: _("Je bent aangemeld zonder de extra stap (bijvoorbeeld een code op je "
                "telefoon) die Maatwerk vraagt. Log opnieuw in en gebruik die extra stap."),
    oidc.INACTIVE: _("Je account in Maatwerk staat uit. Neem contact op met functioneel "
                     "beheer."),
    oidc.CANCELLED: _("Het inloggen bij je organisatie is afgebroken. Probeer het opnieuw."),
    oidc.TOKEN: _("Inloggen via je organisatie is niet gelukt: Maatwerk kon je aanmelding niet "
                  "controleren. Probeer het opnieuw. Lukt het weer niet, neem dan contact op "
                  "met functioneel beheer."),
}


@login_not_required
@require_http_methods(["GET", "HEAD"])
def oidc_failed(request):
    """Where every refused login through the identity provider ends: what happened, in
    Dutch, and what to do. Nothing of the app is reachable from here without logging in."""
    reason = request.session.pop(oidc.FAILURE_KEY, oidc.TOKEN)
    return render(request, "registration/oidc_failed.html", {
        "reason": reason, "text": FAILURES.get(reason, FAILURES[oidc.TOKEN]),
        "oidc_enabled": settings.OIDC_ENABLED}, status=403)
