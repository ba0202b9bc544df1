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
