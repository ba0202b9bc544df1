"""The page cache (distro/pagecache): anonymous visitors get cached pages that are never stale."""

import gzip
import os
import re
import time
from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from wagtail.models import Page

from distro.core.models import ContentPage, MainMenuItem, Navigatie, SteunpuntSettings
from distro.extensions import PageCacheRules, page_cache_rules
from distro.pagecache import health, store

pytestmark = pytest.mark.django_db


def cache_state(response):
    return response.get("X-Steunpunt-Cache")


@pytest.fixture
def artikel(home):
    page = home.add_child(instance=ContentPage(title="Thuiszitten", slug="thuiszitten", intro="Eerste versie."))
    page.save_revision().publish()
    return page


def get(client, path, **headers):
    return client.get(path, headers=headers)


def test_second_visit_is_served_from_the_cache_with_the_same_bytes(client, page_cache, artikel):
    first = get(client, "/thuiszitten/")
    second = get(client, "/thuiszitten/")
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")
    assert first.content == second.content and b"Eerste versie." in second.content
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"
    # The security headers the inner middleware set are part of the stored response.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Content-Type-Options"] == "nosniff"


def test_a_hit_runs_no_query(client, page_cache, artikel, django_assert_num_queries):
    get(client, "/thuiszitten/")
    with django_assert_num_queries(0):
        assert cache_state(get(client, "/thuiszitten/")) == "hit"


def test_etag_gives_not_modified_and_gzip_is_served_precompressed(client, page_cache, artikel):
    plain = get(client, "/thuiszitten/")
    assert get(client, "/thuiszitten/", if_none_match=plain["ETag"]).status_code == 304
    packed = get(client, "/thuiszitten/", accept_encoding="gzip, br")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] != plain["ETag"]  # another representation, another validator


def test_publishing_a_change_shows_at_once(client, page_cache, artikel):
    get(client, "/thuiszitten/")
    artikel.intro = "Tweede versie."
    artikel.save_revision().publish()
    response = get(client, "/thuiszitten/")
    assert cache_state(response) == "miss" and b"Tweede versie." in response.content


def test_saving_a_draft_keeps_the_cache(client, page_cache, artikel):
    get(client, "/thuiszitten/")
    artikel.intro = "Nog niet klaar."
    artikel.save_revision()
    response = get(client, "/thuiszitten/")
    assert cache_state(response) == "hit" and b"Eerste versie." in response.content


def test_unpublish_move_and_delete_show_at_once(client, page_cache, home, artikel):
    assert get(client, "/thuiszitten/").status_code == 200
    artikel.unpublish()
    assert get(client, "/thuiszitten/").status_code == 404

    artikel.save_revision().publish()
    parent = home.add_child(instance=ContentPage(title="Onderwijs", slug="onderwijs"))
    parent.save_revision().publish()
    get(client, "/thuiszitten/")
    Page.objects.get(pk=artikel.pk).move(parent, pos="last-child")
    # Wagtail leaves a redirect at the old address.
    moved = get(client, "/thuiszitten/")
    assert (moved.status_code, moved["Location"]) == (301, "/onderwijs/thuiszitten/")
    assert get(client, "/onderwijs/thuiszitten/").status_code == 200

    Page.objects.get(pk=artikel.pk).delete()
    assert get(client, "/onderwijs/thuiszitten/").status_code == 404


def test_a_settings_change_shows_on_every_page(client, page_cache, site, artikel):
    get(client, "/")
    get(client, "/thuiszitten/")
    settings = SteunpuntSettings.for_site(site)
    settings.phone = "0800 123 45 67"
    settings.save()
    for path in ("/", "/thuiszitten/"):
        response = get(client, path)
        assert cache_state(response) == "miss" and "0800 123 45 67" in response.content.decode()


def test_a_menu_change_shows_on_every_page(client, page_cache, site, artikel):
    assert "Thuiszitten</a>" not in get(client, "/").content.decode()
    MainMenuItem.objects.create(navigatie=Navigatie.for_site(site), page=artikel, sort_order=99)
    assert "Thuiszitten" in get(client, "/").content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]


def test_logged_in_users_get_their_own_page_and_do_not_fill_the_cache(client, page_cache, artikel, redacteur):
    client.force_login(redacteur)
    response = get(client, "/thuiszitten/")
    assert cache_state(response) is None and "private" in response["Cache-Control"]
    client.logout()
    assert cache_state(get(client, "/thuiszitten/")) == "miss"


