"""Site search, sitemap.xml and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from core_helpers import add_content_page
from django.db import connection  # noqa: F401  (used by the skipif condition)
from wagtail.models import Locale

from distro.core.views import RESULTS_PER_PAGE

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    main = html.select_one("main")
    return [a.get_text(strip=True) for a in main.select("ol a")], main, html


def test_dutch_query_finds_a_page(client, home):
    # A word that no demo page (core or plugin) uses, so exactly this page is found.
    add_content_page(home, "Vrijstelling", intro="Wanneer hoeft uw kind niet naar school te gaan?")
    titles, main, _html = results(client.get("/zoeken/", {"q": "vrijstelling"}))
    assert titles == ["Vrijstelling"]
    assert '1 resultaat voor "vrijstelling"' in main.get_text()


def test_search_finds_words_in_the_body(client, home):
    add_content_page(
        home, "Gesprek op school", [("paragraph", "<p>Neem gerust een vertrouwenspersoon mee naar het gesprek.</p>")]
    )
    titles, _main, _html = results(client.get("/zoeken/", {"q": "vertrouwenspersoon"}))
    assert titles == ["Gesprek op school"]


def test_search_finds_the_demo_page(client, site):
    titles, _main, _html = results(client.get("/zoeken/", {"q": "ondersteuning"}))
    assert "Zo werkt het in onze regio" in titles


def test_search_with_several_words_needs_all_of_them(client, home):
    add_content_page(home, "Leerlingenvervoer", intro="Vervoer naar school voor leerlingen.")
    add_content_page(home, "Vervoer algemeen", intro="Vervoer in de regio.")
    titles, _main, _html = results(client.get("/zoeken/", {"q": "vervoer leerlingen"}))
    assert titles == ["Leerlingenvervoer"]


def test_empty_query_shows_a_hint_and_no_results(client, site):
    for params in [{}, {"q": ""}, {"q": "   "}]:
        titles, main, _html = results(client.get("/zoeken/", params))
        assert titles == []
        assert "Typ een woord in het zoekveld" in main.get_text()


def test_nothing_found(client, site):
    titles, main, _html = results(client.get("/zoeken/", {"q": "xylofoonles"}))
    assert titles == []
    assert "Niets gevonden" in main.get_text()


def test_search_escapes_the_query(client, site):
    response = client.get("/zoeken/", {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    assert b'<script>alert("x")' not in response.content
    assert b"&lt;script&gt;" in response.content


def test_search_does_not_find_unpublished_or_other_language_pages(client, home):
    draft = add_content_page(home, "Geheim concept zebrapad")
    draft.unpublish()
    en = Locale.objects.get(language_code="en")
    english = add_content_page(home, "Zebrapad in het Nederlands")
    english.copy_for_translation(en).save_revision().publish()
    titles, _main, _html = results(client.get("/zoeken/", {"q": "zebrapad"}))
    assert titles == ["Zebrapad in het Nederlands"]
    titles, _main, _html = results(client.get("/en/zoeken/", {"q": "zebrapad"}))
    assert titles == ["Zebrapad in het Nederlands"]  # the English copy, found on the English search


def test_search_pagination(client, home):
    total = RESULTS_PER_PAGE + 5
    for i in range(total):
        add_content_page(home, f"Schoolondersteuningsprofiel {i:02d}")
    first, main, _html = results(client.get("/zoeken/", {"q": "schoolondersteuningsprofiel"}))
    assert len(first) == RESULTS_PER_PAGE
    assert f"{total} resultaten" in main.get_text()
    assert "Pagina 1 van 2" in main.get_text()
    next_link = main.find("a", string="Volgende")
    assert next_link is not None and "pagina=2" in next_link["href"]
    second, main, _html = results(client.get("/zoeken/", {"q": "schoolondersteuningsprofiel", "pagina": 2}))
    assert len(second) == 5 and not set(first) & set(second)
    assert main.find("a", string="Vorige") is not None and main.find("a", string="Volgende") is None
    # Bad page numbers do not break the page.
    assert results(client.get("/zoeken/", {"q": "schoolondersteuningsprofiel", "pagina": "abc"}))[0] == first
    assert results(client.get("/zoeken/", {"q": "schoolondersteuningsprofiel", "pagina": 99}))[0] == second


def test_search_only_answers_get(client, site):
    assert client.post("/zoeken/", {"q": "school"}).status_code == 405


# --- sitemap.xml and robots.txt ---------------------------------------------------


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in tree.findall("s:url/s:loc", ns)]


def test_sitemap_lists_the_pages(client, home):
    page = add_content_page(home, "In de sitemap", slug="in-de-sitemap")
    paths = [url.split("://", 1)[1].split("/", 1)[1] for url in sitemap_urls(client)]
    paths = ["/" + p for p in paths]
    for expected in ["/", "/stel-je-vraag/", "/sociale-kaart/", "/privacy/", "/toegankelijkheid/", "/in-de-sitemap/"]:
        assert expected in paths
    assert "/en/stel-je-vraag/" in paths  # translations too
    page.unpublish()
    assert not any(url.endswith("/in-de-sitemap/") for url in sitemap_urls(client))


def test_robots_txt(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    # Search result pages in every language are not worth crawling.
    assert "Disallow: /zoeken/" in lines and "Disallow: /en/zoeken/" in lines
    assert not any(line == "Disallow: /" for line in lines)


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="Dutch stemming needs PostgreSQL's 'dutch' text search configuration"
)
def test_dutch_stemming_on_postgresql(client, home):
    add_content_page(home, "Voorbereiden", intro="Tips voor gesprekken met de leerkrachten van uw kind.")
    titles, _main, _html = results(client.get("/zoeken/", {"q": "gesprek leerkracht"}))
    assert "Voorbereiden" in titles  # only the plurals "gesprekken" and "leerkrachten" are on it
