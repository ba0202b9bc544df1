"""With the page cache on: a visitor gets cached pages, a Redacteur publishes, the visitor sees it at once.

Two browsers side by side, as in real life: the visitor's tab never logs in.
"""

import re

import pytest

from distro.core.models import ContentPage
from distro.testing.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_publish_reaches_the_visitor_of_a_cached_page_at_once(
    visit, browser, live_server, redacteur, home, page_cache
):
    artikel = home.add_child(
        instance=ContentPage(
            title="Leerlingenvervoer", slug="vervoer", intro="Aanvragen kan tot 1 juni.", show_in_menus=True
        )
    )
    artikel.save_revision().publish()

    visitor = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = visitor.new_page()
    tab.goto(live_server.url + "/")
    tab.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingenvervoer").click()
    tab.wait_for_url(re.compile(r"/vervoer/$"))
    assert tab.get_by_text("Aanvragen kan tot 1 juni.").is_visible()
    again = tab.reload()
    assert again.headers.get("x-steunpunt-cache") == "hit"
    assert visitor.cookies() == [], "a visitor reading pages gets no cookie"

    editor = visit.page
    login(visit, redacteur, f"/admin/pages/{home.pk}/")
    editor.wait_for_load_state("networkidle")
    editor.get_by_role("link", name="Leerlingenvervoer", exact=True).first.click()
    editor.wait_for_url(re.compile(rf"/admin/pages/{artikel.pk}/edit/$"))
    editor.fill("#id_intro", "Aanvragen kan nu tot 15 juni.")
    publish = editor.locator("footer button[name=action-publish]")
    if not publish.is_visible():  # the first action is "ter goedkeuring"; publishing is in the menu
        editor.locator("footer .w-dropdown__toggle").first.click()
    publish.click()
    editor.wait_for_url(re.compile(rf"/admin/pages/{home.pk}/$"))
    # The editor, logged in, never got a cached page; the visitor's next load is fresh.
    fresh = tab.reload()
    assert fresh.headers.get("x-steunpunt-cache") == "miss"
    assert tab.get_by_text("Aanvragen kan nu tot 15 juni.").is_visible()
    visitor.close()
