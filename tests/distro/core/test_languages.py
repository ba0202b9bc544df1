"""Every public page in every language: the switcher, untranslated pages, hreflang, the sitemap's host.

The demo site (setup_site --demo) has its core pages translated into en, ar,
tr, pl and uk; the informatieset has its parents' core pages in all of them.
"""

import os
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from core_helpers import add_content_page
from django.conf import settings
from django.core.management import call_command, get_commands
from django.utils import translation
from wagtail.models import Locale, Page, Site

from distro.core import demo_translations
from distro.core.languages import text_fields
from distro.core.models import SteunpuntSettings

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en", "ar", "tr", "pl", "uk"]
CORE_PATHS = ["/", "/stel-je-vraag/", "/sociale-kaart/", "/privacy/", "/toegankelijkheid/", "/agenda/", "/informatie/"]


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def prefixed(code, path):
    return path if code == "nl" else f"/{code}{path}"


def switcher_links(html):
    return [(a["lang"], a["href"]) for a in html.select(".language-switcher a")]


def in_language(code, text):
    with translation.override(code):
        return translation.gettext(text)


@pytest.fixture
def synced(site):
    """The bundled informatieset, synced as on a new site (tests skip that by default)."""
    if "sync_informatieset" not in get_commands():
        pytest.skip("the informatieset plugin is not enabled")
    with open(os.devnull, "w") as devnull:
        call_command("sync_informatieset", stdout=devnull, stderr=devnull)
    return site


# --- The language switcher ------------------------------------------------------


def test_every_switch_link_on_every_page_leads_to_that_page_or_its_nearest_translated_ancestor(client, synced):
    """Before: 334 of 830 links fell back silently to a home page."""
    site = synced
    roots = site.root_page.get_translations(inclusive=True)
    pages = [p for root in roots for p in root.get_descendants(inclusive=True).live().public().specific()]
    by_url = {p.get_url(): p for p in pages}
    assert len(pages) > 100
    checked = fallbacks = 0
    for page in pages:
        html = soup(client.get(page.get_url()))
        links = switcher_links(html)
        assert [lang for lang, _href in links] == LANGUAGES, page.url_path
        lineage = [a.translation_key for a in page.get_ancestors(inclusive=True)]
        for lang, href in links:
            path, _, query = href.partition("?")
            target = by_url.get(path)
            assert target is not None, f"{page.get_url()} -> {href}: no page"
            assert target.locale.language_code == lang, f"{page.get_url()} -> {href}"
            if target.translation_key == page.translation_key:
                assert query == "", href
            else:
                # An ancestor, the nearest one in that language, and the visitor is told.
                assert target.translation_key in lineage, f"{page.get_url()} -> {href}"
                assert query == "vertaling=ontbreekt", href
                nearer = lineage[lineage.index(target.translation_key) + 1 :]
                assert not Page.objects.live().filter(translation_key__in=nearer, locale=target.locale).exists()
                fallbacks += 1
            checked += 1
    assert checked == len(pages) * len(LANGUAGES)
    assert fallbacks > 0  # national pages for young people are in nl and en only


def test_the_fallback_notice_is_in_the_target_language(client, site, home):
    page = add_content_page(home, "Alleen Nederlands", slug="alleen-nederlands")
    links = dict(switcher_links(soup(client.get(page.url))))
    assert links["ar"] == "/ar/?vertaling=ontbreekt"
    html = soup(client.get(links["ar"]))
    notice = html.select_one(".translation-notice--fallback")
    assert notice.get_text(strip=True) == in_language(
        "ar",
        "De pagina die u zocht, is niet vertaald in deze taal. U ziet de dichtstbijzijnde pagina die wel vertaald is.",
    )
    assert notice.find_parent("main") is None  # in the page's language, outside the content
    # Without the parameter (a bookmark, the home link) there is no notice.
    assert soup(client.get("/ar/")).select_one(".translation-notice") is None


# --- Untranslated pages ----------------------------------------------------------


def untranslated_copy(home, code="ar"):
    page = add_content_page(
        home, "Nog in het Nederlands", slug="nog-nederlands", intro="Een pagina die niemand vertaalde."
    )
    copy = page.copy_for_translation(Locale.objects.get(language_code=code))
    copy.save_revision().publish()
    return page, copy


