"""Dutch login and logout; everything else behind login."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_the_dutch_login_page(client):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/inloggen/?next=/")
    page = response.content.decode()
    assert '<html lang="nl"' in page
    assert "Gebruikersnaam" in page and "Wachtwoord" in page


@pytest.mark.django_db
def test_login_with_a_wrong_password_gives_a_dutch_message(cast):
    client = Client()
    response = client.post("/inloggen/", {"username": "casemanager", "password": "fout"})
    assert response.status_code == 200
    assert "Je gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_and_logout(cast):
    client = Client()
    response = client.post("/inloggen/", {"username": "casemanager",
                                          "password": "Een-lang-wachtwoord-2026"})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "Wat wacht op jou" in home.content.decode()
    assert client.post("/uitloggen/").status_code == 302
    assert client.get("/").status_code == 302
