"""Reading, importing and exporting the card book.

The JSON format (``manage.py export_cards``) is::

    {"version": ..., "title": ..., ..., "definitions": [...],
     "cards": [{"kind", "title", "question", ..., "clusters": [
         {"section", "section_key", "key", "heading", "stance": "voor"|"tegen"|null,
          "items": [{"key", "text"}]}]}]}
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Card, CardKind, CardSet, Cluster, Definition, Item, Section, Stance

METADATA_FIELDS = ("title", "subtitle", "authors", "publisher", "commissioned_by", "year",
                   "licence", "licence_url")
DEFAULT_FIXTURE = "fixtures/cardbook.json"


class CardBookError(ValueError):
    """The file is not a valid card book."""


def export_card_set(card_set):
    cards = (
        card_set.cards.prefetch_related("sections__clusters__items").order_by("order")
    )
    return {
        "version": card_set.version,
        **{field: getattr(card_set, field) for field in METADATA_FIELDS},
        "attribution": card_set.attribution,
        "definitions": [
            {"key": d.key, "term": d.term, "text": d.text, "share": d.share}
            for d in card_set.definitions.order_by("order")
        ],
        "cards": [
            {
                "kind": card.kind,
                "order": card.order,
                "title": card.title,
                "audience": card.audience,
                "question": card.question,
                "purpose": card.purpose,
                "explanation": card.explanation,
                "clusters": [
                    {
                        "section_key": section.key,
                        "section": section.title,
                        "section_order": section.order,
                        "key": cluster.key,
                        "heading": cluster.heading,
                        "stance": cluster.stance or None,
                        "items": [{"key": item.key, "text": item.text}
                                  for item in cluster.items.all()],
                    }
                    for section in card.sections.all()
                    for cluster in section.clusters.all()
                ],
            }
            for card in cards
        ],
    }


def _require(mapping, key, where):
    value = mapping.get(key) if isinstance(mapping, dict) else None
    if value in (None, "") and key != "stance":
        raise CardBookError(f"{where}: '{key}' is missing")
    return value


def validate_card_book(data):
    if not isinstance(data, dict):
        raise CardBookError("the file must hold one JSON object")
    for key in ("version", "title", "authors", "publisher", "year", "licence", "cards"):
        _require(data, key, "card set")
    kinds = [card.get("kind") for card in data["cards"] if isinstance(card, dict)]
    if sorted(kinds) != sorted(CardKind.values):
        raise CardBookError(f"the cards must be exactly the six kinds {CardKind.values}")
    keys = set()
    for card in data["cards"]:
        where = f"card {card['kind']}"
        for key in ("title", "question", "clusters"):
            _require(card, key, where)
        for cluster in card["clusters"]:
            for key in ("section", "heading", "items"):
                _require(cluster, key, where)
            stance = cluster.get("stance")
            if card["kind"] == CardKind.ARGUMENTEN and stance not in Stance.values:
                raise CardBookError(f"{where}: argument cluster '{cluster['heading']}' "
                                    "needs stance voor or tegen")
            if card["kind"] != CardKind.ARGUMENTEN and stance:
                raise CardBookError(f"{where}: only arguments have a stance")
            for item in cluster["items"]:
                key = _require(item, "key", where)
                _require(item, "text", where)
                if key in keys:
                    raise CardBookError(f"{where}: item key '{key}' is used twice")
                keys.add(key)


@transaction.atomic
def import_card_book(data, *, version=None, activate=False):
    """Load a card book (export format) as a new CardSet version."""
    validate_card_book(data)
    version = version or data["version"]
    if CardSet.objects.filter(version=version).exists():
        raise CardBookError(f"version '{version}' exists already; pass another version")
    card_set = CardSet.objects.create(
        version=version,
        **{field: data.get(field) or "" for field in METADATA_FIELDS if field != "year"},
        year=data["year"],
    )
    Definition.objects.bulk_create(
        Definition(card_set=card_set, order=order, key=d["key"], term=d["term"],
                   text=d["text"], share=d.get("share", ""))
        for order, d in enumerate(data.get("definitions", []), start=1)
    )
    for card_order, card_data in enumerate(data["cards"], start=1):
        card = Card(
            card_set=card_set,
            kind=card_data["kind"],
            order=card_data.get("order", card_order),
            title=card_data["title"],
            audience=card_data.get("audience", ""),
            question=card_data["question"],
            purpose=card_data.get("purpose", ""),
            explanation=card_data.get("explanation", ""),
        )
        Card.objects.bulk_create([card])
        sections, clusters, items = {}, [], []
        for cluster_order, cluster_data in enumerate(card_data["clusters"], start=1):
            section_key = cluster_data.get("section_key") or cluster_data["section"]
            if section_key not in sections:
                sections[section_key] = Section(
                    card=card, key=section_key, title=cluster_data["section"],
                    order=cluster_data.get("section_order", len(sections) + 1),
                )
            clusters.append((sections[section_key], Cluster(
                key=cluster_data.get("key") or f"{card.kind}-{cluster_order}",
                heading=cluster_data["heading"],
                stance=cluster_data.get("stance") or "",
                order=cluster_order,
            ), cluster_data["items"]))
        Section.objects.bulk_create(sections.values())
        for section, cluster, _items in clusters:
            cluster.section = section
        Cluster.objects.bulk_create([cluster for _s, cluster, _i in clusters])
        for _section, cluster, cluster_items in clusters:
            items += [Item(cluster=cluster, key=i["key"], text=i["text"], order=order)
                      for order, i in enumerate(cluster_items, start=1)]
        Item.objects.bulk_create(items)
    if activate:
        activate_card_set(card_set)
    return card_set


@transaction.atomic
def activate_card_set(card_set):
    """Make this version the one new cases use; existing cases keep theirs."""
    CardSet.objects.filter(is_active=True).exclude(pk=card_set.pk).update(is_active=False)
    if not card_set.is_active:
        card_set.is_active = True
        card_set.save(update_fields=["is_active"])


# --- Reading cards for pages: card content is immutable, so it is cached per process. -------

_card_cache = {}


@dataclass(frozen=True)
class CardView:
    card: Card
    sections: list
    items_by_key: dict
    items_by_id: dict

    @property
    def item_count(self):
        return len(self.items_by_id)


def card_view(card_set, kind):
    """The card of this kind, with sections → clusters → items loaded (cached)."""
    cache_key = (card_set.uid, kind)
    view = _card_cache.get(cache_key)
    if view is None:
        card = (
            Card.objects.filter(card_set=card_set, kind=kind)
            .prefetch_related("sections__clusters__items")
            .get()
        )
        sections = list(card.sections.all())
        items = [item for s in sections for c in s.clusters.all() for item in c.items.all()]
        view = CardView(
            card=card,
            sections=sections,
            items_by_key={item.key: item for item in items},
            items_by_id={item.pk: item for item in items},
        )
        _card_cache[cache_key] = view
    return view


def active_card_set():
    return CardSet.objects.filter(is_active=True).first()


def lessons(card_set, *cluster_keys):
    """Clusters of the Lessenkaart by key (e.g. "l02"), shown verbatim where their lessons
    apply: the walk's steps, the beleidsvraag, teaminzicht."""
    if card_set is None:
        return []
    view = card_view(card_set, CardKind.LESSEN)
    clusters = {cluster.key: cluster for section in view.sections
                for cluster in section.clusters.all()}
    return [clusters[key] for key in cluster_keys if key in clusters]
