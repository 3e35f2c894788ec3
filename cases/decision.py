"""The decision record: what must hold before a decision is recorded, who recorded it, and
what happens when its content changes afterwards.

A bezwaar lawyer reads the verantwoording, so the record is held to what a motivation under
the Awb needs (docs/decision-record.md): a decision that fits the chosen option; for maatwerk
the rule deviated from and its ground (a hardheidsclausule with its article); the arguments
that tipped it and why they outweigh the others (art. 3:46); the inwoner's own view (art.
4:8); real sentences, not "x". And it names the right person: any change to the content
after recording un-records the decision, so the one who changed it records it again, and
nobody approves a decision whose content they recorded or changed (four eyes by authorship).
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .editing import save_versioned
from .models import (
    Answer,
    ArgumentWeight,
    Case,
    CostLine,
    LegalGround,
    Option,
    OptionKind,
    Outcome,
    OwnArgument,
    OwnSignal,
    SignalMark,
    Status,
    Structural,
)
from .weighing import arguments_of

# The option kind each outcome is carried out by.
OUTCOME_KIND = {
    Outcome.MAATWERK: OptionKind.MAATWERK,
    Outcome.OP_MAAT: OptionKind.OP_MAAT,
    Outcome.GEEN: OptionKind.STANDAARD,
}
MAATWERK_ONLY = ["deviated_rule", "legal_ground", "legal_ground_article"]
DECISION_FIELDS = [
    "outcome", "chosen_option", "deviated_rule", "legal_ground", "legal_ground_article",
    "decisive_keys", "decisive_reasoning", "motivation", "proportionality", "inwoner_heard",
    "inwoner_view", "structural", "structural_description", "inform", "evaluation_date",
    "precedent_situation", "precedent_question", "precedent_decision", "precedent_decisive",
]
CASUS_FIELDS = ["title", "inwoner_ref", "household", "age_bracket", "regeling_ids", "request",
                "standard_outcome", "buikpijn", "deadline"]
# What the verantwoording says: changing any of it after recording un-records the decision.
# (The mensbeeld is the professional's self-check, not part of the record; the evaluation
# comes after the decision.)
RECORDED_CASE_FIELDS = set(CASUS_FIELDS) | set(DECISION_FIELDS)
# Rows of the deliberation that belong to the record (Na-answers do not: see is_recorded_row).
RECORDED_ROWS = (SignalMark, Answer, Option, CostLine, ArgumentWeight, OwnSignal, OwnArgument)

# The history reason of a save that moves the record along (recording, un-recording, review
# transitions) without changing its content: it makes nobody an author (content_authors).
STATUS_CHANGE = "status"

MIN_WORDS = 5
_WORD = re.compile(r"[^\W\d_]{2,}")


class DecisionError(ValueError):
    """A rule of the decision record was not met; the message is shown to the user."""


def lacks_substance(text, min_words=MIN_WORDS):
    """True for "x", "test", "ok ok ok ok ok": fewer than ``min_words`` words, or fewer
    than three different ones."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    return len(words) < min_words or len(set(words)) < 3


def _substance(text, missing, thin):
    if not (text or "").strip():
        return missing
    if lacks_substance(text):
        return thin
    return None