def test_an_untranslated_page_says_so_in_the_visitors_language_and_marks_the_dutch_text(client, site, home):
    page, copy = untranslated_copy(home)
    html = soup(client.get(copy.get_url()))
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    notice = html.select_one(".translation-notice--untranslated")
    assert in_language("ar", "Deze pagina is nog niet vertaald. Hieronder staat de Nederlandse tekst.") in notice.text
    link = notice.find("a")
    assert link["href"] == page.url and link.get_text(strip=True) == in_language("ar", "Naar de Nederlandse pagina")
    main = html.find("main")
    assert notice.find_parent("main") is None
    # The editor's text is marked Dutch; the interface around it stays Arabic.
    for element in (main.find("h1"), main.select_one(".lead"), main.select_one(".stream")):
        assert (element["lang"], element["dir"]) == ("nl", "ltr"), element.name
    assert main.find("h1").get_text(strip=True) == "Nog in het Nederlands"
    assert main.select_one(".lead").get_text(strip=True) == "Een pagina die niemand vertaalde."
    assert not main.has_attr("lang")
    assert html.select_one(".site-footer h2").get_text(strip=True) == in_language("ar", "Contact met het steunpunt")


@pytest.mark.parametrize("path", ["/ar/stel-je-vraag/", "/ar/sociale-kaart/", "/ar/agenda/", "/ar/informatie/", "/ar/"])
def test_untranslated_copies_of_every_page_type_mark_their_text_dutch(client, site, path):
    """Make the demo's translation a Dutch copy again: each page type marks its own text."""
    [page] = [p for p in Page.objects.live().filter(locale__language_code="ar") if p.get_url() == path]
    dutch = page.get_translation(Locale.objects.get(language_code="nl")).specific
    copy = page.specific
    for field in text_fields(type(copy)):
        setattr(copy, field.name, field.value_from_object(dutch))
    copy.save_revision().publish()
    html = soup(client.get(path))
    assert html.select_one(".translation-notice--untranslated") is not None, path
    h1 = html.find("main").find("h1")
    assert (h1["lang"], h1["dir"]) == ("nl", "ltr"), path
    lead = html.find("main").select_one(".lead")
    if lead is not None:
        assert lead["lang"] == "nl", path


# --- hreflang --------------------------------------------------------------------


def alternates(html):
    return {link["hreflang"]: link["href"] for link in html.find_all("link", rel="alternate", hreflang=True)}


@pytest.mark.parametrize("code", LANGUAGES)
def test_core_pages_have_hreflang_alternates_for_every_language(client, site, code):
    for path in CORE_PATHS:
        links = alternates(soup(client.get(prefixed(code, path))))
        expected = {lang: f"http://testserver{prefixed(lang, path)}" for lang in LANGUAGES}
        expected["x-default"] = f"http://testserver{path}"
        assert links == expected, path


def test_hreflang_leaves_out_missing_and_untranslated_languages(client, synced, home):
    page, _copy = untranslated_copy(home, "ar")
    assert alternates(soup(client.get(page.url))) == {}  # only Dutch really exists: nothing to point at
    # A national page for young people exists in nl and en only.
    youth = Page.objects.get(locale__language_code="nl", url_path__endswith="/informatie/voor-jongeren/")
    links = alternates(soup(client.get(youth.url)))
    assert set(links) == {"nl", "en", "x-default"}


# --- The sitemap -------------------------------------------------------------------


def sitemap_locations(client, **extra):
    response = client.get("/sitemap.xml", **extra)
    assert response.status_code == 200
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in ET.fromstring(response.content).findall("s:url/s:loc", ns)]


def test_sitemap_uses_the_request_host_when_the_site_has_none(client, site, settings):
    settings.ALLOWED_HOSTS = ["*"]
    site.hostname, site.port = "localhost", 8000
    site.save()
    locations = sitemap_locations(client, HTTP_HOST="steunpunt.example.nl")
    assert locations and all(url.startswith("http://steunpunt.example.nl/") for url in locations)
    assert not any("localhost" in url for url in locations)


def test_sitemap_uses_the_sites_own_host_name(client, site, settings):
    settings.ALLOWED_HOSTS = ["*"]
    site.hostname, site.port = "steunpunt.swv-voorbeeld.nl", 443
    site.save()
    locations = sitemap_locations(client, HTTP_HOST="steunpunt.swv-voorbeeld.nl", secure=True)
    assert "https://steunpunt.swv-voorbeeld.nl/ar/privacy/" in locations
    assert all(url.startswith("https://steunpunt.swv-voorbeeld.nl/") for url in locations)


