"""The card book, readable like the printed book: the card itself, the explanation on demand
("op twee snelheden"), attribution on every page."""

from django.http import Http404
from django.shortcuts import render

from .models import CardKind, TeamItem
from .services import active_card_set, card_view


def _card_set():
    card_set = active_card_set()
    if card_set is None:
        raise Http404
    return card_set


def index(request):
    card_set = _card_set()
    cards = [card_view(card_set, kind).card for kind in CardKind.values]
    return render(request, "cards/index.html", {"card_set": card_set, "cards": cards})


def card(request, kind):
    if kind not in CardKind.values:
        raise Http404
    card_set = _card_set()
    view = card_view(card_set, kind)
    own = TeamItem.objects.filter(team_id__in=request.user.team_ids(), kind=kind,
                                  is_active=True).select_related("team")
    return render(request, "cards/card.html", {
        "card_set": card_set, "view": view, "card": view.card, "own_items": own,
        "cards": [card_view(card_set, k).card for k in CardKind.values],
    })


def definitions(request):
    card_set = _card_set()
    return render(request, "cards/definitions.html", {
        "card_set": card_set, "definitions": card_set.definitions.all(),
        "cards": [card_view(card_set, k).card for k in CardKind.values],
    })
