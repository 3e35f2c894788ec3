"""A form that comes back with errors puts the focus on its first field in error, in plain
HTML (autofocus), so it works without JavaScript (issue 16, item 6)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def autofocused(html):
    return re.findall(r'<(?:input|textarea|select)[^>]*\bautofocus\b[^>]*>', html)


def test_the_first_field_in_error_gets_the_focus_and_only_that_one(cast, client_for):
    client = client_for(cast.casemanager)
    page = client.post("/casussen/nieuw/", {"title": "", "inwoner_ref": "x" * 500})
    html = page.content.decode()
    assert page.status_code == 200 and "error-message" in html
    fields = autofocused(html)
    assert len(fields) == 1 and 'name="title"' in fields[0]


def test_a_fresh_form_takes_no_focus(cast, client_for):
    assert autofocused(client_for(cast.casemanager).get("/casussen/nieuw/").content.decode()) == []
