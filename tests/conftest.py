"""Shared fixtures: a site built by ``setup_site --demo`` and a user per role."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Collection, Locale, Page, Site

from distro.roles import BEHEERDER, BESTUUR, REDACTEUR, STEUNPUNT


def build_site():
    """Run setup_site --demo; rebuilds the tree roots after a transactional test flushed them."""
    nl, _ = Locale.objects.get_or_create(language_code="nl")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=nl))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    call_command(
        "setup_site",
        "--demo",
        "--name",
        "SWV Testregio",
        "--mailbox",
        "mailbox@steunpunt.test",
        verbosity=0,
        stdout=open("/dev/null", "w"),
    )


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


@pytest.fixture
def site(db):
    from distro.core.models import HomePage

    if not HomePage.objects.exists():
        build_site()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home(site):
    return site.root_page.specific


def _user(username, group=None, **extra):
    User = get_user_model()
    user = User.objects.create_user(
        username=username, email=f"{username}@example.org", password="wachtwoord-123", **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def beheerder(site):
    return _user("beheerder", BEHEERDER)


@pytest.fixture
def redacteur(site):
    return _user("redacteur", REDACTEUR)


@pytest.fixture
def steunpunt_medewerker(site):
    return _user("medewerker", STEUNPUNT)


@pytest.fixture
def bestuurder(site):
    return _user("bestuurder", BESTUUR)


@pytest.fixture
def superuser(site):
    return _user("super", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The per-IP form limit counts in the cache, which outlives a test: every test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def skip_with_printed_reason(request, reason):
    """Skip, printing the reason past pytest's capture so it shows without -rs (like the browser tests)."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{reason}")
    pytest.skip(reason)


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