def problems(case, today=None):
    """What must change before this decision can be recorded: {field: Dutch message}."""
    today = today or timezone.localdate()
    found = {}
    arguments = arguments_of(case)
    if not case.outcome:
        found["outcome"] = _("Kies je besluit.")
    option = case.chosen_option
    if option is None:
        found["chosen_option"] = _("Kies de optie die je uitvoert.")
    elif case.outcome and option.kind != OUTCOME_KIND[case.outcome]:
        found["chosen_option"] = _(
            "‘%(outcome)s’ past niet bij optie %(option)s (%(kind)s). Kies een optie die bij "
            "je besluit past, of pas je besluit aan."
        ) % {"outcome": case.get_outcome_display(), "option": option,
             "kind": option.get_kind_display().lower()}
    if case.outcome == Outcome.MAATWERK:
        if len((case.deviated_rule or "").strip()) < 3:
            found["deviated_rule"] = _("Noem de regel waarvan je afwijkt.")
        if not case.legal_ground:
            found["legal_ground"] = _("Kies de grond waarop je afwijkt.")
        elif case.legal_ground == LegalGround.HARDHEIDSCLAUSULE and not re.search(
                r"\d", case.legal_ground_article or ""):
            found["legal_ground_article"] = _(
                "Noem het artikel met de hardheidsclausule, bijvoorbeeld ‘artikel 58 lid 8 "
                "Participatiewet’.")
    weighed = {a.key for a in arguments if a.is_weighed}
    if not weighed:
        found["decisive_keys"] = _(
            "Je hebt nog geen argumenten gewogen. Weeg bij Afwegen de argumenten voor en tegen "
            "een maatwerkoptie, en kies hier welke de doorslag gaven.")
    elif not set(case.decisive_keys or []) & weighed:
        found["decisive_keys"] = _("Kies ten minste één argument dat de doorslag gaf.")
    messages = {
        "decisive_reasoning": (
            _("Leg uit waarom deze argumenten zwaarder wegen dan de argumenten aan de andere "
              "kant."),
            _("Leg in een paar zinnen uit waarom deze argumenten zwaarder wegen dan de "
              "argumenten aan de andere kant.")),
        "motivation": (
            _("Beschrijf de feiten en belangen die je hebt gewogen."),
            _("Beschrijf de feiten en belangen in een paar zinnen. Een los woord kan niemand "
              "volgen, ook een bezwaarcommissie niet.")),
        "proportionality": (
            _("Leg uit waarom de uitkomst in verhouding staat tot het doel van de regel."),
            _("Leg in een paar zinnen uit waarom de uitkomst in verhouding staat tot het doel "
              "van de regel.")),
        "inwoner_view": (
            _("Schrijf op wat de inwoner zei, of waarom de inwoner niet is gehoord."),
            _("Schrijf in een paar zinnen op wat de inwoner zei, of waarom de inwoner niet "
              "is gehoord.")),
    }
    for name, (missing, thin) in messages.items():
        if message := _substance(getattr(case, name), missing, thin):
            found[name] = message
    if not case.inwoner_heard:
        found["inwoner_heard"] = _("Zeg of de inwoner zijn of haar kant heeft kunnen vertellen.")
    if case.structural == Structural.JA and (message := _substance(
            case.structural_description,
            _("Beschrijf het structurele probleem, zodat beleidsmakers ermee verder kunnen."),
            _("Beschrijf het structurele probleem in een paar zinnen, zodat beleidsmakers "
              "ermee verder kunnen."))):
        found["structural_description"] = message
    found.update(_precedent_problems(case))
    if case.outcome in (Outcome.MAATWERK, Outcome.OP_MAAT):
        if not case.evaluation_date:
            found["evaluation_date"] = _("Kies een datum waarop je evalueert of het werkt.")
        elif case.evaluation_date < today:
            found["evaluation_date"] = _("De evaluatiedatum ligt in het verleden. Kies vandaag "
                                         "of later.")
    return found


def _precedent_problems(case):
    """The precedent card is written with every decision; a comparable earlier decision
    needs its relevant difference (or why it is not comparable)."""
    from precedents.models import Comparison

    found = {}
    for name, missing in (
            ("precedent_situation", _("Beschrijf de situatie kort en zonder namen.")),
            ("precedent_question", _("Schrijf de vraag van de inwoner kort op, zonder namen.")),
            ("precedent_decision", _("Schrijf kort op wat je besloot.")),
            ("precedent_decisive", _("Schrijf kort op wat de doorslag gaf."))):
        if not (getattr(case, name) or "").strip():
            found[name] = missing
    open_answers = [c for c in Comparison.objects.filter(case=case).select_related("other")
                    if c.verdict and lacks_substance(c.reason, 3)]
    if open_answers:
        found["comparisons"] = _(
            "Leg bij elk vergelijkbaar besluit uit wat het relevante verschil is, of waarom "
            "het niet vergelijkbaar is (%(refs)s).") % {
            "refs": ", ".join(c.other.reference for c in open_answers)}
    return found


