"""The steunpunt's independence: who may change who can read steunpunt data.

What parents and young people tell the steunpunt is protected by membership
of the Steunpunt group (see policies.py). Membership alone is not enough: whoever
controls a member's password or e-mail address, the group itself, or the
addresses that receive personal data, could read it too. So those are owned by
the steunpunt:

* only Steunpunt members add people to the group or take them out (the team
  screen, team.py), and only they change a member's account;
* only Steunpunt members change the steunpunt's contact addresses
  (``STEUNPUNT_OWNED_FIELDS`` of the site settings);
* an operator who must recover a locked-out steunpunt does so on the command
  line (``steunpunt steunpunt_toegang``), which is announced like any change.

Every change of these (by whatever route: admin, command line, shell) is
written to Wagtail's audit log with what changed, and announced by e-mail to
every Steunpunt member. The receivers below see the changes at the model level,
so a route the admin does not know about is still announced.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from distro.outbox.services import send_notification

from . import STEUNPUNT, in_role

logger = logging.getLogger(__name__)

#: Site-settings fields that receive or route personal data: only the steunpunt changes them.
STEUNPUNT_OWNED_FIELDS = ("mailbox", "email", "phone", "whatsapp")

ACCOUNT_CHANGED = "steunpunt.account_changed"
SETTING_CHANGED = "steunpunt.setting_changed"
RECOVERY = "steunpunt.recovery"


def is_member(user) -> bool:
    """A member of the Steunpunt group (active); superuser status does not count."""
    return in_role(user, STEUNPUNT)


def is_protected_account(user) -> bool:
    """An account in the Steunpunt group, active or not: only the steunpunt manages it."""
    if user is None or not user.pk:
        return False
    return user.groups.filter(name=STEUNPUNT).exists()


def members():
    return get_user_model().objects.filter(groups__name=STEUNPUNT, is_active=True).distinct()


def describe_actor(user) -> str:
    if user is None or not getattr(user, "pk", None):
        return translation.gettext("iemand op de server (opdrachtregel)")
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.get_username()})"


def announce(subject: str, what: str, *, actor=None, extra_recipients=()) -> None:
    """Mail every active Steunpunt member (and ``extra_recipients``) that ``what`` happened.

    Through the core outbox, in the caller's transaction, so a change that rolls back is
    never announced and a failing mail provider loses nothing.
    """
    recipients = sorted({u.email for u in members() if u.email} | {a for a in extra_recipients if a})
    if not recipients:
        logger.warning("Steunpunt change not announced: no Steunpunt member has an e-mail address")
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "what": what,
            "actor": describe_actor(actor),
            "when": timezone.localtime(),
            "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("steunpunt_team:index"),
        }
        subject = translation.gettext(subject)
        body = render_to_string("roles/announcement.txt", context)

    notify(recipients, subject, body)


def notify(recipients, subject: str, body: str) -> None:
    """A plain-text notice through the core outbox, stored in the caller's transaction.

    It commits with the change it announces, or rolls back with it: a change that
    happened is always announced, one that did not is never.
    """
    send_notification(to=list(recipients), subject=subject, body=body)
