"""Browser tests with Playwright in Debian's Chromium: the launch, a tab on the live server, axe.

The fixtures ``browser`` and ``visit`` (in :mod:`distro.testing.pytest_plugin`)
use what is here; the functions below are for the tests themselves::

    from distro.testing.browser import login, problems_on

    @pytest.mark.browser
    def test_mijn_pagina(visit, redacteur):
        login(visit, redacteur, "/admin/")
        assert problems_on(visit, "admin") == []

Playwright's own browser download is not used: without Chromium at
``STEUNPUNT_CHROMIUM`` (default /usr/bin/chromium) the tests are skipped with a reason.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from .site import PASSWORD

CHROMIUM = os.environ.get("STEUNPUNT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

#: axe-core rules for WCAG 2.1 level A and AA, nothing more and nothing less.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

#: What has the focus now: tag, id and visible text.
FOCUS = "() => ({tag: document.activeElement.tagName, id: document.activeElement.id, text: document.activeElement.innerText})"


def chromium_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).is_file() and not shutil.which(CHROMIUM):
        return f"Browser tests skipped: Chromium not found at {CHROMIUM} (install it with 'apt-get install chromium')."
    try:
        import playwright  # noqa: F401  (only probing whether it is installed)
    except ImportError:
        return "Browser tests skipped: Playwright is not installed (pip install -e '.[test]')."
    return None


def launch(playwright):
    """Debian's Chromium with the flags it needs in a container and without network chatter."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


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
        # Deferred: axe-playwright-python is a test extra, needed only by tests that check accessibility.
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page, context=context, options=AXE_OPTIONS)
        return [
            f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}".replace("\n", " ")
            for violation in results.response["violations"]
            for node in violation["nodes"]
        ]


def problems_on(visit, what, reflow=True, context=None):
    """axe WCAG 2.1 A/AA violations and, with ``reflow``, horizontal scrolling at 320 px (WCAG 1.4.10)."""
    page = visit.page
    # A page still being parsed has buttons whose aria-controls target is not there yet.
    page.wait_for_load_state()
    settle_messages(page)
    found = [f"{what}: {violation}" for violation in visit.axe_violations(context=context)]
    if reflow:
        page.set_viewport_size({"width": 320, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            found.append(f"{what}: {overflow}px horizontal scrolling at 320px width")
        page.set_viewport_size({"width": 1280, "height": 900})
    return found


def tab_until(page, condition, limit=60):
    """Press Tab until ``condition(focused element)`` holds; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if condition(focused):
            return focused
    raise AssertionError("the keyboard never reached the element")


def login(visit, user, next_path):
    """Log in to the Wagtail admin as ``user`` (password PASSWORD) and land on ``next_path``."""
    visit.goto(f"/admin/login/?next={next_path}")
    visit.page.fill("#id_username", user.username)
    visit.page.fill("#id_password", PASSWORD)
    visit.page.locator("form button[type=submit]").first.click()
    visit.page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def settle_messages(page):
    """Wait until Wagtail's messages have faded in: axe would measure their colours halfway."""
    if not page.evaluate("() => !!document.querySelector('.messages li')"):
        return
    page.wait_for_function(
        "() => { const m = document.querySelector('.messages');"
        " return !m || m.getAnimations({subtree: true}).every(a => a.playState !== 'running'); }"
    )
    # An animation can be scheduled but not yet running right after the page loads.
    page.wait_for_timeout(500)


def messages_text(page) -> str:
    """The text of Wagtail's messages once they have appeared and settled."""
    page.locator(".messages li").first.wait_for()
    settle_messages(page)
    return page.locator(".messages").inner_text()


def approve_from_the_dashboard(page, title):
    """Approve the page ``title`` from "In afwachting van jouw beoordeling" on the dashboard now shown."""
    panel = page.locator("section, div.w-panel", has_text="In afwachting van jouw beoordeling").last
    row = panel.locator("tr", has_text=title)
    row.locator(".w-dropdown__toggle").first.click()
    row.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.wait_for_load_state()


def wait_until_live(page, wagtail_page, tries=20):
    """Wait until the approval in another thread (the live server) has published ``wagtail_page``."""
    for _attempt in range(tries):
        wagtail_page.refresh_from_db()
        if wagtail_page.live:
            return True
        page.wait_for_timeout(250)
    return False
