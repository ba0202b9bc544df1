"""axe-core finds no WCAG 2.1 A/AA problem on any public page type, in every offered language.

One test per language visits every page type: each live-server test has to
rebuild the demo site after the previous one emptied the database, so fewer,
broader tests keep the suite fast. A failure lists every page with its problems.
"""

import captcha.conf.settings as captcha_settings
import pytest

from distro.core.models import SteunpuntSettings
from distro.socialekaart.models import Thema
from distro.testing.browser import problems_on
from distro.theming.themes import available_themes

pytestmark = pytest.mark.browser


def pages(prefix, query):
    onderwijs = Thema.objects.get(name="Onderwijs", locale__language_code="nl")
    return [
        # (what, path, expected status)
        ("startpagina", f"{prefix}/", 200),
        ("inhoudspagina", f"{prefix}/toegankelijkheid/", 200),
        ("privacyverklaring", f"{prefix}/privacy/", 200),
        ("contact", f"{prefix}/stel-je-vraag/", 200),
        ("vraagformulier", f"{prefix}/stel-je-vraag/vraag/", 200),
        ("bedankt na een vraag", f"{prefix}/stel-je-vraag/bedankt/", 200),
        ("sociale kaart", f"{prefix}/sociale-kaart/", 200),
        ("sociale kaart, gefilterd", f"{prefix}/sociale-kaart/?thema={onderwijs.pk}&gemeente=", 200),
        ("sociale kaart, niets gevonden", f"{prefix}/sociale-kaart/?q=onvindbaar", 200),
        ("zoekresultaten", f"{prefix}/zoeken/?q={query}", 200),
        ("zoeken zonder woord", f"{prefix}/zoeken/", 200),
        ("pagina niet gevonden", f"{prefix}/bestaat-niet/", 404),
    ]


#: Every theme the distro ships: an SWV may choose any of them.
SHIPPED_THEMES = ["standaard", "groot-en-duidelijk", "fris"]

# (language, prefix, direction, a word the demo pages in that language contain)
LANGUAGES = [
    ("nl", "", "ltr", "school"),
    ("en", "/en", "ltr", "school"),
    ("ar", "/ar", "rtl", "مركز"),
    ("tr", "/tr", "ltr", "destek"),
    ("pl", "/pl", "ltr", "punkt"),
    ("uk", "/uk", "ltr", "центр"),
]

# Every language in the default theme; every other theme in Dutch and in the
# right-to-left language. A theme changes colours and type, not the text, so
# this covers each theme × direction without running 18 full site visits.
COMBINATIONS = [("standaard", *language) for language in LANGUAGES] + [
    (theme, *language) for theme in SHIPPED_THEMES[1:] for language in LANGUAGES if language[0] in ("nl", "ar")
]


def test_every_shipped_theme_is_checked():
    assert set(SHIPPED_THEMES) <= set(available_themes())


@pytest.mark.parametrize("theme, language, prefix, direction, query", COMBINATIONS)
def test_every_public_page_type_passes_axe(visit, site, monkeypatch, theme, language, prefix, direction, query):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.theme = theme
    site_settings.save()
    page = visit.page
    problems = []
    for what, path, status in pages(prefix, query):
        visit.goto(path, status=status)
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), what
        assert f"steunpunt-theme--{theme}" in html.get_attribute("class"), what
        if what == "zoekresultaten":
            assert page.locator(".search-results__item").count() > 0, "the search should find the demo pages"
        if what == "sociale kaart, gefilterd":
            assert page.locator(".card").count() == 2, "two demo organisations work on Onderwijs"
        problems += problems_on(visit, what)

    # The question form with its error messages.
    visit.goto(f"{prefix}/stel-je-vraag/")
    page.locator(".question-form a.button").click()  # "Stel uw vraag", in the page's language
    page.locator(".question-form button[type=submit]").click()  # labelled in the page's language
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    problems += problems_on(visit, "vraagformulier met foutmeldingen")

    assert problems == []
    assert visit.csp_violations == []
    assert visit.foreign_requests == []
