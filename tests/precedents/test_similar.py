"""Vergelijkbare besluiten (ranking, privacy, query budget), the relevant difference as part
of the record, the precedent register and the outcome in the lists (issue 12)."""

import pytest
from django.urls import reverse

from cards.models import CardKind
from cards.services import card_view
from cases import decision, services
from cases.models import Case, Regeling
from cases.pdf import render_case_pdf
from precedents import services as precedents
from precedents.similar import similar_decisions
from privacy.models import AccessLogEntry
from tests.cases.test_pdf import flat, text_of
from tests.factories import APPROVED, advance


@pytest.fixture
def wmo(db):
    return Regeling.objects.create(name="Wmo")


def signals(case, *keys):
    view = card_view(case.card_set, CardKind.SIGNALEN)
    items = list(view.items_by_id.values())
    for index in keys:
        services.mark_signal(case, items[index])


def decided(cast, owner=None, title="Eerder besluit", outcome="maatwerk", regeling=None,
            marks=(), **texts):
    case = cast.new_case(owner=owner, title=title,
                         regeling_ids=[regeling.pk] if regeling else [], **texts)
    signals(case, *marks)
    return advance(case, APPROVED, outcome=outcome)


def test_same_regeling_and_signals_rank_above_a_shared_word(cast, wmo):
    close = decided(cast, title="Zelfde regeling en signalen", regeling=wmo, marks=(0, 1, 2))
    word = decided(cast, title="Alleen een woord",
                   buikpijn="De huurachterstand loopt op en de verhuurder dreigt.")
    current = cast.new_case(title="Nieuw", regeling_ids=[wmo.pk],
                            buikpijn="Een huurachterstand, en de kinderen slapen slecht.")
    signals(current, 0, 1, 2)
    found = similar_decisions(current, cast.casemanager)
    assert [item.case.pk for item in found][:2] == [close.pk, word.pk]
    assert found[0].reasons[:2] == ["zelfde regeling", "3 dezelfde signalen"]
    assert found[1].reasons == ["lijkende beschrijving"]


def test_only_approved_decisions_are_shown(cast, wmo):
    cast.new_case(title="Concept", regeling_ids=[wmo.pk])
    cast.new_case(title="Ter beoordeling", regeling_ids=[wmo.pk], submitted=True)
    current = cast.new_case(title="Nieuw", regeling_ids=[wmo.pk])
    assert similar_decisions(current, cast.casemanager) == []


def test_another_teams_decision_shows_only_its_precedent_card(cast, client_for, wmo):
    earlier = decided(cast, title="Geheime titel", regeling=wmo, marks=(0, 1),
                      inwoner_ref="DOS-GEHEIM")
    theirs = cast.new_case(owner=cast.outsider, title="Noord", regeling_ids=[wmo.pk])
    signals(theirs, 0, 1)
    page = client_for(cast.outsider).get(theirs.step_url("verkennen")).content.decode()
    assert "Vergelijkbare besluiten" in page and earlier.reference in page
    assert "je ziet alleen de precedentkaart" in page
    assert "Alleenstaande met een schuldregeling" in page  # the card
    for secret in ("Geheime titel", "DOS-GEHEIM", reverse("cases:summary", args=[earlier.pk])):
        assert secret not in page
    assert not AccessLogEntry.objects.filter(actor=cast.outsider, case_id=earlier.pk).exists()
    # The own team sees the title and a link; showing it is a read in the logboek.
    mine = cast.new_case(title="Centrum", regeling_ids=[wmo.pk])
    page = client_for(cast.colleague).get(mine.step_url("verkennen")).content.decode()
    assert "Geheime titel" in page and reverse("cases:summary", args=[earlier.pk]) in page
    entry = AccessLogEntry.objects.get(actor=cast.colleague, case_id=earlier.pk)
    assert (entry.action, entry.purpose) == ("lijst", "vergelijkbare besluiten")


def test_the_panel_costs_the_same_queries_for_3_or_12_decided_cases(
        cast, client_for, wmo, django_assert_max_num_queries):
    from tests.cases.test_walk_views import count_queries

    current = cast.new_case(title="Nieuw", regeling_ids=[wmo.pk],
                            buikpijn="Huurachterstand en schulden bij de energieleverancier.")
    signals(current, 0, 1)
    for i in range(3):
        decided(cast, owner=cast.outsider, title=f"Noord {i}", regeling=wmo, marks=(0,),
                buikpijn="Huurachterstand bij de corporatie.")
    client = client_for(cast.casemanager)
    url = current.step_url("verkennen")
    few = count_queries(client, url, django_assert_max_num_queries)
    for i in range(9):
        decided(cast, owner=cast.outsider, title=f"Noord extra {i}", regeling=wmo, marks=(1,),
                buikpijn="Schulden bij de energieleverancier.")
    assert count_queries(client, url, django_assert_max_num_queries) == few


