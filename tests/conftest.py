"""The project's tests use the fixtures every plugin author gets (distro/testing/pytest_plugin.py).

A site built by ``setup_site --demo``, a user per role, the captcha in test
mode, the outbox and the browser: see distro.testing.
"""

pytest_plugins = ["distro.testing.pytest_plugin"]
