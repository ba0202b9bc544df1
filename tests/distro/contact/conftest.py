import captcha.conf.settings as captcha_settings
import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    # The per-IP counter lives in the cache; every test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def captcha_passes(monkeypatch):
    """django-simple-captcha's test mode: the answer "PASSED" is accepted.

    The package reads CAPTCHA_TEST_MODE once at import, so override_settings
    would not reach it.
    """
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


@pytest.fixture
def captcha_checked(monkeypatch):
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)


@pytest.fixture
def contact_url(site):
    return "/stel-je-vraag/"


@pytest.fixture
def valid_data():
    return {
        "name": "Fatima de Vries",
        "email": "fatima@example.org",
        "phone": "",
        "role": "ouder",
        "question": "Mijn zoon zit al drie weken thuis. Wat kan ik doen?",
        "consent": "on",
        "website": "",
        "captcha_0": "any-hashkey",
        "captcha_1": "PASSED",
    }
