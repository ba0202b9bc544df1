"""Playwright fixtures for the end-to-end and accessibility tests.

They drive the Debian Chromium at /usr/bin/chromium (Playwright's own browser
download is not used); without it the browser tests are skipped with a reason.
The pages come from pytest-django's live server, which runs in a thread of
this process, so tests can change settings and read the mail outbox directly.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("STEUNPUNT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

#: axe-core rules for WCAG 2.1 level A and AA, nothing more and nothing less.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _chromium_missing_reason():
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        return f"Browser tests skipped: Chromium not found at {CHROMIUM} (install it with 'apt-get install chromium')."
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Browser tests skipped: Playwright is not installed (pip install -e '.[test]')."
    return None


@pytest.fixture(scope="session")
def browser(request):
    reason = _chromium_missing_reason()
    if reason:
        # Printed past pytest's output capture, so it shows even without -s or -ra.
        capture = request.config.pluginmanager.getplugin("capturemanager")
        with capture.global_and_fixture_disabled():
            print(f"\n{reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django refuses
    # database access from a thread with a running loop unless told otherwise.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visit:
    """A browser tab on the live server that remembers what went wrong on the way."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.foreign_requests = []
        self.csp_violations = []
        origin = urlsplit(base_url)
        page.on(
            "request",
            lambda request: (
                urlsplit(request.url).netloc != origin.netloc
                and urlsplit(request.url).scheme in ("http", "https")
                and self.foreign_requests.append(request.url)
            ),
        )
        page.on(
            "console",
            lambda message: "Content Security Policy" in message.text and self.csp_violations.append(message.text),
        )

    def url(self, path):
        return self.base_url + path

    def goto(self, path, status=200):
        response = self.page.goto(self.url(path))
        assert response.status == status, f"{path} answered {response.status}, expected {status}"
        return response

    def axe_violations(self, context=None):
        """WCAG 2.1 A/AA violations on the current page (or only in ``context``), one readable line per element."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, context=context, options=AXE_OPTIONS)
        return [
            f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}".replace("\n", " ")
            for violation in results.response["violations"]
            for node in violation["nodes"]
        ]


@pytest.fixture
def visit(browser, live_server, site, settings):
    """A fresh browser tab (no cookies) on the demo site, 1280 px wide."""
    from django.core.cache import cache

    # The per-IP form limit counts in the cache; every test starts at zero.
    cache.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield Visit(page, live_server.url)
    context.close()
