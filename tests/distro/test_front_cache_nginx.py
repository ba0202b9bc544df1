"""nginx in front of the site, with the configuration from docs/installing.md, purged on every change.

Skipped (with the reason printed) without nginx and its cache-purge module.
"""

import gzip
import shutil
import subprocess
import urllib.request

import pytest

from distro.core.models import ContentPage
from distro.frontcache import purge, receivers
from distro.frontcache.documented import PURGE_MODULE, write_config
from distro.pagecache.signals import pages_changed
from distro.testing.site import skip_with_printed_reason

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nginx(request, tmp_path, live_server, settings, page_cache):
    if not shutil.which("nginx") or not PURGE_MODULE.exists():
        skip_with_printed_reason(
            request, "nginx front cache test skipped: nginx or libnginx-mod-http-cache-purge is not installed."
        )
    site_port = int(live_server.url.rsplit(":", 1)[1])
    port, purge_port = site_port + 11, site_port + 12
    conf = write_config(tmp_path, site_port, port, purge_port)
    subprocess.run(["nginx", "-c", str(conf), "-p", str(tmp_path)], check=True)
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "distro.frontcache.backends.PurgeBothCopies",
            "LOCATION": f"http://127.0.0.1:{purge_port}",
        }
    }
    settings.STEUNPUNT_FRONT_CACHE_SECONDS = 3600
    receivers.connect()
    yield f"http://127.0.0.1:{port}"
    pages_changed.disconnect(dispatch_uid="frontcache-purge")
    subprocess.run(["nginx", "-c", str(conf), "-p", str(tmp_path), "-s", "stop"], check=False)


def get(base, path, **headers):
    request = urllib.request.Request(base + path, headers={"Host": "localhost", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.headers.get("X-Cache-Status"), body.decode()


def get_gzipped(base, path):
    """(cache state, Content-Encoding, the text) for a browser that accepts gzip."""
    request = urllib.request.Request(base + path, headers={"Host": "localhost", "Accept-Encoding": "gzip, br"})
    with urllib.request.urlopen(request, timeout=10) as response:
        encoding = response.headers.get("Content-Encoding")
        return response.headers.get("X-Cache-Status"), encoding, gzip.decompress(response.read()).decode()


def test_nginx_keeps_public_pages_skips_sessions_and_is_purged_on_a_change(nginx, home):
    page = home.add_child(instance=ContentPage(title="Vervoer", slug="vervoer", intro="Eerste versie."))
    page.save_revision().publish()

    assert get(nginx, "/vervoer/")[0] == "MISS"
    state, body = get(nginx, "/vervoer/")
    assert state == "HIT" and "Eerste versie." in body
    # Someone with a session (logged in) always reaches the site.
    assert get(nginx, "/vervoer/", Cookie="sessionid=abc")[0] == "BYPASS"
    # Addresses with a query string are never kept: they cannot be purged one by one.
    assert get(nginx, "/vervoer/?pagina=2")[0] == "BYPASS"

    page.intro = "Tweede versie."
    page.save_revision().publish()  # commits: pages_changed, the purge task (immediate in the tests)
    state, body = get(nginx, "/vervoer/")
    assert state == "MISS" and "Tweede versie." in body


def test_gzipped_and_plain_copies_are_kept_apart_and_both_purged(nginx, home):
    page = home.add_child(instance=ContentPage(title="Vervoer", slug="vervoer", intro="Eerste versie."))
    page.save_revision().publish()

    assert get(nginx, "/vervoer/")[0] == "MISS"
    assert get_gzipped(nginx, "/vervoer/")[0] == "MISS"  # its own copy, not the plain one
    state, encoding, body = get_gzipped(nginx, "/vervoer/")
    assert (state, encoding) == ("HIT", "gzip") and "Eerste versie." in body
    # A client without gzip never gets the gzipped copy.
    state, body = get(nginx, "/vervoer/")
    assert state == "HIT" and "Eerste versie." in body
    # A cookie that does not change the page (the site's Vary says Cookie) shares the copy.
    assert get(nginx, "/vervoer/", Cookie="csrftoken=abc")[0] == "HIT"

    page.intro = "Tweede versie."
    page.save_revision().publish()
    state, encoding, body = get_gzipped(nginx, "/vervoer/")
    assert state == "MISS" and "Tweede versie." in body
    state, body = get(nginx, "/vervoer/")
    assert state == "MISS" and "Tweede versie." in body


def test_the_purge_list_holds_every_live_page_and_the_feeds(site, home):
    urls = purge.urls()
    assert site.root_url + "/" in urls and site.root_url + "/sitemap.xml" in urls
    assert site.root_url + "/agenda.ics" in urls
    assert any(url.endswith("/en/") for url in urls)
