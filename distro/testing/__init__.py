"""Test helpers for the distro and for plugin authors: fixtures, outbox helpers, browser helpers.

Enable the fixtures in a plugin's ``conftest.py`` (see docs/plugins.md)::

    pytest_plugins = ["distro.testing.pytest_plugin"]

and use the plain helpers by import::

    from distro.testing import PASSWORD, queued_mails, run_outbox, sent_mails
    from distro.testing.browser import login, problems_on

Like the rest of the core this package never imports a plugin: what a
plugin's tests need of their own (its pages, its factories) stays in the
plugin's own conftest.
"""

from .mail import queued_mails, run_outbox, sent_mails
from .site import PASSWORD, build_site, role_user, skip_with_printed_reason

__all__ = [
    "PASSWORD",
    "build_site",
    "queued_mails",
    "role_user",
    "run_outbox",
    "sent_mails",
    "skip_with_printed_reason",
]
