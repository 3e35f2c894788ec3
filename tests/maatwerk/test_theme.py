"""The NL Design System look (issue 16, item 1): the Utrecht component CSS and a theme of
design tokens, vendored as plain CSS; a municipality plugs in its own theme by settings."""

import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def test_pages_load_the_theme_and_the_utrecht_components_before_the_app(cast, client_for):
    page = client_for(cast.casemanager).get("/casussen/nieuw/").content.decode()
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert links == ["/static/vendor/voorbeeld-design-tokens/theme.css",
                     "/static/vendor/utrecht-component-library-css/index.css",
                     "/static/css/app.css"]
    assert '<html lang="nl" class="voorbeeld-theme">' in page
    # Form fields and buttons carry Utrecht's class names.
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in page
    assert "utrecht-form-field" in page and "utrecht-form-label" in page
    assert re.search(r'<button class="utrecht-button utrecht-button--primary-action', page)
    assert 'class="utrecht-nav-bar main-nav"' in page


def test_a_municipality_theme_replaces_the_example_one(cast, client_for, settings):
    settings.THEME_CSS = "gemeente-x/theme.css"
    settings.THEME_CLASS = "gemeente-x-theme"
    page = client_for(cast.casemanager).get("/").content.decode()
    assert 'href="/static/gemeente-x/theme.css"' in page
    assert "voorbeeld-design-tokens" not in page
    assert '<html lang="nl" class="gemeente-x-theme">' in page


def test_a_field_in_error_is_marked_invalid_for_the_theme(cast, client_for):
    response = client_for(cast.casemanager).post("/casussen/nieuw/", {"title": ""})
    page = response.content.decode()
    assert "utrecht-form-field--invalid" in page
    assert "utrecht-textbox--invalid" in page
    assert "utrecht-form-field-error-message" in page


def test_the_vendored_css_fetches_nothing_and_keeps_its_licence():
    """Only data: URLs, so the Content-Security-Policy need not allow any other origin."""
    for folder in ("utrecht-component-library-css", "voorbeeld-design-tokens"):
        assert "EUROPEAN UNION PUBLIC LICENCE" in (VENDOR / folder / "LICENSE.md").read_text()
        for css in (VENDOR / folder).glob("*.css"):
            text = css.read_text()
            urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", text)
            assert all(url.startswith("data:") for url in urls), (css, urls[:3])
            assert "@import" not in text
