"""Generate N realistic cases with whole deliberations, quickly (bulk inserts), spread over
several teams — for benchmarks and for trying the app at scale.

    python manage.py seed_demo --cases 100000

Deterministic (seeded). Bulk inserts bypass django-simple-history: generated cases have no
history rows, which the benchmarks do not need. Never in production.
"""

import math
import random
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Team, User
from cards.models import CardKind
from cards.services import active_card_set, card_view
from cases.models import (
    Answer,
    ArgumentWeight,
    Case,
    CostLine,
    Option,
    Regeling,
    SignalMark,
    Status,
)
from reviews.models import ReviewEvent

TITLES = ["Terugvordering na te late melding", "Huurachterstand door toeslagherstel",
          "Boete na samenwonen zonder melding", "Wmo-voorziening net buiten de regels",
          "Schuldregeling doorkruist door verrekening", "Jongere zonder vast woonadres",
          "Mantelzorger valt tussen wal en schip", "Kostendelersnorm bij inwonend kind",
          "Energieschuld na overlijden partner", "Bijzondere bijstand voor verhuiskosten"]
PHRASES = ["De inwoner meldde het zelf.", "Er dreigt een huisuitzetting.",
           "De regeling voorziet niet in deze situatie.", "Het gezin heeft drie kinderen.",
           "De schuldhulpverlener maakt zich zorgen.", "De standaarduitkomst is onevenredig.",
           "Eerdere fouten van de overheid spelen mee.", "Er is weinig doenvermogen."]
BATCH = 2_000
CASEMANAGERS = 4  # per team
CASES_PER_TEAM = CASEMANAGERS * 300
# Generated users can log in (the load test does); never used outside development.
BENCH_PASSWORD = "bench-wachtwoord-2026"  # noqa: S105


# Per kind of case, its own words: the similar-decisions panel and the search are measured
# on texts that differ the way real ones do (a search over identical texts proves nothing).
THEMES = {
    "Terugvordering na te late melding": [
        "De inwoner meldde de wijziging {m} maanden te laat.",
        "Er moet € {n} worden teruggevorderd.", "De melding bleef liggen bij de balie."],
    "Huurachterstand door toeslagherstel": [
        "De huurachterstand is opgelopen tot € {n}.", "De corporatie dreigt met ontruiming.",
        "Het herstel van de kinderopvangtoeslag duurt al {m} maanden."],
    "Boete na samenwonen zonder melding": [
        "De partner woonde {m} maanden in zonder dat het gemeld was.",
        "De boete is € {n}.", "Het samenwonen was tijdelijk, na een brand in de woning."],
    "Wmo-voorziening net buiten de regels": [
        "De traplift valt buiten de Wmo-richtlijn omdat de woning niet is aangepast.",
        "De mantelzorger is zelf overbelast.", "Een verhuizing kost € {n}."],
    "Schuldregeling doorkruist door verrekening": [
        "De verrekening van € {n} per maand doorkruist de schuldregeling.",
        "De schuldhulpverlener vreest dat de regeling strandt.",
        "Er resteren {m} maanden in het traject."],
    "Jongere zonder vast woonadres": [
        "De jongere slaapt bij wisselende vrienden.", "Zonder briefadres stopt de uitkering.",
        "Hij is {m} maanden geleden uit huis gezet."],
    "Mantelzorger valt tussen wal en schip": [
        "Zij zorgt al {m} jaar voor haar moeder.", "Respijtzorg past niet in het budget.",
        "Het mantelzorgcompliment is € {n} te weinig voor de reiskosten."],
    "Kostendelersnorm bij inwonend kind": [
        "De zoon woont tijdelijk in na een scheiding.",
        "De kostendelersnorm verlaagt de uitkering met € {n} per maand.",
        "Hij zoekt al {m} maanden een eigen woning."],
    "Energieschuld na overlijden partner": [
        "Na het overlijden van haar partner bleef een energieschuld van € {n} achter.",
        "De leverancier dreigt af te sluiten.", "De administratie deed haar partner altijd."],
    "Bijzondere bijstand voor verhuiskosten": [
        "De verhuizing is nodig vanwege een medische indicatie.",
        "De verhuiskosten zijn € {n}.", "Eerder kreeg zij al {m} keer bijzondere bijstand."],
}


# Rare words as real texts have them (a street, a neighbourhood, a family name): 40 000
# made-up place names, so a search for one finds a handful of cases at a million, while the
# theme words above are in a tenth of all cases (issue 18: a common and a rare word).
SYLLABLES = ["ka", "lo", "me", "ri", "ta", "vu", "ne", "so", "di", "pa", "go", "be", "ru",
             "fi", "ze", "mo", "la", "te", "ni", "wo"]
PLACES = [f"{a}{b}{c}{end}".capitalize() for a in SYLLABLES for b in SYLLABLES
          for c in SYLLABLES for end in ("", "n", "s", "rk", "dam")]
RARE_SENTENCE = "Het gesprek was in wijkcentrum {place}."


