"""Playwright fixtures for the end-to-end and accessibility tests come from distro.testing.

``browser`` and ``visit`` (distro/testing/pytest_plugin.py, enabled in
tests/conftest.py) drive the Debian Chromium at /usr/bin/chromium; without it
the browser tests are skipped with a reason. The pages come from
pytest-django's live server, which runs in a thread of this process, so tests
can change settings and read the mail outbox directly.
"""

import captcha.conf.settings as captcha_settings
import pytest


@pytest.fixture
def captcha_test_mode(monkeypatch):
    """The live server runs in a thread of this process: with test mode on, the answer "passed"
    is accepted instead of the letters in the image."""
    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", True)


@pytest.fixture
def translators(db):
    """The roles with wagtail-localize's "submit_translation" permission, which a data migration
    creates and the flush between transactional tests removes for good: put back as that migration does."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from distro.roles.setup import setup_roles

    translation_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    Permission.objects.get_or_create(
        content_type=translation_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    setup_roles()


@pytest.fixture
def registraties_q3(site):
    """Signalen: 120 registrations in the third quarter of 2026: enough for figures above k."""
    import datetime
    import random

    from plugins.signalen.registraties import Registratie, Status

    rng = random.Random(7)
    start = datetime.date(2026, 7, 1)
    Registratie.objects.bulk_create(
        Registratie(
            datum=start + datetime.timedelta(days=rng.randrange(92)),
            kanaal=rng.choice(["telefoon", "email", "whatsapp"]),
            vraagsteller=rng.choice(["ouder", "ouder", "jongere", "professional"]),
            schoolsoort=rng.choice(["po", "vo", "so"]),
            aard=rng.choice(["vraag", "vraag", "zorg", "klacht"]),
            afhandeling=rng.choice(["informatie", "advies"]),
            status=Status.AFGEROND,
            minuten=rng.randrange(5, 60),
        )
        for _ in range(120)
    )
