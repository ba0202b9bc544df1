"""A Redacteur adds "In onze regio" to a national page in the real admin, in a browser."""

import re
import sys
from pathlib import Path

import pytest

from distro.testing.browser import login
from plugins.informatieset_sync.models import InformatiesetPage

# The helpers that build locked pages without a sync live with the plugin's tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins" / "informatieset_sync"))
from national_helpers import index_page, national_page  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True)

NATIONAL = "Elk kind krijgt een plek op een school die past."
REGIONAL = "Het steunpunt in onze regio belt u binnen twee dagen terug."


def test_redacteur_adds_regional_text_and_the_public_page_shows_both(visit, redacteur, home):
    from playwright.sync_api import expect

    page = national_page(index_page(home), title="Wat is passend onderwijs?", slug="passend-onderwijs")
    edit_path = f"/admin/pages/{page.pk}/edit/"
    login(visit, redacteur, edit_path)
    browser_page = visit.page

    # The national text is shown, but not as something to edit.
    assert NATIONAL in browser_page.content()
    assert browser_page.locator("input[name=title], textarea[name=summary], input[name=slug]").count() == 0
    assert browser_page.locator("[data-contentpath=national_body] [contenteditable=true]").count() == 0

    # Add a paragraph to "In onze regio".
    regional = browser_page.locator("[data-contentpath=regional_body]")
    regional.get_by_role("button", name=re.compile("Blok invoegen|Insert a block")).first.click()
    browser_page.get_by_role("option", name="Tekst").first.click()
    editor = regional.locator(".public-DraftEditor-content").first
    editor.click()
    browser_page.keyboard.type(REGIONAL, delay=5)
    expect(editor).to_contain_text(REGIONAL)
    # Draftail writes its hidden input a moment after the last key press.
    browser_page.wait_for_timeout(500)

    # Publish: the action lives in the footer's dropdown.
    browser_page.locator("footer .w-dropdown__toggle").first.click()
    browser_page.locator("button[name=action-publish]").click()
    browser_page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    saved = InformatiesetPage.objects.get(pk=page.pk)
    assert REGIONAL in str(saved.regional_body)
    assert saved.title == "Wat is passend onderwijs?" and NATIONAL in str(saved.national_body.raw_data)

    visit.goto(saved.url)
    main = browser_page.locator("main")
    assert NATIONAL in main.inner_text()
    assert REGIONAL in main.inner_text()
