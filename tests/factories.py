"""Test data through factories (factory-boy), built through the app's own services so a test
starts from a state a user could have reached.

    CaseFactory()                          a concept case of a new casemanager's team
    CaseFactory(owner=cast.casemanager)    …of a given casemanager
    CaseFactory(decided=True)              with a complete decision, recorded by the owner
    CaseFactory(submitted=True)            …and offered for review
    CaseFactory(approved=True)             …and approved by the team's teamleider (besloten)
    CaseFactory(approved=True, decided_at=datetime(2018, 3, 1, tzinfo=UTC))
                                           …recorded and approved on a date in the past
"""

from datetime import date, timedelta

import factory
from django.contrib.auth.models import Group
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from accounts.models import Team, User
from accounts.roles import CASEMANAGER, TEAMLEIDER
from cards.models import CardKind
from cards.services import card_view
from cases import decision, services
from cases.models import Case, OptionKind
from insight.models import DecisionFact
from reviews import services as reviews

PASSWORD = "Een-lang-wachtwoord-2026"  # noqa: S105


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    slug = factory.LazyAttribute(lambda team: slugify(team.name))


class UserFactory(DjangoModelFactory):
    """A user with a role (a group name) and teams."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.LazyAttribute(lambda user: user.username.capitalize())
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def teams(user, create, extracted, **kwargs):
        if create and extracted is not None:
            user.teams.set(extracted)


def teamleider_of(team):
    leader = team.members.filter(groups__name=TEAMLEIDER).first()
    return leader or UserFactory(role=TEAMLEIDER, teams=[team])


# A precedent card that passes the record's rules (anonymous, a few sentences).
PRECEDENT = {
    "precedent_situation": "Alleenstaande met een schuldregeling; een zoon kwam tijdelijk "
                           "inwonen en dat werd te laat gemeld.",
    "precedent_question": "Afzien van terugvordering van de kostendelersnorm.",
    "precedent_decision": "Niet teruggevorderd; wel de melding voortaan binnen een week.",
    "precedent_decisive": "Een terugvordering had de lopende schuldregeling laten stranden.",
}


def complete_decision(case, user, outcome="maatwerk"):
    """Fill in a decision that passes every rule of the decision record, as ``user``: the
    maatwerk option weighed (one argument voor, one tegen), the decisive argument on the side
    the outcome follows, a motivation in sentences, the inwoner heard."""
    maatwerk = case.options.filter(kind=OptionKind.MAATWERK).first() or services.add_option(
        case, title="Afzien van terugvordering", kind=OptionKind.MAATWERK,
        deviated_rule="Terugvorderingsbeleid")
    arguments = card_view(case.card_set, CardKind.ARGUMENTEN)
    voor = services.weigh(case, maatwerk, arguments.items_by_key["a01.1"], "zwaar",
                          "Anders klapt de schuldregeling.", user=user)
    tegen = services.weigh(case, maatwerk, arguments.items_by_key["a21.1"],
                           "licht" if outcome == "maatwerk" else "zwaar", user=user)
    if outcome == "maatwerk":
        chosen = maatwerk
    elif outcome == "op_maat":
        chosen = case.options.filter(kind=OptionKind.OP_MAAT).first() or services.add_option(
            case, title="Betalingsregeling op maat", kind=OptionKind.OP_MAAT)
    else:
        chosen = case.options.get(is_standard=True)
    services.save_case(
        case, user, outcome=outcome, chosen_option=chosen,
        decisive_keys=[f"w{(voor if outcome == 'maatwerk' else tegen).pk}"],
        decisive_reasoning="De schuldregeling loopt nog veertien maanden en zou stranden; "
                           "dat weegt zwaarder dan gelijke behandeling bij een late melding.",
        motivation="Mevrouw meldde het inwonen van haar zoon zelf en zit in een schuldregeling.",
        proportionality="Een terugvordering van € 3.840 staat niet in verhouding tot het doel "
                        "van de kostendelersnorm.",
        deviated_rule="Terugvorderingsbeleid" if outcome == "maatwerk" else "",
        legal_ground="4:84" if outcome == "maatwerk" else "",
        inwoner_heard="ja",
        inwoner_view="Mevrouw vertelde dat zij de brief niet begreep en meteen belde toen "
                     "zij het wel begreep.",
        evaluation_date=date.today() + timedelta(days=180),
        **PRECEDENT,
    )
    recorded, problems = decision.record(case, user)
    assert not problems, problems
    return recorded


DECIDED, SUBMITTED, APPROVED = 1, 2, 3


class CaseFactory(factory.Factory):
    """A case made by ``services.create_case``; the traits walk it further, through the same
    services the views use."""

    class Meta:
        model = Case

    class Params:
        decided = factory.Trait(stage=DECIDED)
        submitted = factory.Trait(stage=SUBMITTED)
        approved = factory.Trait(stage=APPROVED)

    owner = factory.SubFactory(UserFactory, role=CASEMANAGER,
                               teams=factory.LazyFunction(lambda: [TeamFactory()]))
    title = "Schuld door te late melding"
    stage = 0
    outcome = "maatwerk"
    decided_at = None  # a date in the past for the decision and approval (retention tests)

    @classmethod
    def _create(cls, model_class, owner, title, stage, outcome, decided_at, **fields):
        case = services.create_case(owner, owner.teams.first(), title, **fields)
        return advance(case, stage, outcome=outcome, decided_at=decided_at)


def advance(case, stage, *, outcome="maatwerk", decided_at=None):
    """Walk a concept case on to DECIDED, SUBMITTED or APPROVED as its owner would."""
    if stage >= DECIDED:
        complete_decision(case, case.owner, outcome)
    if stage >= SUBMITTED:
        reviews.submit(case, case.owner)
    if stage >= APPROVED:
        reviews.approve(case, teamleider_of(case.team))
    if decided_at is not None:
        backdate(case, decided_at)
    return Case.objects.get(pk=case.pk)


def backdate(case, when):
    """Move a decision (and its approval) to ``when``: time passing is the one thing no
    service can do."""
    Case.objects.filter(pk=case.pk).update(decided_at=when)
    case.review_events.update(created_at=when)
    case.revisions.update(approved_at=when)
    DecisionFact.objects.filter(case=case).update(decided_at=when, approved_at=when)
