"""A new user logs in through the organisation's identity provider, in a real browser, against
a real OpenID Connect provider on localhost (issue 15, part 1)."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import ClaimMapping, Team, User
from tests.accounts import oidc_helpers as idp
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_through_the_provider_and_an_unmapped_user_is_told_why(demo, settings,
                                                                       new_page):
    team = Team.objects.get(slug="wijkteam-noord")
    # The demo's mappings (load_demo), as docs/deployment.md uses them.
    assert ClaimMapping.objects.get(claim_value="wijkteam-noord").team == team
    with idp.provider() as issuer:
        idp.configure(settings, issuer)
        idp.set_user(issuer, "f3a9-sanne", given_name="Sanne", family_name="Bakker",
                     preferred_username="sbakker",
                     groups=["maatwerk-casemanager", "wijkteam-noord"])
        idp.set_user(issuer, "7c1d-piet", given_name="Piet", groups=["communicatie"])

        page = new_page()
        page.goto("/casussen/")
        screenshot(page, "60-inloggen-organisatie")
        page.get_by_role("link", name="Inloggen via Gemeente Voorbeeld").click()
        # The provider's own page: who logs in.
        page.get_by_placeholder("sub").fill("f3a9-sanne")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(re.compile(r".*/casussen/$"))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("body")).to_contain_text("Sanne Bakker")
        user = User.objects.get(oidc_subject="f3a9-sanne")
        assert list(user.teams.all()) == [team]
        assert user.groups.get().name == "casemanager"

        # Logging out ends the session at the provider too, then back to the login page.
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url(re.compile(r".*/oauth2/end_session\?"))
        page.get_by_role("button", name="End session").click()
        page.wait_for_url(re.compile(r".*/inloggen/$"))
        expect(page.get_by_role("link", name="Inloggen via Gemeente Voorbeeld")).to_be_visible()
        page.goto("/casussen/")
        page.wait_for_url(re.compile(r".*/inloggen/\?next="))

        other = new_page()
        other.goto("/inloggen/")
        other.get_by_role("link", name="Inloggen via Gemeente Voorbeeld").click()
        other.get_by_placeholder("sub").fill("7c1d-piet")
        other.get_by_role("button", name="Authorize").click()
        other.wait_for_url("**/inloggen/mislukt/")
        expect(other.get_by_role("alert")).to_contain_text("je hebt in Maatwerk nog geen rol")
        screenshot(other, "61-inloggen-geen-rol")
        assert not User.objects.filter(oidc_subject="7c1d-piet").exists()
