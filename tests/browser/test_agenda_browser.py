"""The agenda's public pages in a real browser: axe-core WCAG 2.1 A/AA, reflow and the keyboard.

The demo site already has an agenda with a meeting in every state (places
left, full with a waiting list, online, a course, cancelled, past); each
live-server test rebuilds it, so a test visits many pages rather than one.
The sign-up form's own flow and error states are tested with the form.
"""

import captcha.conf.settings as captcha_settings
import pytest
from wagtail.models import Site

from distro.core.models import SteunpuntSettings
from distro.testing.browser import FOCUS, problems_on, tab_until

pytestmark = pytest.mark.browser

LANGUAGES = [("nl", "", "ltr"), ("ar", "/ar", "rtl")]

DETAIL = [
    ("open, nog plaatsen", "passend-onderwijs-hoe-werkt-het"),
    ("vol met wachtlijst", "naar-het-voortgezet-onderwijs"),
    ("online", "online-het-opp"),
    ("cursus", "cursus-samen-sterk-voor-je-kind"),
    ("afgelast", "spreekuur-voor-jongeren"),
    ("voorbij", "thuiszitten-voorkomen"),
]


@pytest.mark.parametrize("theme", ["standaard", "groot-en-duidelijk"])
def test_agenda_pages_pass_axe_in_both_themes_and_languages(visit, monkeypatch, theme):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)
    settings = SteunpuntSettings.for_site(Site.objects.get(is_default_site=True))
    settings.theme = theme
    settings.save()
    page = visit.page
    problems = []
    for language, prefix, direction in LANGUAGES:
        views = [
            ("agenda", f"{prefix}/agenda/", 5),
            ("agenda, gefilterd", f"{prefix}/agenda/?voor=ouders&thema=passend-onderwijs&plaats=online", 1),
            ("agenda, niets gevonden", f"{prefix}/agenda/?voor=kinderen", 0),
            ("archief", f"{prefix}/agenda/?archief=1", 1),
            ("startpagina met Binnenkort", f"{prefix}/", 3),
        ] + [(f"bijeenkomst {what}", f"/agenda/{slug}/", None) for what, slug in DETAIL]
        for what, path, cards in views:
            what = f"{theme}, {language}, {what}"
            if path.startswith("/agenda/") and prefix:
                continue  # meetings are Dutch pages; their detail pages are visited once, under nl
            visit.goto(path)
            html = page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), what
            assert f"steunpunt-theme--{theme}" in html.get_attribute("class"), what
            if cards is not None:
                assert page.locator("main .agenda-card").count() == cards, what
            problems += problems_on(visit, what)
    assert problems == []
    assert visit.foreign_requests == []
    assert visit.csp_violations == []


def test_keyboard_filters_the_agenda_and_opens_a_meeting(visit):
    page = visit.page
    visit.goto("/agenda/")

    # Tab to "Voor wie", choose "Jongeren" by typing, then "Online of op locatie", then the button.
    tab_until(page, lambda f: f["id"] == "id_voor")
    page.keyboard.type("Jongeren")
    assert page.locator("#id_voor").input_value() == "jongeren"
    tab_until(page, lambda f: f["id"] == "id_plaats", limit=3)
    page.keyboard.type("Op locatie")
    assert page.locator("#id_plaats").input_value() == "op-locatie"
    focused = tab_until(page, lambda f: f["tag"] == "BUTTON", limit=3)
    assert focused["text"] == "Toon bijeenkomsten"
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert "voor=jongeren" in page.url and "plaats=op-locatie" in page.url
    assert page.locator("main .agenda-card .card__title").all_inner_texts() == ["Spreekuur voor jongeren"]
    assert page.locator("main .agenda-badge").inner_text() == "Gaat niet door"

    # After the button: the clear link; then on to the meeting and open it with Enter.
    tab_until(page, lambda f: f["text"] == "Toon bijeenkomsten")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["text"] == "Alle filters wissen"
    tab_until(page, lambda f: f["text"] == "Spreekuur voor jongeren")
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert page.url.endswith("/agenda/spreekuur-voor-jongeren/")
    assert page.get_by_role("heading", name="Deze bijeenkomst gaat niet door").is_visible()
