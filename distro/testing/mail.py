"""The core outbox in tests: what is still to go, what went, and sending what waits.

In the test settings mail goes to Django's ``locmem`` backend and background
tasks run at once, after the transaction commits. Inside a pytest-django test
(one transaction) nothing commits: wrap the action in
``django_capture_on_commit_callbacks(execute=True)``, or call
:func:`run_outbox` afterwards to send what is waiting.
"""

from django.core import mail

from distro.outbox import sending
from distro.outbox.models import Verzending


def queued_mails(kind: str | None = None):
    """Deliveries that have not gone out yet (waiting, failed or waiting for a mailbox), oldest first."""
    rows = Verzending.objects.filter(status__in=sending.SENDABLE).order_by("created_at", "pk")
    return list(rows.filter(kind=kind) if kind else rows)


def sent_mails(to: str | None = None):
    """Messages the outbox (or anything else) sent in this test; only those to ``to`` if given."""
    return [message for message in mail.outbox if to is None or to in message.recipients()]


def run_outbox(kind: str | None = None) -> int:
    """Try every delivery that has not gone out yet, now, whatever its back-off; returns how many went."""
    return sum(sending.send_now(row.pk) for row in queued_mails(kind))
