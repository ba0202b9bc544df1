"""A visitor switches language with the switcher, by clicking: nl -> ar -> nl, on a content page and a national page.

A page that has no Arabic translation leads to its nearest Arabic ancestor,
which says so in Arabic.
"""

import os

import pytest
from django.core.management import call_command, get_commands
from django.utils import translation

from distro.testing.browser import problems_on

pytestmark = pytest.mark.browser


def switch_to(page, language_name):
    page.locator(".language-switcher").get_by_role("link", name=language_name, exact=True).click()
    page.wait_for_load_state()


def html_lang(page):
    html = page.locator("html")
    return html.get_attribute("lang"), html.get_attribute("dir")


def arabic(text):
    with translation.override("ar"):
        return translation.gettext(text)


def test_visitor_switches_a_content_page_to_arabic_and_back(visit):
    page = visit.page
    visit.goto("/")
    page.locator(".site-footer").get_by_role("link", name="Privacyverklaring").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Privacyverklaring"

    switch_to(page, "العربية")
    assert page.url == visit.url("/ar/privacy/")
    assert html_lang(page) == ("ar", "rtl")
    assert page.locator("h1").inner_text() == "بيان الخصوصية"
    assert page.locator(".translation-notice").count() == 0
    # The phone number (in the page's contact details, shown once per page) reads left to right in Arabic.
    phone = page.locator("a[href^='tel:']").first
    assert phone.get_attribute("dir") == "ltr"
    assert problems_on(visit, "privacyverklaring in het Arabisch") == []

    switch_to(page, "Nederlands")
    assert page.url == visit.url("/privacy/")
    assert html_lang(page) == ("nl", "ltr")
    assert page.locator("h1").inner_text() == "Privacyverklaring"


def test_visitor_switches_a_national_page_to_arabic_and_back(visit, site):
    if "sync_informatieset" not in get_commands():
        pytest.skip("the informatieset plugin is not enabled")
    with open(os.devnull, "w") as devnull:
        call_command("sync_informatieset", stdout=devnull, stderr=devnull)
    page = visit.page
    visit.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Informatie", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Informatie voor ouders").first.click()
    page.wait_for_load_state()
    dutch_url = page.url

    switch_to(page, "العربية")
    assert html_lang(page) == ("ar", "rtl")
    assert "/ar/informatie/" in page.url
    assert page.locator("h1").inner_text() != "Informatie voor ouders"
    assert page.locator(".translation-notice").count() == 0
    assert problems_on(visit, "landelijke pagina in het Arabisch") == []

    switch_to(page, "Nederlands")
    assert page.url == dutch_url
    assert page.locator("h1").inner_text() == "Informatie voor ouders"

    # A national page for young people has no Arabic version: the switcher leads to the
    # nearest Arabic page above it, which tells the visitor in Arabic.
    visit.goto("/informatie/voor-jongeren/")
    switch_to(page, "العربية")
    assert html_lang(page) == ("ar", "rtl")
    notice = page.locator(".translation-notice--fallback")
    assert notice.inner_text() == arabic(
        "De pagina die u zocht, is niet vertaald in deze taal. U ziet de dichtstbijzijnde pagina die wel vertaald is."
    )
    assert problems_on(visit, "dichtstbijzijnde pagina met melding") == []
