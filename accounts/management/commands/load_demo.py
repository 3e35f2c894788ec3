"""Demo data for a first run (``make run``): two teams, six users (password ``demo``), the
regelingen, the team frame, and one realistic buikpijn case filled in through Afwegen.

Idempotent: running it again changes nothing. Refuses to run in production.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import ClaimMapping, PersonalFrameAnswer, Team, TeamFrameAnswer, User
from accounts.roles import BEHEERDER, BELEIDSMAKER, CASEMANAGER, ROLE_LABELS, TEAMLEIDER
from cards.models import CardKind
from cards.services import card_view
from cases.models import (
    Answer,
    ArgumentWeight,
    Case,
    Option,
    OptionKind,
    Regeling,
    SignalMark,
)
from cases.services import add_cost_line, create_case

PASSWORD = "demo"  # noqa: S105 - demo accounts only; the command refuses production

TEAMS = [("Wijkteam Centrum", "wijkteam-centrum"), ("Wijkteam Noord", "wijkteam-noord")]

USERS = [
    # username, first name, last name, role, team slugs, staff
    ("casemanager", "Sanne", "de Vries", CASEMANAGER, ["wijkteam-centrum"], False),
    ("casemanager2", "Ahmed", "El Amrani", CASEMANAGER, ["wijkteam-centrum"], False),
    ("casemanager3", "Joke", "Bakker", CASEMANAGER, ["wijkteam-noord"], False),
    ("teamleider", "Marieke", "Jansen", TEAMLEIDER, ["wijkteam-centrum"], False),
    ("beleidsmaker", "Pieter", "Visser", BELEIDSMAKER, [], False),
    ("beheerder", "Fatima", "Yilmaz", BEHEERDER, [], True),
]

REGELINGEN = ["Participatiewet", "Wet maatschappelijke ondersteuning (Wmo)", "Jeugdwet",
              "Schuldhulpverlening (Wgs)", "Bijzondere bijstand", "Toeslagen (herstel)"]

DEMO_TITLE = "Terugvordering bijstand na inwoning zoon"
EARLIER_TITLE = "Terugvordering kostendelersnorm na inwoning dochter"
QUESTION_TITLE = "Kostendelersnorm bij tijdelijk inwonen van volwassen kinderen"

FRAME = {
    "v01.2": "Artikel 58 lid 8 Participatiewet: afzien van terugvordering bij dringende "
             "redenen. Voor beleidsregels: artikel 4:84 Awb.",
    "v02.3": "Zoek maximaal twee weken binnen de regels; daarna bespreek je de casus in het "
             "casusoverleg van dinsdag.",
    "v02.4": "Het maatwerkbudget van het wijkteam is € 25.000 per jaar. Tot € 2.500 per casus "
             "beslist de teamleider.",
}
# Sanne's own answer to a personal Vóór question (only she sees it).
OWN_FRAME = {
    "v03.4": "Marieke, mijn teamleider. Bij twijfel schuift de afdelingsmanager aan.",
}


def _item(view, text_start):
    return next(item for item in view.items_by_id.values() if item.text.startswith(text_start))


class Command(BaseCommand):
    help = "Load demo teams, users (password 'demo') and one case in progress. Idempotent."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production.")
        call_command("load_cardbook", verbosity=0)
        with transaction.atomic():
            teams = {slug: Team.objects.get_or_create(slug=slug, defaults={"name": name})[0]
                     for name, slug in TEAMS}
            users = {}
            for username, first, last, role, team_slugs, staff in USERS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last, "is_staff": staff,
                              "email": f"{username}@example.org"},
                )
                if created:
                    user.set_password(PASSWORD)
                    user.save()
                    user.groups.add(Group.objects.get(name=role))
                    user.teams.set([teams[slug] for slug in team_slugs])
                users[username] = user
            # Groups a local OpenID Connect provider can send (docs/deployment.md).
            for slug, team in teams.items():
                ClaimMapping.objects.get_or_create(claim_value=slug, defaults={"team": team})
            for role in ROLE_LABELS:
                ClaimMapping.objects.get_or_create(claim_value=f"maatwerk-{role}",
                                                   defaults={"role": role})
            for order, name in enumerate(REGELINGEN, start=1):
                Regeling.objects.get_or_create(name=name, defaults={"order": order})
            for key, text in FRAME.items():
                TeamFrameAnswer.objects.get_or_create(
                    team=teams["wijkteam-centrum"], question_key=key,
                    defaults={"text": text, "updated_by": users["teamleider"]},
                )
            for key, text in OWN_FRAME.items():
                PersonalFrameAnswer.objects.get_or_create(
                    user=users["casemanager"], question_key=key, defaults={"text": text})
            if not Case.objects.filter(title=EARLIER_TITLE).exists():
                self._earlier_decision(teams["wijkteam-centrum"], users["casemanager2"],
                                       users["teamleider"])
            if not Case.objects.filter(title=DEMO_TITLE).exists():
                self._demo_case(teams["wijkteam-centrum"], users["casemanager"])
            self._policy_question(teams["wijkteam-centrum"], users["beleidsmaker"])
        if not options["verbosity"]:
            return
        self.stdout.write("Demo logins (password 'demo'):")
        for username, _first, _last, role, team_slugs, _staff in USERS:
            teams_text = ", ".join(t for t, s in TEAMS if s in team_slugs) or "geen team"
            self.stdout.write(f"  {username:<13} {role:<13} {teams_text}")

    def _earlier_decision(self, team, user, leader):
        """An approved decision like the demo case, so the walk shows a similar decision
        (and the precedent register has a card) on a first run. Made through the services
        the app itself uses."""
        from cases import decision
        from cases import services as case_services
        from reviews import services as reviews

        regelingen = dict(Regeling.objects.values_list("name", "pk"))
        case = create_case(
            user, team, EARLIER_TITLE, inwoner_ref="DOS-2025-0877",
            regeling_ids=[regelingen["Participatiewet"]],
            request="Meneer vraagt de terugvordering te laten vervallen.",
            standard_outcome="Terugvordering van € 2.100 wegens de kostendelersnorm.",
            buikpijn="Zijn dochter woonde na een scheiding vijf maanden in; hij meldde het "
                     "te laat omdat hij dacht dat het tijdelijk was. Terugvorderen in één keer "
                     "brengt hem in de schulden.")
        option = case_services.add_option(
            case, title="Betalingsregeling van € 50 per maand", kind=OptionKind.OP_MAAT)
        maatwerk = case_services.add_option(
            case, title="Afzien van terugvordering", kind=OptionKind.MAATWERK,
            deviated_rule="Terugvorderingsbeleid")
        arguments = card_view(case.card_set, CardKind.ARGUMENTEN)
        case_services.weigh(case, maatwerk, _item(arguments, "Maatwerk lost financiële "
                                                              "problemen"),
                            "licht", "Er loopt geen schuldregeling; termijnen kunnen ook.")
        tipped = case_services.weigh(case, maatwerk, _item(arguments, "Maatwerk botst met het "
                                                                    "principe"),
                                   "zwaar", "Anderen die te laat meldden betalen ook terug.")
        signals = card_view(case.card_set, CardKind.SIGNALEN)
        SignalMark.objects.create(case=case, item=_item(signals, "De inwoner maakt gebruik "
                                                                 "van verschillende"),
                                  marked=True)
        case_services.save_case(
            case, user, outcome="op_maat", chosen_option=option, decisive_keys=[f"w{tipped.pk}"],
            decisive_reasoning="Een betalingsregeling voorkomt nieuwe schulden; volledig "
                               "afzien was niet nodig omdat er geen schuldregeling liep.",
            motivation="Meneer meldde het inwonen te laat, maar te goeder trouw; de dochter "
                       "woont inmiddels zelfstandig.",
            proportionality="Terugvorderen in termijnen binnen de beslagvrije voet staat in "
                             "verhouding tot het doel van de kostendelersnorm.",
            inwoner_heard="ja", inwoner_view="Meneer zei dat hij de regel niet kende en "
                                             "graag wil terugbetalen in kleine stappen.",
            evaluation_date=timezone.localdate() + timedelta(days=120),
            precedent_situation="Alleenstaande in de bijstand; een volwassen kind woonde "
                                "tijdelijk in en dat werd te laat gemeld. Geen lopende "
                                "schuldregeling.",
            precedent_question="Afzien van de terugvordering wegens de kostendelersnorm.",
            precedent_decision="Niet afgezien; wel een betalingsregeling van € 50 per maand.",
            precedent_decisive="Er liep geen schuldregeling die kon stranden; termijnen "
                               "voorkomen nieuwe schulden.")
        case, problems = decision.record(case, user)
        if problems:
            raise CommandError(f"The earlier demo decision is incomplete: {problems}")
        reviews.submit(case, user)
        reviews.approve(case, leader)
        return case

    def _policy_question(self, team, user):
        """An open beleidsvraag, so a beleidsmaker's home and workspace show one on a first
        run, with the earlier decision linked as a precedent."""
        from policy import questions
        from policy.models import PolicyAnswer, PolicyQuestion

        if PolicyQuestion.objects.filter(title=QUESTION_TITLE).exists():
            return
        question = questions.open_question(
            user, title=QUESTION_TITLE, card_kind="vragen_maatwerk",
            regeling=Regeling.objects.filter(name="Participatiewet").first(), teams=[team])
        earlier = Case.objects.filter(title=EARLIER_TITLE).first()
        if earlier is not None:
            question.precedents.add(earlier)
        clusters = {c.key: c for c in questions.clusters_of(question)}
        for key, text in {
            "m01": "Casemanagers zien vaker dat een volwassen kind na een scheiding tijdelijk "
                   "terugkomt. De terugvordering wegens de kostendelersnorm brengt ouders dan "
                   "in de schulden.",
            "m02": "Twee teams besloten in zulke casussen verschillend: afzien, of een "
                   "betalingsregeling.",
        }.items():
            if key in clusters:
                PolicyAnswer.objects.create(question=question, cluster=clusters[key], text=text)

    def _demo_case(self, team, user):
        regelingen = dict(Regeling.objects.values_list("name", "pk"))
        case = create_case(
            user, team, DEMO_TITLE,
            inwoner_ref="DOS-2026-0142",
            household="alleenstaande_ouder",
            age_bracket="45-66",
            regeling_ids=[regelingen["Participatiewet"], regelingen["Schuldhulpverlening (Wgs)"]],
            request=("Mevrouw vraagt of de terugvordering kan vervallen, of anders in kleine "
                     "termijnen kan. Ze is bang haar huis kwijt te raken."),
            standard_outcome=("Herberekening met de kostendelersnorm over vier maanden: "
                              "terugvordering van € 3.840 en een boete wegens te late melding, "
                              "verrekend met de lopende uitkering."),
            buikpijn=("Mevrouw meldde het inwonen van haar zoon zelf, zodra ze begreep dat het "
                      "ertoe deed. De terugvordering duwt haar terug in de schulden waar ze net "
                      "met schuldhulp uit komt, en haar zoon zoekt juist werk. Dit kan niet de "
                      "bedoeling van de kostendelersnorm zijn."),
            deadline=timezone.localdate() + timedelta(days=14),
            perceived_effort="veel",
            perceived_need="gemiddeld",
            perceived_reputation="positief",
            mensbeeld_reflection=("Ik denk het wel: ook als ze minder had meegewerkt, blijft de "
                                  "terugvordering onevenredig voor haar schuldregeling. Ik heb "
                                  "dat met een collega getoetst."),
        )
        standard = Option.objects.get(case=case, is_standard=True)
        Option.objects.filter(pk=standard.pk).update(
            description=("Terugvorderen en verrekenen. Verwachte kosten: bezwaar en extra "
                         "schuldhulp, en het risico op huisuitzetting."),
        )
        on_terms = Option.objects.create(
            case=case, order=2, kind=OptionKind.OP_MAAT, title="Betalingsregeling op maat",
            description="Terugvorderen, maar in termijnen die binnen de beslagvrije voet blijven.",
        )
        maatwerk = Option.objects.create(
            case=case, order=3, kind=OptionKind.MAATWERK,
            title="Afzien van terugvordering en boete",
            description="Afzien van terugvordering wegens dringende redenen; geen boete omdat "
                        "mevrouw zelf meldde.",
            deviated_rule="Terugvorderingsbeleid: terugvorderen tenzij, en de boeteverordening",
            rule_type="organisatie",
        )
        for option, direction, period, party, amount, description in [
            (standard, "kosten", "eenmalig", "eigen", "600", "Bezwaarprocedure"),
            (standard, "kosten", "per_jaar", "eigen", "3000", "Extra schuldhulp"),
            (on_terms, "kosten", "eenmalig", "eigen", "150", "Regeling opstellen"),
            (on_terms, "kosten", "per_jaar", "eigen", "900", "Bewaken van de termijnen"),
            (maatwerk, "kosten", "eenmalig", "eigen", "3840",
             "Niet teruggevorderd bedrag en boete"),
            (maatwerk, "opbrengst", "per_jaar", "andere", "600",
             "Schuldregeling loopt door: minder werk voor de schuldhulpverlener"),
        ]:
            add_cost_line(option, direction=direction, period=period,
                          party=party, amount=Decimal(amount),
                          description=description)
        signals = card_view(case.card_set, CardKind.SIGNALEN)
        for start, note in [
            ("De inwoner geeft aan 'buikpijn'", "Ze huilde aan de telefoon; ze slaapt slecht "
                                                "sinds de brief."),
            ("De inwoner maakt gebruik van verschillende regelingen",
             "Bijstand en schuldhulp: de terugvordering doorkruist de schuldregeling."),
            ("De uitvoerder heeft zorgen over (onbedoelde) gevolgen",
             "Verrekening brengt haar onder het bestaansminimum."),
            ("De uitvoerder twijfelt of de uitkomst", ""),
        ]:
            SignalMark.objects.create(case=case, item=_item(signals, start), marked=True,
                                      note=note)
        questions = card_view(case.card_set, CardKind.VRAGEN)
        clusters = {c.key: c for s in questions.sections for c in s.clusters.all()}
        for key, text in [
            ("v04", "Signaal van de schuldhulpverlener; de terugvordering komt bovenop haar "
                    "schuldregeling."),
            ("v05", "Alleenstaande moeder, zoon van 19 woont sinds maart weer thuis na verlies "
                    "van zijn baan. Schuldregeling loopt nog 14 maanden."),
            ("v06", "De schuldregeling afmaken en in haar huis blijven wonen; zoon aan het werk."),
            ("v07", "Terugvorderen en verrekenen; betalingsregeling; afzien van terugvordering."),
        ]:
            Answer.objects.create(case=case, cluster=clusters[key], text=text)
        arguments = card_view(case.card_set, CardKind.ARGUMENTEN)
        for start, weight, note in [
            ("Maatwerk lost financiële problemen", "zwaar",
             "Voorkomt dat de schuldregeling klapt."),
            ("Maatwerk vermindert mentale problemen", "gemiddeld",
             "Ze slaapt slecht van de brief."),
            ("Maatwerk maakt het voor de inwoner mogelijk (meer) regie", "gemiddeld", ""),
            ("Maatwerk mag op grond van wet- en regelgeving", "zwaar",
             "Artikel 58 lid 8 Participatiewet: dringende redenen."),
            ("Maatwerk bespaart de publieke dienstverlener geld", "licht",
             "Minder bezwaar en minder schuldhulp."),
            ("Maatwerk botst met het principe dat iedereen gelijk is", "gemiddeld",
             "Anderen die te laat meldden betalen wel terug."),
            ("Maatwerk creëert onterecht de verwachting", "licht", ""),
        ]:
            ArgumentWeight.objects.create(case=case, option=maatwerk,
                                          item=_item(arguments, start), weight=weight, note=note)
        return case
