"""The whole deliberation as one plain, JSON-safe dict.

One builder feeds the review summary page, the PDF verantwoording, the frozen revisions
(compared field by field) and the inzage export, so they can never tell different stories.
Texts are stored as typed; templates escape them.
"""

from django.utils import timezone

from cards.models import CardKind
from cards.services import card_view

from . import services
from .models import (
    AgeBracket,
    Answer,
    ArgumentWeight,
    Case,
    CostBearer,
    EvaluationResult,
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
    Weight,
)

SCHEMA = 1


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


def build_summary(case, *, include_people=True):
    """Everything about the deliberation. ``case`` may come from any queryset."""
    card_set = case.card_set
    marks = {m.item_id: m for m in SignalMark.objects.filter(case=case, marked=True)}
    own_signals = list(OwnSignal.objects.filter(case=case))
    answers = {a.cluster_id: a for a in Answer.objects.filter(case=case)}
    options = list(case.options.all())
    weights = list(ArgumentWeight.objects.filter(case=case))
    own_arguments = list(OwnArgument.objects.filter(case=case))
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

    pictures = services.pictures_for(case, options, weights, own_arguments)
    arguments_view = card_view(card_set, CardKind.ARGUMENTEN)
    weighing = []
    for option in options:
        if option.kind != OptionKind.MAATWERK:
            continue
        mine = {w.item_id: w for w in weights if w.option_id == option.pk}
        balances = {b.key: b for b in pictures[option.pk]}
        themes, unmarked_total = [], 0
        for section in arguments_view.sections:
            sides = {"voor": [], "tegen": []}
            unmarked = 0
            for cluster in section.clusters.all():
                for item in cluster.items.all():
                    row = mine.get(item.pk)
                    if row is None or row.weight == Weight.NVT:
                        unmarked += 1
                        continue
                    sides[cluster.stance].append({
                        "key": item.key, "text": item.text, "weight": row.weight,
                        "weight_label": _label(Weight, row.weight), "note": row.note,
                        "own": False,
                    })
            for argument in own_arguments:
                if argument.option_id == option.pk and argument.section_key == section.key:
                    sides[argument.stance].append({
                        "key": f"eigen-{argument.pk}", "text": argument.text,
                        "weight": argument.weight,
                        "weight_label": _label(Weight, argument.weight), "note": argument.note,
                        "own": True,
                    })
            balance = balances[section.key]
            unmarked_total += unmarked
            themes.append({
                "key": section.key, "title": section.title,
                "voor": sides["voor"], "tegen": sides["tegen"], "unmarked": unmarked,
                "voor_points": balance.voor, "tegen_points": balance.tegen,
                "beam_angle": balance.beam_angle,
            })
        weighing.append({
            "option_id": option.pk, "option_title": str(option), "themes": themes,
            "unmarked_total": unmarked_total,
            "leans": services.picture_leans(pictures[option.pk]),
        })

    costs = services.cost_comparison(options)
    decided_by = case.decided_by if include_people else None
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
                "one_off_cost": _money(o.one_off_cost), "yearly_cost": _money(o.yearly_cost),
                "cost_bearer_label": _label(CostBearer, o.cost_bearer),
            }
            for o in options
        ],
        "costs": {
            "option_titles": [str(o) for o in costs.options],
            "rows": [[year, [str(c) for c in values]] for year, values in costs.rows],
            "crossings": [
                {"year": str(c["year"]), "cheaper": str(c["cheaper"]), "other": str(c["other"])}
                for c in costs.crossings
            ],
        },
        "weighing": weighing,
        "mensbeeld": {
            "effort": _field_label("perceived_effort", case.perceived_effort),
            "need": _field_label("perceived_need", case.perceived_need),
            "reputation": _field_label("perceived_reputation", case.perceived_reputation),
            "reflection": case.mensbeeld_reflection,
        },
        "decision": {
            "outcome": case.outcome,
            "outcome_label": _label(Outcome, case.outcome),
            "chosen_option": str(case.chosen_option) if case.chosen_option_id else "",
            "motivation": case.motivation,
            "proportionality": case.proportionality,
            "deviated_rule": case.deviated_rule,
            "legal_ground_label": _label(LegalGround, case.legal_ground),
            "against_weighing": case.against_weighing,
            "against_picture": services.decision_goes_against_picture(case, pictures),
            "structural": case.structural,
            "structural_label": _label(Structural, case.structural),
            "structural_description": case.structural_description,
            "inform": case.inform,
            "evaluation_date": case.evaluation_date.isoformat() if case.evaluation_date else None,
            "decided_at": _dt(case.decided_at),
            "decided_by": _person(decided_by),
        },
        "after": {
            "answers": answers_for("na"),
            "evaluation_result_label": _label(EvaluationResult, case.evaluation_result),
            "evaluation_note": case.evaluation_note,
        },
    }
    from reviews.services import review_trail

    summary["review"] = review_trail(case) if include_people else []
    return summary


def flatten(data, prefix=""):
    """{"a": {"b": 1}} → {"a.b": 1}; lists by position. Used to compare revisions."""
    flat = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            flat.update(flatten(value, f"{prefix}{index}."))
    else:
        flat[prefix.rstrip(".")] = data
    return flat


IGNORED_IN_DIFF = ("generated_at", "case.status", "case.status_label", "case.revision",
                   "review.")


def diff_summaries(old, new):
    """What changed between two revisions: [(path, old, new)], volatile fields left out."""
    a, b = flatten(old), flatten(new)
    changes = []
    for path in sorted(a.keys() | b.keys()):
        if any(path == p or path.startswith(p) for p in IGNORED_IN_DIFF):
            continue
        if a.get(path) != b.get(path):
            changes.append((path, a.get(path), b.get(path)))
    return changes


def render_summary_page(request, case, *, status=200, **forms):
    """The page *Samenvatting en beoordeling*: the whole deliberation, with the review,
    reopen and comment forms. An invalid post of one of those forms passes its bound form
    here, so the page shows it again with the errors and everything typed."""
    from django.shortcuts import render

    from reviews.forms import CommentForm, ReasonForm, ReviewForm, comment_targets
    from reviews.services import case_comments, review_context

    summary = build_summary(case)
    return render(request, "cases/summary.html", {
        "case": case, "s": summary, "steps": services.step_states(case),
        "step": "samenvatting", "comments": case_comments(case),
        "review_form": forms.get("review_form") or ReviewForm(),
        "reopen_form": forms.get("reopen_form") or ReasonForm(),
        "comment_form": forms.get("comment_form") or CommentForm(
            targets=comment_targets(summary)),
        **review_context(request.user, case),
    }, status=status)