# --- The demo in every language ------------------------------------------------------


def texts_of(page):
    """Every text in the page's own fields and streams (not ids, block types or numbers)."""
    found = set()

    def walk(value):
        if isinstance(value, str):
            if re.search(r"[^\W\d_]{3,}", value):
                found.add(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in ("id", "type", "level", "kind"):
                    walk(item)

    found.add(page.title)
    for field in type(page)._meta.concrete_fields:
        if field.model is Page or field.name.endswith("_ptr"):
            continue
        value = field.value_from_object(page)
        if hasattr(value, "raw_data"):
            walk(list(value.raw_data))
        elif isinstance(value, str):
            walk(value)
    return found


#: Words that are the same in Dutch and a translation.
SAME_IN_BOTH = {"Cookies", "Agenda"}


@pytest.mark.parametrize("code", ["en", "ar", "tr", "pl", "uk"])
def test_demo_core_pages_have_no_dutch_text_left(site, code):
    home = site.root_page.specific
    for dutch in [home, *home.get_children().live().specific()]:
        copy = dutch.get_translation(Locale.objects.get(language_code=code)).specific
        left = texts_of(dutch) & texts_of(copy) - SAME_IN_BOTH
        assert left == set(), f"{dutch.url_path} in {code} is still Dutch: {sorted(left)[:3]}"


@pytest.mark.parametrize("code", ["en", "ar", "tr", "pl", "uk"])
def test_menus_and_footer_are_in_the_visitors_language(client, site, code):
    html = soup(client.get(f"/{code}/"))
    labels = [a.get_text(strip=True) for a in html.select(".site-footer nav a")]
    assert labels, "the footer menu is empty"
    for label in labels + [a.get_text(strip=True) for a in html.select("nav.main-menu a, .main-menu a")]:
        assert label not in {"Privacyverklaring", "Toegankelijkheidsverklaring", "Stel je vraag", "Sociale kaart"}
    hours = in_language(code, "Maandag tot en met donderdag, 9.00 - 17.00 uur")
    assert hours != "Maandag tot en met donderdag, 9.00 - 17.00 uur"
    # The opening hours are in the page's one contact block (the footer leaves them out then).
    assert hours in html.select_one(".contact-details").text


def test_opening_hours_the_catalogue_does_not_know_are_marked_dutch(client, site):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.opening_hours = "Elke dag van 8.00 tot 20.00 uur"
    site_settings.save()
    span = soup(client.get("/ar/")).select_one(".contact-details").find(string="Elke dag van 8.00 tot 20.00 uur").parent
    assert (span.name, span["lang"], span["dir"]) == ("span", "nl", "ltr")
    assert soup(client.get("/")).select_one(".contact-details").find("span", lang="nl") is None


@pytest.mark.parametrize("code", ["en", "ar", "tr", "pl", "uk"])
def test_the_informatieset_offers_the_parents_core_pages(client, synced, code):
    html = soup(client.get(f"/{code}/informatie/"))
    for slug in ["voor-ouders", "passend-onderwijs", "zorgplicht", "aanmelden", "thuiszitten", "het-steunpunt"]:
        path = "/informatie/" if slug == "voor-ouders" else "/informatie/voor-ouders/"
        dutch = Page.objects.get(locale__language_code="nl", url_path__endswith=f"{path}{slug}/")
        translated = dutch.get_translation_or_none(Locale.objects.get(language_code=code))
        assert translated is not None and translated.live, (code, slug)
    assert html.select_one("main").get("lang") is None


def test_demo_translations_cover_every_language_offered():
    assert set(demo_translations.LANGUAGES) == {code for code, _name in settings.LANGUAGES} - {"nl"}
    for module in demo_translations.LANGUAGES.values():
        assert set(module.TEXTS) == set(demo_translations.DUTCH)


def test_translate_demo_pages_leaves_an_editors_translation_alone(site):
    home = site.root_page.specific
    en_privacy = Page.objects.get(locale__language_code="en", slug="privacy").specific
    en_privacy.title = "Our privacy statement"
    en_privacy.save_revision().publish()
    demo_translations.translate_demo_pages(home)
    assert Page.objects.get(pk=en_privacy.pk).title == "Our privacy statement"
    assert Site.objects.count() == 1
