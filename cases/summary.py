"""The whole deliberation as one plain, JSON-safe dict.

One builder feeds the summary page, the PDF verantwoording, the frozen revisions (and their
comparison), and the inzage export, so they can never tell different stories. Texts are
stored as typed; templates escape them.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cards.models import CardKind
from cards.services import card_view

from .costs import cost_comparison
from .models import (
    AgeBracket,
    Answer,
    ArgumentWeight,
    Case,
    CostBearer,
    CostDirection,
    CostPeriod,
    EvaluationResult,
    Heard,
    Household,
    LegalGround,
    OptionKind,
    Outcome,
    OwnArgument,
    OwnSignal,
    Regeling,
    RuleType,
    SignalMark,
    Status,
    Structural,
)
from .weighing import arguments_of, decisive_and_against, mirror

SCHEMA = 3  # 3: an option's costs are cost lines per party (was one payer)


def _label(choices, value):
    return str(dict(choices.choices).get(value, "")) if value else ""


def _field_label(name, value):
    return str(dict(Case._meta.get_field(name).choices).get(value, "")) if value else ""


def _money(value):
    return None if value is None else str(value)


def _dt(value):
    return value.isoformat() if value else None


def _person(user):
    return str(user) if user is not None else ""


def _argument(argument):
    return {"key": argument.card_key or argument.key, "text": argument.text,
            "note": argument.note, "own": argument.own, "stance": argument.stance,
            "stance_label": str(argument.stance_label), "weight": argument.weight,
            "weight_label": str(argument.weight_label), "option": argument.option_title}


def _weighing(case, options, arguments):
    weighing = []
    for option in options:
        if option.kind != OptionKind.MAATWERK:
            continue
        themes = []
        for theme in mirror(case, option, arguments):
            themes.append({
                "key": theme.key, "title": theme.title,
                "sides": [
                    {"stance": stance, "label": str(label), "groups": [
                        {"weight": weight, "label": str(weight_label),
                         "arguments": [_argument(a) for a in group]}
                        for weight, weight_label, group in groups]}
                    for stance, label, groups in theme.side_groups()
                ],
                "not_applicable": [{"text": a.text, "own": a.own}
                                   for a in theme.not_applicable],
                "not_looked_at": theme.not_looked_at,
            })
        weighing.append({
            "option_id": option.pk, "option_title": str(option), "themes": themes,
            "weighed": sum(len(g["arguments"]) for t in themes for s in t["sides"]
                           for g in s["groups"]),
            "not_applicable": sum(len(t["not_applicable"]) for t in themes),
            "not_looked_at": sum(t["not_looked_at"] for t in themes),
        })
    return weighing


def _comparisons(case):
    """The earlier decisions the professional weighed as (not) comparable, with why."""
    from precedents.models import Comparison

    return [
        {"reference": c.other_ref,
         "outcome_label": _label(Outcome, c.other.outcome) if c.other else "",
         "decided_at": _dt(c.other.decided_at) if c.other else None,
         "verdict_label": c.get_verdict_display(), "reason": c.reason}
        for c in Comparison.objects.filter(case=case).exclude(verdict="")
        .select_related("other").order_by("pk")
    ]


def _tegenspraak(case, include_people):
    from reviews.models import AdviceRequest, Comment

    if not include_people:
        return {"requests": [], "comments": []}
    options = {o.pk: str(o) for o in case.options.all()}
    comments = list(Comment.objects.filter(case=case).select_related("author", "item"))

    def about(comment):
        if comment.item_id:
            return _("Argument: %(text)s") % {"text": comment.item.text}
        if comment.option_id:
            return _("Optie %(option)s") % {"option": options.get(comment.option_id, "")}
        return _("De afweging als geheel")

    answers = {}
    for comment in comments:
        if comment.parent_id:
            answers.setdefault(comment.parent_id, []).append(
                {"author": str(comment.author), "at": _dt(comment.created_at),
                 "text": comment.text})
    return {
        "requests": [
            {"adviser": str(r.adviser), "requested_by": str(r.requested_by),
             "question": r.question, "asked_at": _dt(r.created_at),
             "given_at": _dt(r.done_at),
             "withdrawn_at": _dt(r.ended_at) if r.end_reason == "ingetrokken" else None}
            for r in AdviceRequest.objects.filter(case=case)
            .select_related("adviser", "requested_by").order_by("created_at")
        ],
        "comments": [
            {"author": str(c.author), "at": _dt(c.created_at), "about": about(c),
             "text": c.text, "revision": c.revision, "answers": answers.get(c.pk, [])}
            for c in comments if not c.parent_id
        ],
    }


def build_summary(case, *, include_people=True):
    """Everything about the deliberation. ``case`` may come from any queryset."""
    card_set = case.card_set
    marks = {m.item_id: m for m in SignalMark.objects.filter(case=case, marked=True)}
    own_signals = list(OwnSignal.objects.filter(case=case))
    answers = {a.cluster_id: a for a in Answer.objects.filter(case=case)}
    options = list(case.options.prefetch_related("cost_lines"))
    arguments = arguments_of(case, [o for o in options if o.kind == OptionKind.MAATWERK],
                             list(ArgumentWeight.objects.filter(case=case)),
                             list(OwnArgument.objects.filter(case=case)))
    regeling_names = dict(Regeling.objects.filter(pk__in=case.regeling_ids or [])
                          .values_list("pk", "name"))

    signals_view = card_view(card_set, CardKind.SIGNALEN)
    signals = {
        "total": signals_view.item_count,
        "marked_count": len(marks),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "clusters": [
                    {
                        "heading": cluster.heading,
                        "marked": [
                            {"key": item.key, "text": item.text, "note": marks[item.pk].note}
                            for item in cluster.items.all() if item.pk in marks
                        ],
                    }
                    for cluster in section.clusters.all()
                ],
                "own": [
                    {"text": s.text, "note": s.note, "from_team": s.team_item_id is not None}
                    for s in own_signals if s.section_key == section.key
                ],
            }
            for section in signals_view.sections
        ],
    }

    questions_view = card_view(card_set, CardKind.VRAGEN)

    def answers_for(section_key):
        section = next(s for s in questions_view.sections if s.key == section_key)
        return [
            {"key": c.key, "heading": c.heading,
             "text": answers[c.pk].text if c.pk in answers else ""}
            for c in section.clusters.all()
        ]

    costs = cost_comparison(options)
    decisive, against = decisive_and_against(case, arguments)
    chosen = case.chosen_option
    summary = {
        "schema": SCHEMA,
        "generated_at": _dt(timezone.now()),
        "case": {
            "id": case.pk,
            "reference": case.reference,
            "title": case.title,
            "team": case.team.name,
            "owner": _person(case.owner) if include_people else "",
            "inwoner_ref": case.inwoner_ref,
            "household": _label(Household, case.household),
            "age_bracket": _label(AgeBracket, case.age_bracket),
            "regelingen": [regeling_names[pk] for pk in case.regeling_ids or []
                           if pk in regeling_names],
            "request": case.request,
            "standard_outcome": case.standard_outcome,
            "buikpijn": case.buikpijn,
            "deadline": case.deadline.isoformat() if case.deadline else None,
            "status": case.status,
            "status_label": _label(Status, case.status),
            "revision": case.revision,
            "created_at": _dt(case.created_at),
        },
        "card_set": {
            "version": card_set.version,
            "title": card_set.title,
            "authors": card_set.authors,
            "publisher": card_set.publisher,
            "commissioned_by": card_set.commissioned_by,
            "year": card_set.year,
            "licence": card_set.licence,
            "licence_url": card_set.licence_url,
            "attribution": card_set.attribution,
        },
        "signals": signals,
        "answers": answers_for("tijdens"),
        "options": [
            {
                "id": o.pk, "order": o.order, "title": o.title, "description": o.description,
                "is_standard": o.is_standard, "kind": o.kind,
                "kind_label": _label(OptionKind, o.kind),
                "deviated_rule": o.deviated_rule,
                "rule_type_label": _label(RuleType, o.rule_type),
                "cost_lines": [
                    {"direction_label": _label(CostDirection, line.direction),
                     "period_label": _label(CostPeriod, line.period),
                     "party_label": _label(CostBearer, line.party),
                     "amount": _money(line.signed), "description": line.description}
                    for line in o.lines()
                ],
            }
            for o in options
        ],
        "costs": {
            "option_titles": [str(o) for o in costs.options],
            "rows": [[year, [str(c) for c in values]] for year, values in costs.rows],
            "parties": [
                {"label": row.label,
                 "cells": [{name: str(value) for name, value in cell.items()}
                           for cell in row.cells]}
                for row in costs.parties
            ],
            "crossings": [
                {"year": str(c["year"]), "cheaper": str(c["cheaper"]), "other": str(c["other"])}
                for c in costs.crossings
            ],
        },
        "weighing": _weighing(case, options, arguments),
        # The professional's self-check: kept for the inzage export, never printed in the
        # verantwoording (it is not a ground for the decision).
        "mensbeeld": {
            "effort": _field_label("perceived_effort", case.perceived_effort),
            "need": _field_label("perceived_need", case.perceived_need),
            "reputation": _field_label("perceived_reputation", case.perceived_reputation),
            "reflection": case.mensbeeld_reflection,
        },
        "decision": {
            "outcome": case.outcome,
            "outcome_label": _label(Outcome, case.outcome),
            "chosen_option": str(chosen) if chosen else "",
            "chosen_option_kind": _label(OptionKind, chosen.kind) if chosen else "",
            "motivation": case.motivation,
            "proportionality": case.proportionality,
            "deviated_rule": case.deviated_rule,
            "legal_ground_label": _label(LegalGround, case.legal_ground),
            "legal_ground_article": case.legal_ground_article,
            "decisive": [_argument(a) for a in decisive],
            "weighed_against": [_argument(a) for a in against],
            "decisive_reasoning": case.decisive_reasoning,
            "inwoner_heard_label": _label(Heard, case.inwoner_heard),
            "inwoner_view": case.inwoner_view,
            "structural": case.structural,
            "structural_label": _label(Structural, case.structural),
            "structural_description": case.structural_description,
            "inform": case.inform,
            "evaluation_date": case.evaluation_date.isoformat() if case.evaluation_date else None,
            "decided_at": _dt(case.decided_at),
            "decided_by": _person(case.decided_by) if include_people else "",
        },
        "after": {
            "answers": answers_for("na"),
            "evaluation_result_label": _label(EvaluationResult, case.evaluation_result),
            "evaluation_note": case.evaluation_note,
        },
        "tegenspraak": _tegenspraak(case, include_people),
        "comparisons": _comparisons(case),
        "precedent": {
            "situation": case.precedent_situation, "question": case.precedent_question,
            "decision": case.precedent_decision, "decisive": case.precedent_decisive,
        },
    }
    from reviews.services import review_trail

    summary["review"] = review_trail(case) if include_people else []
    return summary


# --- Comparing two versions, for people ---------------------------------------------------------

LABELS = {
    "case": "Casus", "title": "Titel", "inwoner_ref": "Inwonerreferentie",
    "household": "Huishouden", "age_bracket": "Leeftijd", "regelingen": "Regelingen",
    "request": "Vraag van de inwoner", "standard_outcome": "Standaarduitkomst",
    "buikpijn": "Buikpijn", "deadline": "Uiterste datum", "owner": "Casemanager",
    "team": "Team", "signals": "Signalen", "own": "Eigen signaal", "note": "Toelichting",
    "answers": "Vragen", "text": "Antwoord", "options": "Opties", "description": "Omschrijving",
    "kind_label": "Soort", "deviated_rule": "Regel waarvan wordt afgeweken",
    "rule_type_label": "Soort regel", "one_off_cost": "Eenmalige kosten",
    "yearly_cost": "Kosten per jaar", "cost_bearer_label": "Wie betaalt",
    "cost_lines": "Kosten en opbrengsten", "direction_label": "Kosten of opbrengst",
    "period_label": "Eenmalig of per jaar", "party_label": "Voor wie", "amount": "Bedrag",
    "weighing": "Afwegen", "not_applicable": "N.v.t.", "not_looked_at": "Niet bekeken",
    "decision": "Besluit", "outcome_label": "Besluit", "chosen_option": "Gekozen optie",
    "motivation": "Feiten en belangen", "proportionality": "Evenredigheid",
    "legal_ground_label": "Grond voor de afwijking", "legal_ground_article": "Artikel",
    "decisive": "Doorslaggevend", "weighed_against": "Daartegen gewogen",
    "decisive_reasoning": "Waarom dit zwaarder weegt", "inwoner_heard_label": "Inwoner gehoord",
    "inwoner_view": "Zienswijze van de inwoner", "structural_label": "Structureel probleem",
    "structural_description": "Beschrijving voor beleidsmakers", "inform": "Informeren",
    "evaluation_date": "Evaluatiedatum", "decided_at": "Vastgelegd op",
    "decided_by": "Vastgelegd door", "after": "Na het besluit",
    "evaluation_result_label": "Evaluatie", "evaluation_note": "Toelichting op de evaluatie",
    "tegenspraak": "Tegenspraak", "requests": "Advies gevraagd", "comments": "Opmerkingen",
    "question": "Vraag", "given_at": "Advies gegeven op", "comparisons": "Vergelijkbare besluiten",
    "precedent": "Precedentkaart", "withdrawn_at": "Ingetrokken op",
    "situation": "Situatie", "verdict_label": "Vergelijkbaar?", "reason": "Toelichting",
}
# Raw codes beside their labels, ids, counts derived from the rest, and what changes by itself.
SKIPPED = {"schema", "generated_at", "id", "option_id", "key", "card_key", "status",
           "status_label", "revision", "reference", "created_at", "outcome", "kind", "weight",
           "stance", "structural", "is_standard", "order", "from_team", "own", "weighed",
           "total", "marked_count", "card_set", "costs", "mensbeeld", "review", "at",
           "asked_at", "author", "adviser", "requested_by", "option", "chosen_option_kind",
           "stance_label", "weight_label", "about", "case_id"}
# Containers that add nothing to the path a reader needs.
TRANSPARENT = {"sections", "clusters", "marked", "themes", "sides", "groups", "arguments"}
NAME_KEYS = ("text", "heading", "option_title", "title", "label", "adviser", "author")


def _item_name(value, index):
    if isinstance(value, dict):
        for key in NAME_KEYS:
            if value.get(key):
                return str(value[key])
    return str(index + 1)


def _readable(value):
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return date_format(date.fromisoformat(value), "j F Y")
            return date_format(timezone.localtime(datetime.fromisoformat(value)), "j F Y, H:i")
        except ValueError:
            return value
    return str(value)


def _walk(data, trail, found):
    """{unique key: (readable place, readable value)} for every leaf worth comparing."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SKIPPED:
                continue
            if key in TRANSPARENT:
                _walk(value, trail, found)
            elif isinstance(value, dict | list) and not (
                    isinstance(value, list) and all(isinstance(v, str) for v in value)):
                _walk(value, (*trail, LABELS.get(key, key)), found)
            else:
                found[(*trail, LABELS.get(key, key))] = (trail + (LABELS.get(key, key),),
                                                         _readable(value))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            name = _item_name(value, index)
            short = name if len(name) <= 80 else name[:79] + "…"
            found[(*trail, "·", name)] = (trail, short)
            _walk(value, (*trail, short), found)


