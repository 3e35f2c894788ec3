"""Review queue, transitions, tegenspraak, comments and revisions. Thin: rules live in
reviews.services, which checks every transition again on the POST itself. An invalid post
shows its page again with the bound form: nothing typed is lost, nothing is parked in the
session."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cards.models import CardKind
from cards.services import card_view
from cases.access import load_case
from cases.editing import parse_version
from cases.services import can_edit, step_states
from cases.summary import build_summary, diff_summaries, render_summary_page
from privacy.logboek import Action, log_many

from . import services
from .forms import AdviceForm, CommentForm, ReasonForm, ReplyForm, ReviewForm, comment_targets
from .models import Comment, Revision


@require_safe
def queue(request):
    if not request.user.has_perm("reviews.review_decisions"):
        raise PermissionDenied
    page = Paginator(services.review_queue(request.user), 25).get_page(request.GET.get("pagina"))
    log_many(request.user, Action.LIST, page.object_list, purpose="beoordeling",
             detail="te beoordelen")
    return render(request, "reviews/queue.html", {"page": page})


def _summary_url(case):
    return reverse("cases:summary", kwargs={"pk": case.pk})


@require_POST
def submit(request, pk):
    case = load_case(request, pk)
    try:
        services.submit(case, request.user)
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect(case.step_url("besluit"))
    messages.success(request, _("Je besluit staat ter beoordeling bij je teamleider."))
    return redirect(_summary_url(case))


@require_POST
def review(request, pk):
    case = load_case(request, pk)
    form = ReviewForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid() and action in ("goedkeuren", "terugsturen"):
        comment = form.cleaned_data["comment"]
        try:
            if action == "goedkeuren":
                services.approve(case, request.user, comment)
                messages.success(request, _("Goedgekeurd. De afweging is nu besloten en "
                                            "alleen nog te lezen."))
            else:
                services.return_case(case, request.user, comment)
                messages.success(request, _("Teruggestuurd naar de casemanager."))
            return redirect(_summary_url(case))
        except services.ReviewError as error:
            if action == "terugsturen" and not comment.strip():
                form.add_error("comment", str(error))
            else:
                messages.error(request, str(error))
                return render_summary_page(request, case, review_form=form)
    elif form.is_valid():
        form.add_error(None, _("Kies: goedkeuren of terugsturen."))
    messages.error(request, _("Je beoordeling is niet verwerkt. Kijk bij je opmerking."))
    return render_summary_page(request, case, review_form=form)


@require_POST
def reopen(request, pk):
    case = load_case(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.reopen(case, request.user, form.cleaned_data["reason"])
        except services.ReviewError as error:
            messages.error(request, str(error))
            return redirect(_summary_url(case))
        messages.success(request, _("De casus is heropend als herziening %(n)s. De vorige "
                                    "versie blijft te lezen onder Versies.")
                         % {"n": case.revision + 1})
        return redirect(case)
    messages.error(request, _("Schrijf erbij waarom je de casus heropent."))
    return render_summary_page(request, case, reopen_form=form)


@require_http_methods(["GET", "POST"])
def advice(request, pk):
    case = load_case(request, pk)
    form = AdviceForm(request.POST or None, advisers=services.possible_advisers(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_advice(case, request.user, form.cleaned_data["adviser"],
                                form.cleaned_data["question"])
        except services.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s kan nu meelezen en opmerkingen plaatsen.")
                             % {"name": form.cleaned_data["adviser"]})
            return redirect(_summary_url(case) + "#tegenspraak")
    return render(request, "reviews/advice.html", {
        "case": case, "form": form, "steps": step_states(case), "step": "samenvatting",
        "requests": case.advice_requests.select_related("adviser"),
        "can_withdraw": can_edit(request.user, case),
    })


@require_POST
def advice_withdraw(request, pk, request_pk):
    case = load_case(request, pk)
    try:
        withdrawn = services.withdraw_advice(case, request.user, request_pk)
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        if withdrawn:
            messages.success(request, _("De adviesvraag is ingetrokken. Je collega kan de "
                                        "casus niet meer lezen."))
    return redirect("reviews:advice", pk=case.pk)


@require_POST
def advice_done(request, pk):
    case = load_case(request, pk)
    if not services.mark_advice_done(case, request.user):
        raise Http404
    messages.success(request, _("Dank je. Je collega ziet dat je advies klaar is."))
    return redirect("home")


def _comment_target(case, about):
    """(about value, what it is) for a comment beside one argument or one option."""
    kind, _sep, value = about.partition(":")
    if kind == "item":
        item = card_view(case.card_set, CardKind.ARGUMENTEN).items_by_key.get(value)
        if item is not None:
            return about, _("Argument: %(text)s") % {"text": item.text}
    elif kind == "option" and value.isdigit():
        option = case.options.filter(pk=int(value)).first()
        if option is not None:
            return about, _("Optie %(option)s") % {"option": option}
    raise Http404


def _back(request, case):
    """Where to go after commenting: the page the comment was written on (this case only)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    prefix = f"/casussen/{case.pk}/"
    if target.startswith(prefix) and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return _summary_url(case) + "#tegenspraak"


