"""What the outbox's task does for one row: claim it, build the mail from current data, send it.

Apart from scheduling (services.py) because the task (tasks.py) calls this and
scheduling queues the task: each side imports only what it needs.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from distro.extensions import mail_kinds

from . import Lapsed, NoMailbox
from .models import Verzending

logger = logging.getLogger(__name__)

Status = Verzending.Status

#: Wait after the first failure; doubled after each next one (5, 10, 20, 40 minutes), at most MAX_BACKOFF.
BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)
#: How long a running task holds its claim on a row.
LEASE = timedelta(minutes=10)

SENDABLE = (Status.WACHT, Status.MISLUKT, Status.GEEN_MAILBOX)


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failed attempts."""
    return min(BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim(pk: int, now) -> bool:
    return bool(
        Verzending.objects.filter(pk=pk, status__in=SENDABLE)
        .filter(Q(sending_until__isnull=True) | Q(sending_until__lt=now))
        .update(sending_until=now + LEASE)
    )


def send_now(pk: int) -> bool:
    """Build and send one delivery; True if it went out. Never raises for a failing provider."""
    now = timezone.now()
    if not _claim(pk, now):
        return False  # sent, lapsed, purged, or another run of the same task has it
    row = Verzending.objects.get(pk=pk)
    # Written only if nobody scheduled a newer mail for this source meanwhile (queued_at).
    mine = Verzending.objects.filter(pk=pk, queued_at=row.queued_at)
    try:
        kind = mail_kinds.get(row.kind)
    except KeyError:  # its plugin was switched off: left as it is
        mine.update(sending_until=None)
        return False
    try:
        message = kind.build(row)
        if message is None:
            raise Lapsed
        message.send()
    except Lapsed:
        mine.update(status=Status.VERVALLEN, error="", sending_until=None)
        return False
    except NoMailbox:
        # Not an attempt: it goes as soon as the mailbox is set (see jobs.py).
        mine.update(status=Status.GEEN_MAILBOX, sending_until=None, next_attempt_at=now)
        return False
    except Exception as exc:  # the provider failed (or the builder): the source stays and the mail is retried
        # Only the kind of error in the server log: a provider's answer often
        # quotes the address. The answer is kept on the row, for staff.
        logger.warning("E-mail %s (%s) failed: %s", pk, row.kind, type(exc).__name__)
        mine.update(
            status=Status.MISLUKT,
            attempts=F("attempts") + 1,
            error=str(exc)[:1000],
            next_attempt_at=timezone.now() + backoff(row.attempts + 1),
            sending_until=None,
        )
        return False
    mine.update(
        status=Status.VERSTUURD, attempts=F("attempts") + 1, error="", sent_at=timezone.now(), sending_until=None
    )
    return True