def flatten_summary(summary):
    """[(place, text)] for every filled-in leaf of a summary, in words a reader knows: how
    the inzage export shows an approved revision's snapshot."""
    found = {}
    _walk(summary, (), found)
    return [(" › ".join(str(p) for p in place) or _("Casus"), value)
            for key, (place, value) in found.items() if value != "—" and key[-2:-1] != ("·",)]


def diff_summaries(old, new):
    """What changed between two versions: [(place, was, became)], in words a reader knows
    ("Besluit › Feiten en belangen"), never field paths or UTC timestamps."""
    a, b = {}, {}
    _walk(old, (), a)
    _walk(new, (), b)
    changes = []
    for key in sorted(a.keys() | b.keys(), key=lambda k: [str(p) for p in k]):
        was = a.get(key, (None, "—"))
        became = b.get(key, (None, "—"))
        if was[1] != became[1]:
            place = became[0] if became[0] is not None else was[0]
            changes.append((" › ".join(str(p) for p in place) or _("Casus"), was[1], became[1]))
    return changes


def render_summary_page(request, case, *, status=200, **forms):
    """The page *Samenvatting en beoordeling*: the whole deliberation, with the review,
    reopen and comment forms. An invalid post of one of those forms passes its bound form
    here, so the page shows it again with the errors and everything typed."""
    from django.shortcuts import render

    from policy.questions import attach_outcomes
    from reviews.forms import CommentForm, ReasonForm, ReviewForm, comment_targets
    from reviews.services import case_comments, review_context

    from . import services

    summary = build_summary(case)
    return render(request, "cases/summary.html", {
        "case": case, "s": summary, "steps": services.step_states(case),
        "step": "samenvatting", "comments": case_comments(case),
        "review_form": forms.get("review_form") or ReviewForm(),
        "reopen_form": forms.get("reopen_form") or ReasonForm(),
        "comment_form": forms.get("comment_form") or CommentForm(
            targets=comment_targets(summary)),
        "transfers": case.transfers.all()[:3],
        "structural_signals": attach_outcomes(list(
            case.structural_signals.select_related("regeling", "owner"))),
        **review_context(request.user, case),
    }, status=status)