def text(rng, n=3, title=None):
    pool = list(THEMES.get(title, [])) + PHRASES
    picked = rng.sample(pool, k=min(n, len(pool)))
    words = [p.format(n=rng.randrange(150, 9_000, 10), m=rng.randint(2, 18)) for p in picked]
    if rng.random() < 0.3:
        words.append(RARE_SENTENCE.format(place=rng.choice(PLACES)))
    return " ".join(words)


@contextmanager
def given_times(*fields):
    """Let bulk inserts keep the creation times the seeder gives (auto_now_add would stamp
    every generated row with the moment of seeding, and lead times would all be zero)."""
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def perceived(rng, outcome):
    """A perceived inzet, hulpbehoevendheid and reputatie, slightly tied to the outcome the
    way the research found (so the mensbeeld picture has something to show at scale)."""
    lean = 0.15 if outcome == "maatwerk" else -0.1 if outcome == "geen" else 0.0

    def pick(low, mid, high):
        roll = rng.random() + lean
        return (low if roll < 0.3 else mid if roll < 0.7 else high) if rng.random() > 0.1 \
            else "onbekend"
    return pick("weinig", "gemiddeld", "veel"), pick("weinig", "gemiddeld", "veel"), \
        pick("negatief", "neutraal", "positief")


class Command(BaseCommand):
    help = "Generate N realistic cases with deliberations (bulk inserts), over several teams."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1000)
        parser.add_argument("--teams", type=int, default=None,
                            help=f"default: one team of {CASEMANAGERS} casemanagers per "
                                 f"{CASES_PER_TEAM} cases")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, cases, teams, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo never runs in production.")
        # Teams grow with the number of cases, as in a real organisation: each casemanager
        # holds about 300 cases, some 200 of them open (issue 18, goal 3).
        teams = teams or max(1, math.ceil(cases / CASES_PER_TEAM))
        call_command("load_cardbook", verbosity=0)
        rng = random.Random(seed)
        card_set = active_card_set()
        signals = list(card_view(card_set, CardKind.SIGNALEN).items_by_id.values())
        arguments = list(card_view(card_set, CardKind.ARGUMENTEN).items_by_id.values())
        clusters = [c for s in card_view(card_set, CardKind.VRAGEN).sections
                    if s.key in ("tijdens", "na") for c in s.clusters.all()]
        team_list, owners, leaders = self._people(teams)
        regelingen = list(Regeling.objects.values_list("pk", flat=True)) or [
            Regeling.objects.create(name="Participatiewet").pk]
        now = timezone.now()
        done = 0
        while done < cases:
            size = min(BATCH, cases - done)
            with transaction.atomic(), given_times(Case._meta.get_field("created_at"),
                                                   ReviewEvent._meta.get_field("created_at")):
                self._batch(rng, size, card_set, team_list, owners, leaders, regelingen,
                            signals, arguments, clusters, now)
            done += size
            if options["verbosity"]:
                self.stdout.write(f"\r{done}/{cases} cases", ending="")
                self.stdout.flush()
        from insight.services import backfill
        from policy.services import backfill_signals

        backfill()  # teaminzicht's facts for the approved ones
        backfill_signals()  # and the structural signals they raised
        if options["verbosity"]:
            self.stdout.write(f"\nSeeded {cases} cases over {len(team_list)} teams.")

    def _people(self, teams):
        casemanager = Group.objects.get(name="casemanager")
        teamleider = Group.objects.get(name="teamleider")
        team_list, owners, leaders = [], {}, {}
        password = make_password(BENCH_PASSWORD)

        def member(username, group, team):
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.password = password
                user.save()
                user.groups.add(group)
                user.teams.add(team)
            return user

        for number in range(1, teams + 1):
            team, _ = Team.objects.get_or_create(slug=f"bench-team-{number}",
                                                 defaults={"name": f"Benchteam {number}"})
            team_list.append(team)
            owners[team.pk] = [member(f"bench{number}-{index}", casemanager, team)
                               for index in range(1, CASEMANAGERS + 1)]
            leaders[team.pk] = member(f"bench{number}-leider", teamleider, team)
        return team_list, owners, leaders

    def _batch(self, rng, size, card_set, teams, owners, leaders, regelingen, signals,
               arguments, clusters, now):
        new_cases = []
        for _ in range(size):
            team = rng.choice(teams)
            owner = rng.choice(owners[team.pk])
            roll = rng.random()
            status = (Status.CONCEPT if roll < 0.6 else Status.TER_BEOORDELING if roll < 0.7
                      else Status.BESLOTEN)
            decided = status != Status.CONCEPT or rng.random() < 0.2
            created = now - timedelta(days=rng.randint(0, 900), minutes=rng.randint(0, 1440))
            # Decided within weeks; review takes days more (never later than now).
            decided_at = min(now - timedelta(days=14), created + timedelta(
                days=rng.randint(2, 40))) if decided else None
            created = min(created, decided_at) if decided else created
            title = rng.choice(TITLES)
            outcome = rng.choice(["maatwerk", "op_maat", "geen"]) if decided else ""
            effort, need, reputation = perceived(rng, outcome) if decided else ("", "", "")
            new_cases.append(Case(
                created_at=created, perceived_effort=effort, perceived_need=need,
                perceived_reputation=reputation,
                team=team, owner=owner, card_set=card_set, status=status,
                title=title, inwoner_ref=f"DOS-{rng.randint(1, 10**7):07d}",
                household=rng.choice(["alleenstaand", "alleenstaande_ouder", "gezin", ""]),
                regeling_ids=rng.sample(regelingen, k=min(len(regelingen), rng.randint(1, 2))),
                request=text(rng, 2, title), standard_outcome=text(rng, 2),
                buikpijn=text(rng, 3, title),
                precedent_situation=text(rng, 2, title) if decided else "",
                precedent_question=rng.choice(THEMES[title]).format(n=500, m=3)
                if decided else "",
                precedent_decision=text(rng, 1) if decided else "",
                precedent_decisive=text(rng, 1, title) if decided else "",
                deadline=(created + timedelta(days=rng.randint(7, 60))).date(),
                outcome=outcome,
                motivation=text(rng, 5) if decided else "",
                proportionality=text(rng, 2) if decided else "",
                structural=rng.choice(["fixen", "solven", ""]) if decided else "",
                structural_description=text(rng, 2) if decided else "",
                decided_at=decided_at,
                decided_by=owner if decided else None,
                evaluation_date=(created + timedelta(days=180)).date() if decided else None,
            ))
        Case.objects.bulk_create(new_cases, batch_size=BATCH)
        options, marks, answers, events = [], [], [], []
        for case in new_cases:
            options.append(Option(case=case, order=1, is_standard=True, kind="standaard",
                                  title="Standaardprocedure", description=case.standard_outcome))
            options.append(Option(case=case, order=2, kind="maatwerk", title="Afwijken",
                                  deviated_rule="Beleidsregel"))
            for item in rng.sample(signals, k=rng.randint(2, 7)):
                marks.append(SignalMark(case=case, item=item, marked=True,
                                        note=rng.choice(PHRASES)))
            for cluster in rng.sample(clusters, k=rng.randint(2, 6)):
                answers.append(Answer(case=case, cluster=cluster, text=text(rng, 2)))
            if case.status != Status.CONCEPT:
                at = case.decided_at
                events.append(ReviewEvent(case=case, revision=1, kind="aangeboden",
                                          actor=case.owner, created_at=at))
                if rng.random() < 0.15:  # sent back once, then offered again
                    events.append(ReviewEvent(case=case, revision=1, kind="teruggestuurd",
                                              actor=leaders[case.team_id],
                                              created_at=at + timedelta(days=2)))
                    at += timedelta(days=4)
                    events.append(ReviewEvent(case=case, revision=1, kind="aangeboden",
                                              actor=case.owner, created_at=at))
                if case.status == Status.BESLOTEN:
                    events.append(ReviewEvent(case=case, revision=1, kind="goedgekeurd",
                                              actor=leaders[case.team_id],
                                              created_at=at + timedelta(days=rng.randint(1, 9))))
        Option.objects.bulk_create(options, batch_size=BATCH)
        # Costs per option: the standard procedure costs yearly (and the inwoner pays a
        # share); the maatwerk option costs once and saves the other organisation a little.
        CostLine.objects.bulk_create([
            CostLine(case_id=option.case_id, option=option, direction=direction,
                     period=period, party=party, amount=Decimal(rng.randint(low, high)),
                     description=description)
            for standard, maatwerk in zip(options[::2], options[1::2], strict=True)
            for option, direction, period, party, low, high, description in (
                (standard, "kosten", "eenmalig", "eigen", 0, 2000, "Afhandeling"),
                (standard, "kosten", "per_jaar", "eigen", 0, 4000, "Ondersteuning"),
                (standard, "kosten", "per_jaar", "inwoner", 0, 600, "Eigen bijdrage"),
                (maatwerk, "kosten", "eenmalig", "eigen", 500, 6000, "Bijzondere bijstand"),
                (maatwerk, "kosten", "per_jaar", "eigen", 0, 1000, "Begeleiding"),
                (maatwerk, "opbrengst", "per_jaar", "andere", 0, 1500, "Minder schuldhulp"),
            )
        ], batch_size=BATCH)
        weights = []
        for option in options[1::2]:
            for item in rng.sample(arguments, k=rng.randint(4, 14)):
                weights.append(ArgumentWeight(case_id=option.case_id, option=option, item=item,
                                              weight=rng.choice(["licht", "gemiddeld", "zwaar"]),
                                              note=rng.choice(PHRASES)))
        for case, maatwerk in zip(new_cases, options[1::2], strict=True):
            if case.outcome == "maatwerk":
                case.chosen_option = maatwerk
        Case.objects.bulk_update([c for c in new_cases if c.chosen_option_id], ["chosen_option"],
                                 batch_size=BATCH)
        SignalMark.objects.bulk_create(marks, batch_size=BATCH)
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        ArgumentWeight.objects.bulk_create(weights, batch_size=BATCH)
        ReviewEvent.objects.bulk_create(events, batch_size=BATCH)