def test_a_response_that_sets_a_cookie_is_not_stored(client, page_cache, artikel):
    # The CSRF token sets a cookie: a page rendering one can never be shared.
    response = get(client, "/thuiszitten/")
    assert not response.cookies
    contact = next(p for p in Page.objects.live().specific() if p.specific_class.__name__ == "ContactPage")
    url = contact.url
    for response in (get(client, url), get(client, url)):
        if response.cookies:
            assert cache_state(response) is None
            assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_posts_previews_and_unknown_parameters_bypass_the_cache(client, page_cache, artikel):
    get(client, "/thuiszitten/")
    assert cache_state(client.post("/thuiszitten/")) is None
    assert cache_state(get(client, "/thuiszitten/?utm_source=x")) is None
    assert cache_state(get(client, "/thuiszitten/?utm_source=x")) is None
    # A declared parameter gets an entry of its own.
    assert cache_state(get(client, "/thuiszitten/?pagina=2")) == "miss"
    assert cache_state(get(client, "/thuiszitten/?pagina=2")) == "hit"


def test_nothing_is_kept_past_the_clocks_next_change(client, page_cache, artikel):
    soon = timezone.now() + timedelta(seconds=1.5)

    def next_change():
        return soon if timezone.now() < soon else None

    page_cache_rules.register(PageCacheRules(name="test-clock", next_change=next_change, module=__name__))
    try:
        store.invalidate("new clock")
        assert cache_state(get(client, "/thuiszitten/")) == "miss"
        assert cache_state(get(client, "/thuiszitten/")) == "hit"
        time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.1)
        assert cache_state(get(client, "/thuiszitten/")) == "miss"
    finally:
        page_cache_rules.unregister("test-clock")


def test_a_render_that_started_before_a_change_is_never_served(client, page_cache, artikel):
    """The token is read before the render: a change committed during it voids the result."""
    key = "page:x"
    _entry, token = store.lookup(key)
    store.invalidate("published while rendering")
    response = get(client, "/thuiszitten/")
    store.save(key, token, response, [])
    assert store.lookup(key)[0] is None


def test_fragments_are_rebuilt_after_a_change_only(page_cache):
    built = []

    def build():
        built.append(1)
        return f"menu {len(built)}"

    assert store.cached_fragment("menu", 1, "nl", build=build) == "menu 1"
    assert store.cached_fragment("menu", 1, "nl", build=build) == "menu 1"
    assert store.cached_fragment("menu", 1, "en", build=build) == "menu 2"
    store.invalidate("test")
    assert store.cached_fragment("menu", 1, "nl", build=build) == "menu 3"


def test_without_the_setting_nothing_is_cached_but_html_says_private(client, artikel):
    response = get(client, "/thuiszitten/")
    assert cache_state(response) is None and response["Cache-Control"] == "private, no-cache"


def test_a_store_that_is_down_gives_uncached_pages_and_publishing_still_works(client, page_cache, artikel, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is weg")

    for name in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(store.backend(), name, down)
    response = get(client, "/thuiszitten/")
    assert response.status_code == 200 and cache_state(response) is None
    artikel.intro = "Tijdens de storing."
    artikel.save_revision().publish()
    assert b"Tijdens de storing." in get(client, "/thuiszitten/").content
    assert health.page_cache().status == "warning"


def _stores(tmp_path):
    yield "file", {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        print(f"\nRedis store skipped: no Redis at {url}")
        return
    yield (
        "redis",
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "t" + os.urandom(4).hex(),
        },
    )


def test_the_shared_stores_keep_one_token_for_every_worker(client, page_cache, artikel, settings, tmp_path):
    for name, conf in _stores(tmp_path):
        settings.CACHES = {**settings.CACHES, "pagecache": conf}
        store.memory.clear()
        assert cache_state(get(client, "/thuiszitten/")) == "miss", name
        assert cache_state(get(client, "/thuiszitten/")) == "hit", name
        # Another worker (or server) reads the same token through its own client.
        other = store._tokens_for.__wrapped__(tuple(sorted(conf.items())))
        assert other.get() == store.generation(), name
        other.set("changed-elsewhere")
        assert cache_state(get(client, "/thuiszitten/")) == "miss", name
        store.clear()


def test_the_cached_menu_marks_the_current_page_on_every_page(client, page_cache, site, home, artikel):
    other = home.add_child(instance=ContentPage(title="Leerplicht", slug="leerplicht"))
    other.save_revision().publish()
    navigatie = Navigatie.for_site(site)
    for n, page in enumerate((artikel, other)):
        MainMenuItem.objects.create(navigatie=navigatie, page=page, sort_order=90 + n)

    def current(path):
        menu = get(client, path).content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
        return re.findall(r'<a[^>]*aria-current="page"[^>]*>([^<]+)<', menu)

    # The menu's links are built once; which one is current is worked out on each page.
    assert [label.strip() for label in current("/thuiszitten/")] == ["Thuiszitten"]
    assert [label.strip() for label in current("/leerplicht/")] == ["Leerplicht"]


def test_see_also_shows_a_new_subpage_at_once(client, page_cache, home, artikel):
    before = get(client, "/thuiszitten/").content.decode()
    child = artikel.add_child(instance=ContentPage(title="Leerlingenvervoer regelen", slug="vervoer-regelen"))
    child.save_revision().publish()
    assert "Leerlingenvervoer regelen" not in before
    assert "Leerlingenvervoer regelen" in get(client, "/thuiszitten/").content.decode()