@transaction.atomic
def record(case, user):
    """Record the decision as ``user``'s when nothing is missing: returns (case, problems)."""
    case = (Case.objects.select_for_update(of=("self",)).select_related("card_set", "chosen_option")
            .get(pk=case.pk))
    if not case.is_editable:
        raise DecisionError(_("Dit besluit is al beoordeeld en kan niet meer wijzigen."))
    found = problems(case)
    if found:
        return case, found
    case.decided_at = timezone.now()
    case.decided_by = user
    case.version += 1
    case._history_user = user
    case._change_reason = STATUS_CHANGE
    case.save()
    return case, {}


# --- Changes after recording -----------------------------------------------------------------


def case_row_rules(obj, pending):
    """Set with every change to a case row (cases.editing ``touch``): clear the maatwerk-only
    fields when the outcome is no longer maatwerk, and un-record a recorded decision whose
    content changes. Both are saved in the same history record as the change itself."""
    extra = {}
    outcome = pending.get("outcome", obj.outcome)
    if outcome != Outcome.MAATWERK:
        extra.update({name: "" for name in MAATWERK_ONLY if getattr(obj, name)})
    if obj.decided_at and obj.status == Status.CONCEPT and (
            set(pending) | set(extra)) & RECORDED_CASE_FIELDS:
        extra.update(decided_at=None, decided_by=None)
        obj._unrecorded = True
    return extra


def save_case_row(case_pk, client_version, values, user=None):
    """Every change to the case row goes through here (the walk, services, commands)."""
    return save_versioned(Case.objects.all(), case_pk, client_version, values,
                          touch=case_row_rules, user=user)


def is_recorded_row(instance):
    """Does a change to this row change the record? Answers to the Na questions do not."""
    if isinstance(instance, Answer):
        return instance.cluster.section.key != "na"
    return isinstance(instance, RECORDED_ROWS)


def unrecord(case_id):
    """A recorded (not yet reviewed) decision whose content changed is no longer recorded:
    whoever changed it records it again. True when it was recorded."""
    with transaction.atomic():
        case = (Case.objects.select_for_update()
                .filter(pk=case_id, status=Status.CONCEPT).exclude(decided_at=None).first())
        if case is None:
            return False
        case.decided_at = case.decided_by = None
        case.version += 1
        case._change_reason = STATUS_CHANGE
        case.save()
    return True


def fresh_decision():
    """The values a reopened case starts its next decision with: nothing of the old one
    (it stays readable in its revision)."""
    return {
        "outcome": "", "chosen_option": None, "deviated_rule": "", "legal_ground": "",
        "legal_ground_article": "", "decisive_keys": [], "decisive_reasoning": "",
        "motivation": "", "proportionality": "", "inwoner_heard": "", "inwoner_view": "",
        "structural": "", "structural_description": "", "inform": "",
        "precedent_situation": "", "precedent_question": "", "precedent_decision": "",
        "precedent_decisive": "",
        "evaluation_date": None, "evaluation_result": "", "evaluation_note": "",
        "decided_at": None, "decided_by": None,
    }


# --- Who wrote the content --------------------------------------------------------------------


def revision_started(case):
    """When the current revision began: the case's creation or its last reopening."""
    from reviews.models import ReviewEvent

    reopened = (ReviewEvent.objects.filter(case=case, kind=ReviewEvent.Kind.REOPENED)
                .order_by("-created_at").values_list("created_at", flat=True).first())
    return reopened or case.created_at


def content_authors(case):
    """Ids of everyone who changed the content of the current revision (from the history)."""
    since = revision_started(case)
    histories = [Case.history.filter(id=case.pk)] + [
        model.history.filter(case_id=case.pk) for model in RECORDED_ROWS]
    queries = [h.filter(history_date__gte=since).exclude(history_user=None)
               .exclude(history_change_reason=STATUS_CHANGE).order_by()
               .values("history_user_id") for h in histories]
    union = queries[0].union(*queries[1:])
    return {row["history_user_id"] for row in union}


def evaluation_open(case, today=None):
    """The evaluation can be written on or after its date, not before."""
    today = today or timezone.localdate()
    return case.evaluation_date is not None and case.evaluation_date <= today


def evaluation_opens_message(case):
    if case.evaluation_date is None:
        return _("Er is geen evaluatiedatum gekozen.")
    return _("Je kunt evalueren vanaf %(date)s.") % {
        "date": date_format(case.evaluation_date, "j F Y")}

