"""Pytest fixtures for the distro's tests and for plugins: ``pytest_plugins = ["distro.testing.pytest_plugin"]``.

Listed in a ``conftest.py`` (pytest-django has configured Django by then):

* ``site`` and ``home``: the demo site built by ``setup_site --demo`` once per
  test session (with every enabled plugin's pages), and its home page;
* ``beheerder``, ``redacteur``, ``steunpunt_medewerker``, ``bestuurder``,
  ``superuser``: a user per role, password :data:`distro.testing.PASSWORD`;
* ``page_cache``: the page cache switched on (it is off in the test settings), empty;
* ``captcha_passes`` (the answer "PASSED" is accepted), ``captcha_checked``, ``flite``;
* ``outbox``: the core outbox (``outbox.queued()``, ``outbox.sent()``, ``outbox.run()``);
* ``browser`` and ``visit``: Chromium through Playwright, a tab on the live server.

Every test starts in Dutch, with an empty cache (so a fresh per-IP form
limit) and with Wagtail's cached site root paths cleared.
"""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Site

from distro.core.models import HomePage
from distro.pagecache import store as page_cache_store
from distro.roles import BEHEERDER, BESTUUR, REDACTEUR, STEUNPUNT

from . import browser as browser_helpers
from . import mail
from .site import build_site, role_user, skip_with_printed_reason


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_site()


@pytest.fixture(autouse=True)
def fresh_site_root_paths():
    """Wagtail caches the sites' root paths in the cache, which outlives a test's
    rolled-back transaction; a stale entry makes page URLs absolute or wrong."""
    Site.clear_site_root_paths_cache()
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture(autouse=True)
def dutch_by_default():
    """Start every test in Dutch. A request to /en/ or /ar/ leaves that language
    active in the thread, which would otherwise translate a later test's
    command output, mails or error messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The per-IP form limit counts in the cache, which outlives a test: every test starts clean."""
    cache.clear()
    yield
    cache.clear()


def _caches_on(settings, pages: bool):
    # Empty before and after: entries outlive a rolled-back test.
    settings.STEUNPUNT_PAGE_CACHE = pages
    settings.STEUNPUNT_RENDER_CACHE = True
    page_cache_store.clear()
    yield page_cache_store
    page_cache_store.clear()


@pytest.fixture
def page_cache(settings):
    """The page cache and the render cache on."""
    yield from _caches_on(settings, pages=True)


@pytest.fixture
def render_cache(settings):
    """Only the render cache on (what uncached renders use)."""
    yield from _caches_on(settings, pages=False)


@pytest.fixture
def site(db):
    if not HomePage.objects.exists():
        build_site()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


@pytest.fixture
def beheerder(site):
    return role_user("beheerder", BEHEERDER)


@pytest.fixture
def redacteur(site):
    return role_user("redacteur", REDACTEUR)


@pytest.fixture
def steunpunt_medewerker(site):
    return role_user("medewerker", STEUNPUNT)


@pytest.fixture
def bestuurder(site):
    return role_user("bestuurder", BESTUUR)


@pytest.fixture
def superuser(site):
    return role_user("super", is_superuser=True, is_staff=True)


@pytest.fixture
def flite(request):
    """The spoken captcha needs flite; without it (a fresh machine) the test is skipped with a reason."""
    if not settings.CAPTCHA_FLITE_PATH:
        skip_with_printed_reason(
            request, "Spoken captcha tests skipped: flite not found (install it with 'apt-get install flite')."
        )
    return settings.CAPTCHA_FLITE_PATH


@pytest.fixture
def captcha_passes(monkeypatch):
    """django-simple-captcha's test mode: the answer "PASSED" is accepted.

    The package reads CAPTCHA_TEST_MODE once at import, so override_settings
    would not reach it.
    """
    import captcha.conf.settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


@pytest.fixture
def captcha_checked(monkeypatch):
    """The captcha is really checked (the default outside tests that ask for captcha_passes)."""
    import captcha.conf.settings as captcha_settings

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)


class Outbox:
    """The core outbox in one test (see :mod:`distro.testing.mail`)."""

    queued = staticmethod(mail.queued_mails)
    sent = staticmethod(mail.sent_mails)
    run = staticmethod(mail.run_outbox)


@pytest.fixture
def outbox(db, mailoutbox):
    """``outbox.queued(kind)``: deliveries still to go; ``outbox.sent(to)``: messages sent; ``outbox.run()``: send now."""
    return Outbox()


@pytest.fixture(scope="session")
def browser(request):
    """Chromium through Playwright for the whole session; skipped with a printed reason without it."""
    reason = browser_helpers.chromium_missing_reason()
    if reason:
        skip_with_printed_reason(request, reason)
    # Deferred: Playwright is a test extra, and only browser tests need it.
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django refuses
    # database access from a thread with a running loop unless told otherwise.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = browser_helpers.launch(playwright)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def visit(browser, live_server, site, settings):
    """A fresh browser tab (no cookies) on the demo site, 1280 px wide."""
    # The per-IP form limit counts in the cache; every test starts at zero.
    cache.clear()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Generous: a passing test never waits this long, and on a busy machine (CI runs the
    # SQLite and PostgreSQL suites side by side) the admin's editors can take over 10 s.
    context.set_default_timeout(25_000)
    page = context.new_page()
    yield browser_helpers.Visit(page, live_server.url)
    context.close()
