"""Login (password and/or the organisation's identity provider), the password change and the
team's frame: the teamleider answers the Vóór questions once for the team, and each user
their own personal ones."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cards.models import CardKind
from cards.services import active_card_set, card_view
from cases.autosave import (
    autosave_response,
    conflicts_by_name,
    enable_autosave,
    lock_form,
    save_form,
)
from cases.editing import parse_version, upsert_versioned

from . import oidc
from .forms import LoginForm, PasswordChangeForm, TeamFrameForm, field_name
from .models import PersonalFrameAnswer, Team, TeamFrameAnswer, is_personal_question


def _frame_questions():
    """The Vóór section of the active Vragenkaart, its clusters split into the team's and the
    personal ones, and the questions (items) of each."""
    card_set = active_card_set()
    view = card_view(card_set, CardKind.VRAGEN)
    section = next(s for s in view.sections if s.key == "voor")
    clusters = list(section.clusters.all())
    team = [c for c in clusters if not is_personal_question(c.key)]
    personal = [c for c in clusters if is_personal_question(c.key)]
    return (team, [i for c in team for i in c.items.all()],
            personal, [i for c in personal for i in c.items.all()])


@dataclass
class FrameSave:
    """What posting frame answers came to: an htmx answer to send as it is, or whether the
    whole form saved, and else the bound form with its errors and conflicts to show again."""

    response: object = None
    saved: bool = False
    form: object = None
    conflicts: dict = field(default_factory=dict)


def _save_frame(request, questions, answers, model, owner, touch):
    """Save the posted answers to ``questions``: one field (htmx autosave) or the whole form."""
    form = TeamFrameForm(request.POST, questions=questions)
    names = [request.htmx.trigger_name] if request.htmx else list(form.fields)
    if any(name not in form.fields for name in names):
        return FrameSave(response=HttpResponseBadRequest())
    outcomes = []
    for name in names:
        key = name.replace("_", ".")
        single = TeamFrameForm(request.POST, questions=[i for i in questions if i.key == key])
        version = parse_version(request.POST.get(f"{name}-version")) or 0
        if not request.htmx and (answers[key].text if key in answers else "") == (
                request.POST.get(name, "")):
            continue

        def save(values, name=name, key=key, version=version):
            return upsert_versioned(model, {**owner, "question_key": key}, version,
                                    {"text": values[name]}, touch=touch)

        outcomes.append(save_form(single, save))
    if request.htmx:
        return FrameSave(response=autosave_response(
            request, outcomes[0], html_name=names[0], version_name=f"{names[0]}-version"))
    if not any(o.invalid or o.conflicts or o.unavailable for o in outcomes):
        return FrameSave(saved=True)
    form.is_valid()
    return FrameSave(form=form, conflicts=conflicts_by_name(outcomes))


def _frame_form(questions, answers, editable, url, bound=None):
    """The answers' form for the page: ``bound`` (a refused post, shown again as typed) or
    the stored answers; autosaving when ``editable``, else locked."""
    form = bound or TeamFrameForm(initial={field_name(k): a.text for k, a in answers.items()},
                                  questions=questions)
    if editable:
        enable_autosave(form, url, lambda name: f"{name}-version")
    else:
        lock_form(form)
    return form


def _versions(questions, answers):
    return {field_name(q.key): (answers[q.key].version if q.key in answers else 0)
            for q in questions}


def _user_teams(user):
    teams = Team.objects.filter(pk__in=user.team_ids())
    if not teams:
        raise PermissionDenied
    return teams


@require_http_methods(["GET", "POST"])
def team_frame(request):
    """The Vóór questions: the team's (answered by the teamleider, read by the team) and the
    personal ones ("mijn uitgangspositie", each user their own; see my_frame)."""
    user = request.user
    teams = _user_teams(user)
    team = get_object_or_404(teams, slug=request.GET.get("team")) if request.GET.get(
        "team") else teams.first()
    refused = FrameSave()
    if request.method == "POST":
        if not user.has_perm("accounts.edit_team_frame"):
            raise PermissionDenied
        _clusters, questions, _personal, _own = _frame_questions()
        answers = {a.question_key: a for a in TeamFrameAnswer.objects.filter(team=team)}
        refused = _save_frame(request, questions, answers, TeamFrameAnswer, {"team": team},
                              {"updated_by": user})
        if refused.response:
            return refused.response
        if refused.saved:
            messages.success(request, _("Het teamkader is opgeslagen."))
            return redirect(reverse("accounts:team_frame") + f"?team={team.slug}")
    return _render_frame(request, teams, team, team_post=refused)


@require_POST
def my_frame(request):
    """The user's own answers to the personal Vóór questions (autosave or the whole form)."""
    user = request.user
    teams = _user_teams(user)
    _clusters, _questions, _personal, questions = _frame_questions()
    mine = {a.question_key: a for a in PersonalFrameAnswer.objects.filter(user=user)}
    refused = _save_frame(request, questions, mine, PersonalFrameAnswer, {"user": user}, {})
    if refused.response:
        return refused.response
    if refused.saved:
        messages.success(request, _("Je eigen antwoorden zijn opgeslagen."))
        return redirect(reverse("accounts:team_frame") + "#mijn-uitgangspositie")
    messages.error(request, _("Niet alles is opgeslagen. Kijk bij je eigen antwoorden."))
    return _render_frame(request, teams, teams.first(), own_post=refused)


def _render_frame(request, teams, team, team_post=None, own_post=None):
    from policy.questions import changes_for_team

    team_post, own_post = team_post or FrameSave(), own_post or FrameSave()
    user = request.user
    editable = user.has_perm("accounts.edit_team_frame")
    team_clusters, questions, personal_clusters, personal_questions = _frame_questions()
    answers = {a.question_key: a for a in TeamFrameAnswer.objects.filter(team=team)}
    mine = {a.question_key: a for a in PersonalFrameAnswer.objects.filter(user=user)}
    url = reverse("accounts:team_frame") + f"?team={team.slug}"
    return render(request, "accounts/team_frame.html", {
        "team": team, "teams": teams, "team_clusters": team_clusters,
        "form": _frame_form(questions, answers, editable, url, team_post.form),
        "personal_clusters": personal_clusters,
        "personal_form": _frame_form(personal_questions, mine, True,
                                     reverse("accounts:my_frame"), own_post.form),
        "policy_changes": changes_for_team(team.pk),
        "answers": answers, "editable": editable,
        "conflicts": {**team_post.conflicts, **own_post.conflicts},
        "answered_clusters": {k.split(".")[0] for k, a in answers.items() if a.text},
        "versions": {**_versions(questions, answers), **_versions(personal_questions, mine)},
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
