"""Every public page type needs a bounded number of queries, whatever it shows.

Each test measures a page showing N things and the same kind of page showing
3N things; the counts must be equal (so there is no query per menu item,
block, image, link or organisation) and below a fixed ceiling.
"""

import pytest
from core_helpers import add_content_page, all_blocks, count_queries, make_document, rich_link
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distro.contact.models import ContactPage
from distro.core.models import FooterMenuItem, MainMenuItem, Navigatie
from distro.socialekaart.models import Gemeente, Organisatie, SocialeKaartPage, Thema

pytestmark = pytest.mark.django_db

N = 2
#: Generous enough for site, settings (with the logo and the home page's picture
#: joined in), their renditions, the home page's button, ways in and pillars,
#: page, menus and language links, plus the page's translations for hreflang and
#: the language switcher (two queries: the lineage and the translations' fields;
#: +1 over the old 34), but catches a query per item at once.
MAX_QUERIES = 35


def _assert_same(small, large, ctx_large):
    assert small == large, f"{small} queries with N items, {large} with 3N items:\n" + "\n".join(
        q["sql"][:300] for q in ctx_large.captured_queries
    )
    assert large <= MAX_QUERIES, "\n".join(q["sql"][:300] for q in ctx_large.captured_queries)


def _with_menu_items(site, home, n):
    navigatie = Navigatie.for_site(site)
    navigatie.main_menu_items.all().delete()
    navigatie.footer_menu_items.all().delete()
    for i in range(n):
        page = add_content_page(home, f"Menupagina {i}")
        MainMenuItem.objects.create(navigatie=navigatie, page=page, sort_order=i)
        FooterMenuItem.objects.create(navigatie=navigatie, page=page, sort_order=i, label=f"Voet {i}")
        MainMenuItem.objects.create(
            navigatie=navigatie, url=f"https://example.org/{i}", label=f"Extern {i}", sort_order=100 + i
        )


@pytest.mark.parametrize("path", ["/", "/en/", "/ar/stel-je-vraag/", "/zoeken/?q=school"])
def test_menus_do_not_add_queries_per_item(client, site, home, path):
    _with_menu_items(site, home, N)
    small, _ctx, response = count_queries(client, path)
    assert response.content.decode().count("Menupagina") or path.startswith(("/en/", "/ar/"))
    _with_menu_items(site, home, 3 * N)
    large, ctx, _response = count_queries(client, path)
    _assert_same(small, large, ctx)


def test_home_page_blocks_do_not_add_queries(client, home):
    target = add_content_page(home, "Doel van links")
    home.body = all_blocks(N, target)
    home.save_revision().publish()
    small, _ctx, response = count_queries(client, "/")
    assert response.content.decode().count("<details") >= N
    home.body = all_blocks(3 * N, target)
    home.save_revision().publish()
    large, ctx, _response = count_queries(client, "/")
    _assert_same(small, large, ctx)


def test_content_page_blocks_do_not_add_queries(client, home):
    target = add_content_page(home, "Doel van links")
    small_page = add_content_page(home, "Weinig blokken", all_blocks(N, target))
    large_page = add_content_page(home, "Veel blokken", all_blocks(3 * N, target))
    small, _ctx, response = count_queries(client, small_page.url)
    html = response.content.decode()
    assert html.count("<figure") == N and html.count('class="video"') == N
    large, ctx, response = count_queries(client, large_page.url)
    assert response.content.decode().count("<figure") == 3 * N
    _assert_same(small, large, ctx)


def test_contact_page_blocks_do_not_add_queries(client, home):
    contact = ContactPage.objects.child_of(home).get()
    target = add_content_page(home, "Doel van links")
    contact.body = all_blocks(N, target)
    contact.save_revision().publish()
    small, _ctx, _response = count_queries(client, contact.url)
    contact.body = all_blocks(3 * N, target)
    contact.save_revision().publish()
    large, ctx, response = count_queries(client, contact.url)
    assert response.content.decode().count("<figure") == 3 * N
    _assert_same(small, large, ctx)


def _with_organisations(home, n, locale_code="nl"):
    from wagtail.models import Locale

    locale = Locale.objects.get(language_code=locale_code)
    Organisatie.objects.all().delete()
    for i in range(n):
        organisatie = Organisatie.objects.create(
            name=f"Organisatie {i}",
            description=rich_link(home, make_document()),
            locale=locale,
            website=f"https://org{i}.example.org/",
            phone="0123 456789",
        )
        thema, _ = Thema.objects.get_or_create(name=f"Thema {i}", locale=locale)
        organisatie.themes.set([thema, Thema.objects.get_or_create(name="Onderwijs", locale=locale)[0]])
        organisatie.municipalities.set([Gemeente.objects.get_or_create(name=f"Gemeente {i}")[0]])
        organisatie.save()  # parental many-to-many relations are written on save


@pytest.mark.parametrize("query", ["", "?q=organisatie", "?thema=THEMA&gemeente=GEMEENTE"])
def test_sociale_kaart_does_not_add_queries_per_organisation(client, home, query):
    url = SocialeKaartPage.objects.child_of(home).get().url

    def resolve(q):
        thema = Thema.objects.filter(name="Onderwijs", locale__language_code="nl").first()
        gemeente = Gemeente.objects.filter(name="Gemeente 0").first()
        return q.replace("THEMA", str(thema.pk)).replace("GEMEENTE", str(gemeente.pk))

    _with_organisations(home, N)
    small, _ctx, response = count_queries(client, url + resolve(query))
    assert response.content.decode().count('class="card"') == (1 if "gemeente" in query else N)
    _with_organisations(home, 3 * N)
    large, ctx, response = count_queries(client, url + resolve(query))
    assert response.content.decode().count('class="card"') == (1 if "gemeente" in query else 3 * N)
    _assert_same(small, large, ctx)


def test_sociale_kaart_fallback_locale_does_not_add_queries(client, home):
    """English page, Dutch organisations: the fallback is part of the same queries."""
    _with_organisations(home, N)
    small, _ctx, response = count_queries(client, "/en/sociale-kaart/")
    assert "Organisatie 0" in response.content.decode()
    _with_organisations(home, 3 * N)
    large, ctx, _response = count_queries(client, "/en/sociale-kaart/")
    _assert_same(small, large, ctx)


def test_search_results_do_not_add_queries_per_result(client, home):
    for i in range(N):
        add_content_page(home, f"Leerplicht uitleg {i}", intro="Alles over de leerplicht.")
    small, _ctx, response = count_queries(client, "/zoeken/?q=leerplicht")
    assert response.content.decode().count("Leerplicht uitleg") == N
    for i in range(N, 3 * N):
        add_content_page(home, f"Leerplicht uitleg {i}", intro="Alles over de leerplicht.")
    large, ctx, response = count_queries(client, "/zoeken/?q=leerplicht")
    assert response.content.decode().count("Leerplicht uitleg") == 3 * N
    _assert_same(small, large, ctx)


def test_images_do_not_add_queries_with_a_cold_cache(client, home):
    """Renditions come from one query even when the rendition cache is empty (e.g. after a restart)."""
    from django.core.cache import caches

    def cold_count(url):
        client.get(url)  # creates the renditions
        for cache in caches.all():
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries), ctx

    target = add_content_page(home, "Doel van links")
    small_page = add_content_page(home, "Weinig beelden", all_blocks(N, target))
    large_page = add_content_page(home, "Veel beelden", all_blocks(3 * N, target))
    small, _ctx = cold_count(small_page.url)
    large, ctx = cold_count(large_page.url)
    assert small == large, "\n".join(q["sql"][:200] for q in ctx.captured_queries)