@require_http_methods(["GET", "POST"])
def comment(request, pk):
    """A comment on the whole deliberation, one argument or one option (``?over=…``), or an
    answer to a comment (``?antwoord=<id>``). Beside an argument or option in the walk the
    link loads this form in place (htmx) or opens this page (no JavaScript)."""
    case = load_case(request, pk)
    data = request.POST if request.method == "POST" else None
    parent = None
    if reply_to := request.GET.get("antwoord") or request.POST.get("antwoord"):
        parent = get_object_or_404(Comment, pk=parse_version(reply_to) or 0, case=case)
        # Several of these forms can open on one page: ids of their own.
        form, about_label = ReplyForm(data, auto_id=f"id_antwoord{parent.pk}_%s"), None
    elif about := request.GET.get("over") or request.POST.get("over"):
        about, about_label = _comment_target(case, about)
        form = CommentForm(data, targets=[(about, about_label)], initial={"about": about},
                           auto_id=f"id_{slugify(about)}_%s")
        form.fields["about"].widget = forms.HiddenInput()
    else:
        form = CommentForm(data, targets=comment_targets(build_summary(case)))
        about_label = None
    if request.method == "POST" and form.is_valid():
        item = option = None
        kind, _sep, value = form.cleaned_data.get("about", "").partition(":")
        if kind == "item":
            item = card_view(case.card_set, CardKind.ARGUMENTEN).items_by_key.get(value)
        elif kind == "option":
            option = get_object_or_404(case.options, pk=int(value))
        try:
            services.add_comment(case, request.user, form.cleaned_data["text"], item=item,
                                 option=option, parent=parent)
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Je antwoord is geplaatst.") if parent
                             else _("Je opmerking is geplaatst."))
            return redirect(_back(request, case))
    if request.method == "POST":
        messages.error(request, _("Je opmerking is niet geplaatst. Kijk bij je opmerking."))
        if not (parent or about_label):  # the form of the summary page: show that page again
            return render_summary_page(request, case, comment_form=form)
    template = "reviews/comment.html#form" if request.htmx else "reviews/comment.html"
    return render(request, template, {
        "case": case, "form": form, "parent": parent, "about_label": about_label,
        "next": _back(request, case), "steps": step_states(case), "step": "samenvatting",
        "can_comment": services.can_comment(request.user, case),
    })


@require_safe
def revisions(request, pk):
    case = load_case(request, pk)
    return render(request, "reviews/revisions.html", {
        "case": case, "revisions": case.revisions.select_related("approved_by"),
        "steps": step_states(case), "step": "versies",
    })


@require_safe
def revision(request, pk, number):
    case = load_case(request, pk)
    rev = get_object_or_404(Revision.objects.select_related("approved_by"), case=case,
                            number=number)
    return render(request, "reviews/revision.html", {
        "case": case, "revision": rev, "s": rev.snapshot, "steps": step_states(case),
        "step": "versies",
    })


@require_safe
def compare(request, pk, old, new):
    case = load_case(request, pk)
    revs = {r.number: r for r in case.revisions.filter(number__in=[old, new])}
    if old not in revs:
        raise Http404
    if new in revs:
        newer, label = revs[new].snapshot, _("herziening %(n)s") % {"n": new}
    elif new == case.revision:
        newer, label = build_summary(case), _("de huidige versie")
    else:
        raise Http404
    changes = diff_summaries(revs[old].snapshot, newer)
    return render(request, "reviews/compare.html", {
        "case": case, "old": old, "new": new, "new_label": label, "changes": changes,
        "steps": step_states(case), "step": "versies",
    })
