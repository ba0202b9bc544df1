"""The render cache answers what every page looks up the same way (the site, the route, view
restrictions, the settings, the language links and breadcrumbs) without changing a byte of any
page, and is never stale: every change an editor or Beheerder makes shows on the next request.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from test_page_get_writes_nothing import public_page_urls
from wagtail.models import Page, PageViewRestriction, Site

from distro.core.models import ContentPage, HomePage, SteunpuntSettings
from distro.pagecache import store

pytestmark = pytest.mark.django_db

#: The issue's ceiling for any public page rendered without the page cache.
MAX_QUERIES = 8


def html_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def add_page(parent, title, slug):
    page = parent.add_child(instance=ContentPage(title=title, slug=slug, intro=f"Over {title.lower()}."))
    page.save_revision().publish()
    return ContentPage.objects.get(pk=page.pk)


@pytest.fixture
def page_urls(site, home):
    # The iCalendar feeds carry the moment they were made (DTSTAMP): not comparable byte for byte.
    return [url for url in public_page_urls(home) if not url.endswith(".ics")] + ["/en/", "/ar/"]


def test_every_page_is_the_same_with_and_without_the_render_cache(client, settings, page_urls):
    settings.STEUNPUNT_PAGE_CACHE = False
    settings.STEUNPUNT_RENDER_CACHE = False
    urls = page_urls
    plain = {url: html_of(client, url) for url in urls}
    settings.STEUNPUNT_RENDER_CACHE = True
    store.clear()
    try:
        for url in urls:
            assert html_of(client, url) == plain[url], f"{url}, filling the render cache"
            assert html_of(client, url) == plain[url], f"{url}, from the render cache"
    finally:
        store.clear()


def test_a_page_from_a_warm_render_cache_needs_at_most_eight_queries(client, render_cache, page_urls):
    for url in page_urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= MAX_QUERIES, f"{url}: " + "\n".join(q["sql"][:160] for q in queries.captured_queries)


def test_a_renamed_or_unpublished_page_is_routed_anew_at_once(client, render_cache, home):
    page = add_page(home, "Leerplicht", "leerplicht")
    assert "Over leerplicht." in html_of(client, "/leerplicht/")
    page.slug = "leerplicht-en-verzuim"
    page.save_revision().publish()
    html_of(client, "/leerplicht/", status=404)
    assert "Over leerplicht." in html_of(client, "/leerplicht-en-verzuim/")
    Page.objects.get(pk=page.pk).unpublish()
    html_of(client, "/leerplicht-en-verzuim/", status=404)


def test_breadcrumbs_follow_a_renamed_parent(client, render_cache, home):
    parent = add_page(home, "Onderwijs", "onderwijs")
    add_page(parent, "Toelating", "toelating")
    assert '">Onderwijs</a></li>' in html_of(client, "/onderwijs/toelating/")
    parent.title = "Onderwijs en zorg"
    parent.save_revision().publish()
    assert '">Onderwijs en zorg</a></li>' in html_of(client, "/onderwijs/toelating/")


def test_a_new_view_restriction_holds_on_the_next_request(client, render_cache, home):
    page = add_page(home, "Alleen voor ouders", "besloten")
    assert "Over alleen voor ouders." in html_of(client, "/besloten/")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="geheim-123"
    )
    html = html_of(client, "/besloten/")
    assert "Over alleen voor ouders." not in html and 'name="password"' in html
    restriction.delete()
    assert "Over alleen voor ouders." in html_of(client, "/besloten/")


def test_changed_settings_show_on_the_next_request(client, render_cache, site):
    assert "030 123 45 67" not in html_of(client, "/")
    settings_row = SteunpuntSettings.for_site(site)
    settings_row.phone = "030 123 45 67"
    settings_row.save()
    assert "030 123 45 67" in html_of(client, "/")


def test_each_host_gets_its_own_site(client, render_cache, settings, site, home):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "andere.example.org"]
    add_page(home, "Over ons", "over-ons")
    other_root = Page.objects.get(depth=1).add_child(
        instance=HomePage(title="Andere regio", slug="andere-regio", intro="Welkom in de andere regio.")
    )
    other_root.save_revision().publish()
    Site.objects.create(hostname="andere.example.org", root_page=other_root, site_name="Andere regio")
    settings_other = SteunpuntSettings.for_site(Site.objects.get(hostname="andere.example.org"))
    settings_other.steunpunt_name = "Steunpunt Andere Regio"
    settings_other.save()
    assert "Over over ons." in html_of(client, "/over-ons/")
    html_of(client.__class__(HTTP_HOST="andere.example.org"), "/over-ons/", status=404)
    other_home = html_of(client.__class__(HTTP_HOST="andere.example.org"), "/")
    assert "Steunpunt Andere Regio" in other_home and "Steunpunt Andere Regio" not in html_of(client, "/")


def test_made_up_addresses_are_not_remembered(client, render_cache, home):
    html_of(client, "/")
    before = len(store.memory._items)
    for number in range(40):
        html_of(client, f"/bestaat-niet-{number}/", status=404)
    assert len(store.memory._items) - before < 5


def test_a_render_reads_the_generation_once(client, render_cache, home):
    """Every fragment needs the token (a file read, or a round trip to Redis): read once per request."""
    add_page(home, "Vervoer", "vervoer")
    client.get("/vervoer/")
    tokens = store.tokens()
    reads = []
    original = tokens.get

    def counting_get():
        reads.append(1)
        return original()

    tokens.get = counting_get
    try:
        assert "Over vervoer." in html_of(client, "/vervoer/")
    finally:
        del tokens.get
    assert len(reads) == 1


def test_a_write_during_a_request_is_seen_by_the_rest_of_that_request(render_cache):
    with store.one_token_per_request():
        before = store.generation()
        assert store.generation() == before
        store.invalidate("a test")
        assert store.generation() != before
