"""nginx in front of the site, with the configuration from docs/installing.md, purged on every change.

Skipped (with the reason printed) without nginx and its cache-purge module.
"""

import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from distro.core.models import ContentPage
from distro.frontcache import purge, receivers
from distro.pagecache.signals import pages_changed
from distro.testing.site import skip_with_printed_reason

pytestmark = pytest.mark.django_db(transaction=True)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "installing.md"
MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")


def documented_config() -> str:
    section = DOCS.read_text().split("## Een cache vóór de site", 1)[1]
    return re.search(r"```nginx\n(.*?)```", section, re.S).group(1)


def render(tmp_path: Path, site_port: int, port: int, purge_port: int) -> Path:
    """The documented lines, with this test's ports and directories instead of the server's."""
    text = documented_config()
    text = text.replace("/var/cache/nginx/steunpunt", str(tmp_path / "cache"))
    text = text.replace("http://127.0.0.1:8000", f"http://127.0.0.1:{site_port}")
    text = text.replace("127.0.0.1:8081", f"127.0.0.1:{purge_port}")
    cache_path, rest = text.split("\n", 2)[1], text.split("\n", 2)[2]
    site_location, purge_server = rest.split("# Een eigen server {}", 1)
    purge_server = purge_server.split("\n", 1)[1]
    temp = tmp_path / "temp"
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        ""
        # Started as root (CI), nginx's workers would drop to www-data and not reach tmp_path.
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"load_module {MODULE};\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  access_log off;\n"
        f"  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};"
        f" uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
        f"  {cache_path}\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n{site_location.split(chr(10), 1)[1]}  }}\n"
        f"{purge_server}}}\n"
    )
    return conf


@pytest.fixture
def nginx(request, tmp_path, live_server, settings, page_cache):
    if not shutil.which("nginx") or not MODULE.exists():
        skip_with_printed_reason(
            request, "nginx front cache test skipped: nginx or libnginx-mod-http-cache-purge is not installed."
        )
    site_port = int(live_server.url.rsplit(":", 1)[1])
    port, purge_port = site_port + 11, site_port + 12
    (tmp_path / "temp").mkdir()
    conf = render(tmp_path, site_port, port, purge_port)
    subprocess.run(["nginx", "-c", str(conf), "-p", str(tmp_path)], check=True)
    settings.WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
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
        return response.headers.get("X-Cache-Status"), response.read().decode()


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


def test_the_purge_list_holds_every_live_page_and_the_feeds(site, home):
    urls = purge.urls()
    assert site.root_url + "/" in urls and site.root_url + "/sitemap.xml" in urls
    assert site.root_url + "/agenda.ics" in urls
    assert any(url.endswith("/en/") for url in urls)
