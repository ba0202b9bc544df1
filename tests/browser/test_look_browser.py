"""The look of the public site as a visitor meets it: on a phone, without JavaScript, on paper, with text spacing."""

import pytest

from distro.core.models import SteunpuntSettings
from distro.testing.browser import Visit, problems_on

pytestmark = pytest.mark.browser

#: WCAG 1.4.12 Text Spacing: what a reader's own style sheet may set.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-block-end: 2em !important; }
"""


def test_mobile_header_leaves_room_for_the_title(visit):
    visit.page.set_viewport_size({"width": 375, "height": 700})
    for path in ["/", "/zo-werkt-het-in-onze-regio/", "/privacy/", "/ar/"]:
        visit.goto(path)
        heading = visit.page.locator("main h1").bounding_box()
        # Was 465 px: the visitor had to scroll before seeing what the page is about.
        assert heading["y"] < 220, f"{path}: the main heading starts at {heading['y']}px"
        assert visit.page.locator("main h1").is_visible()


def test_menu_opens_and_works_without_javascript(browser, live_server, site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    visit = Visit(page, live_server.url)
    visit.goto("/")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert not menu.is_visible(), "on a phone the menu starts closed"
    page.get_by_text("Menu", exact=True).click()
    assert menu.is_visible()
    assert page.get_by_role("searchbox").is_visible()
    menu.get_by_role("link", name="Sociale kaart").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "Sociale kaart"
    # On a wide screen the menu is simply there, no button to press.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert not page.get_by_text("Menu", exact=True).is_visible()
    context.close()


def test_call_to_action_and_ways_in_by_keyboard_and_click(visit):
    visit.goto("/")
    page = visit.page
    page.get_by_role("link", name="Voor professionals").click()
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "Voor professionals"
    visit.goto("/")
    page.locator(".pillar", has_text="Steunen").click()  # the whole card is the link
    page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "Stel je vraag"
    visit.goto("/")
    page.get_by_role("main").get_by_role("link", name="Stel je vraag").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/stel-je-vraag/")


def test_print_shows_faq_answers_and_no_menu(visit):
    visit.goto("/zo-werkt-het-in-onze-regio/")
    page = visit.page
    answer = page.get_by_text("Nee, het steunpunt is gratis.")
    assert not answer.is_visible(), "on screen the answer is folded"
    page.emulate_media(media="print")
    assert answer.is_visible()
    assert not page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert not page.get_by_role("search").is_visible()
    assert page.pdf()[:4] == b"%PDF"


@pytest.mark.parametrize(
    "path", ["/", "/zo-werkt-het-in-onze-regio/", "/stel-je-vraag/", "/stel-je-vraag/vraag/", "/ar/"]
)
def test_nothing_overflows_at_320px_with_text_spacing(visit, path):
    page = visit.page
    page.set_viewport_size({"width": 320, "height": 800})
    visit.goto(path)
    # The site's CSP refuses inline <style>; a constructed style sheet is what a reader's extension uses.
    page.evaluate(
        "css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
        " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }",
        TEXT_SPACING,
    )
    page.locator("header summary").click()  # the open menu must fit too
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('footer *, header *, main *')]
            .filter(e => { const r = e.getBoundingClientRect(); return e.checkVisibility() && r.width && (r.right > 320.5 || r.left < -0.5); })
            .map(e => e.tagName + '.' + e.className + ': ' + (e.innerText || '').slice(0, 30))"""
    )
    assert overflowing == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_third_theme_passes_axe(visit, site):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.theme = "fris"
    site_settings.save()
    problems = []
    for path in ["/", "/zo-werkt-het-in-onze-regio/", "/stel-je-vraag/"]:
        visit.goto(path)
        assert "steunpunt-theme--fris" in visit.page.locator("html").get_attribute("class")
        problems += problems_on(visit, path)
    assert problems == []
