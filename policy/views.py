"""Aggregated signals for beleidsmakers and teamleiders: never one case, never an inwoner."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from cards.services import active_card_set
from cases.models import Case, Regeling
from privacy.logboek import Action, log_pairs

from . import services


@require_safe
def insight(request):
    user = request.user
    if not user.has_perm("privacy.view_policy_insight"):
        raise PermissionDenied
    # A teamleider sees their own teams; a beleidsmaker sees all teams, aggregated.
    team_ids = user.team_ids() if user.has_perm("reviews.review_decisions") else None
    data = services.policy_insight(team_ids=team_ids)
    card_set = active_card_set()
    regelingen = dict(Regeling.objects.values_list("pk", "name"))
    for row in data["structural"]:
        row["regelingen"] = [regelingen.get(pk, "") for pk in row.pop("regeling_ids") or []]
    # A structural text is free text written about one case: showing it is a read.
    log_pairs(user, Action.LIST, [(Case(pk=row["pk"]), "beleid (structureel probleem)")
                                  for row in data["structural"]], detail="signalen voor beleid")
    return render(request, "policy/insight.html", {
        "data": data, "scope_all": team_ids is None,
        "top_signals": services.top_signals(card_set, data["signal_counts"]) if card_set else [],
    })