def test_a_comparable_decision_needs_its_relevant_difference(cast, client_for, wmo):
    earlier = decided(cast, title="Eerder afgewezen", outcome="geen", regeling=wmo)
    current = cast.new_case(title="Nu", regeling_ids=[wmo.pk])
    client = client_for(cast.casemanager)
    url = reverse("precedents:answer", args=[current.pk, earlier.pk])
    prefix = f"v{earlier.pk}"
    refused = client.post(url, {f"{prefix}-verdict": "vergelijkbaar",
                                f"{prefix}-reason": "Anders",
                                "next": current.step_url("besluit")}).content.decode()
    assert "niet opgeslagen" in refused and "Leg het in een zin uit" in refused
    assert "Anders</textarea>" in refused  # nothing typed is lost
    # A half answer saved another way still blocks the record.
    precedents.answer(current, earlier, cast.casemanager, "vergelijkbaar", "")
    from tests.factories import complete_decision

    with pytest.raises(AssertionError, match="comparisons"):
        complete_decision(Case.objects.get(pk=current.pk), cast.casemanager)
    response = client.post(url, {
        f"{prefix}-verdict": "vergelijkbaar",
        f"{prefix}-reason": "Hier loopt een schuldregeling die strandt; daar was er geen.",
        "next": current.step_url("besluit")}, follow=True)
    assert "is opgeslagen" in response.content.decode()
    current, found = decision.record(Case.objects.get(pk=current.pk), cast.casemanager)
    assert "comparisons" not in found and not found
    summary = client.get(reverse("cases:summary", args=[current.pk])).content.decode()
    pdf = flat(text_of(render_case_pdf(current))[0])
    for text in (summary, pdf):
        assert "Vergelijkbare besluiten" in text and earlier.reference in text
        assert "daar was er geen." in text
    # Changing the answer after recording un-records the decision.
    precedents.answer(current, earlier, cast.casemanager, "niet_vergelijkbaar",
                      "Andere regeling van toepassing, dus niet te vergelijken.")
    assert Case.objects.get(pk=current.pk).decided_at is None


def test_the_register_holds_approved_cards_for_the_whole_organisation(cast, client_for, wmo):
    approved = decided(cast, regeling=wmo, outcome="geen")
    cast.new_case(title="Nog niet", decided=True)  # recorded, not approved
    client = client_for(cast.outsider)  # another team
    page = client.get(reverse("precedents:register")).content.decode()
    assert "1 precedent gevonden." in page and approved.reference in page
    assert "Alleenstaande met een schuldregeling" in page and "Eerder besluit" not in page
    found = client.post(reverse("precedents:register"), {"q": "schuldregeling",
                                                         "outcome": "geen"}, follow=True)
    assert approved.reference in found.content.decode()
    assert "schuldregeling" not in found.redirect_chain[-1][0]
    none = client.get(reverse("precedents:register"), {"outcome": "maatwerk"}).content.decode()
    assert "Geen precedenten gevonden" in none
    by_regeling = client.get(reverse("precedents:register"), {"regeling": wmo.pk})
    assert approved.reference in by_regeling.content.decode()


def test_the_team_list_shows_the_outcome(cast, client_for):
    decided(cast, title="Met uitkomst", outcome="op_maat")
    page = client_for(cast.casemanager).get("/casussen/team/").content.decode()
    assert "Dienstverlening op maat binnen de regels" in page


def test_the_own_teams_cases_cost_the_same_queries_for_1_or_5_shown(
        cast, client_for, wmo, django_assert_max_num_queries):
    """The doorslaggevende argumenten of the own team's cases are loaded for all shown cases
    together: five own-team cases cost no more queries than one."""
    from tests.cases.test_walk_views import count_queries

    current = cast.new_case(title="Nieuw", regeling_ids=[wmo.pk])
    first = decided(cast, title="Eigen team 0", regeling=wmo)
    client = client_for(cast.casemanager)
    url = current.step_url("verkennen")
    one = count_queries(client, url, django_assert_max_num_queries)
    for i in range(1, 5):
        decided(cast, title=f"Eigen team {i}", regeling=wmo)
    five = count_queries(client, url, django_assert_max_num_queries)
    found = similar_decisions(current, cast.casemanager)
    assert len(found) == 5 and all(item.own_team for item in found)
    assert found[0].decisive and first.pk in [item.case.pk for item in found]
    assert five == one


def test_afwegen_shows_the_decisions_and_leaves_the_answer_to_besluit(cast, client_for, wmo):
    """The five theme pages of Afwegen show the similar decisions without the answer form
    (it is asked at Verkennen and Besluit); each links to where the answer goes."""
    current = cast.new_case(title="Nieuw", regeling_ids=[wmo.pk])
    option = services.add_option(current, title="Maatwerk", kind="maatwerk")
    earlier = decided(cast, regeling=wmo)
    client = client_for(cast.casemanager)
    theme = client.get(reverse("cases:weigh_theme", args=[current.pk, option.pk, "welzijn"]))
    page = theme.content.decode()
    assert earlier.reference in page
    assert f'name="v{earlier.pk}-verdict"' not in page
    besluit_link = reverse("cases:step", args=[current.pk, "besluit"])
    assert f'href="{besluit_link}#vergelijkbaar-{earlier.pk}"' in page
    besluit = client.get(besluit_link).content.decode()
    assert f'name="v{earlier.pk}-verdict"' in besluit


def test_every_walk_page_stays_under_60_kb_with_five_similar_decisions(cast, client_for, wmo):
    """Issue 16's HTML budget for a full case as the bench seeds it: every signal marked,
    every argument weighed with a note, every question answered, two own arguments in a
    theme, and five similar decisions beside the walk. (Each further own argument adds about
    2 KB to its theme.)"""
    from tests.cases.test_walk_views import fill_everything, page_urls

    current = cast.new_case(title="Nieuw", regeling_ids=[wmo.pk])
    for i in range(5):
        decided(cast, title=f"Eerder {i}", regeling=wmo)
    option = fill_everything(current, note="Omdat het voor dit gezin telt.",
                             answer="Besproken met de inwoner.", own=2, own_signals=0)
    current.refresh_from_db()
    client = client_for(cast.casemanager)
    urls = page_urls(current, option) + [
        reverse("cases:weigh_theme", args=[current.pk, option.pk, theme.key])
        for theme in card_view(current.card_set, CardKind.ARGUMENTEN).sections]
    sizes = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        sizes[url] = len(response.content)
    assert len(similar_decisions(current, cast.casemanager)) == 5
    assert max(sizes.values()) < 60_000, sizes
