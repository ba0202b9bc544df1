"""The outbox API for the core and the plugins.

* :func:`schedule` / :func:`schedule_many` - inside the caller's transaction:
  a delivery row per source (one per kind and source; scheduling again resets
  it to "wacht" with fresh attempts) and a task that carries only the row's id.
  With django-tasks-db the task row commits or rolls back with the caller's
  data; otherwise it is queued with ``transaction.on_commit(robust=True)``.
  Either way a rolled-back sign-up mails nobody, and a queue that is down
  leaves a "wacht" row that the retry job picks up.
* :func:`send_now` - what the task does: claim, build from current data, send.
* :func:`retry` - staff's "Opnieuw proberen", also after the job gave up.
* :func:`send_notification` - a one-off notice with stored text (kind ``core.melding``).
* :func:`forget` - a source's retention deletes its deliveries with it.
* :func:`status_subquery`, :func:`deliveries_of` - show the state where staff look.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from distro.extensions import mail_kinds

from . import Lapsed, NoMailbox
from .models import Verzending

logger = logging.getLogger(__name__)

Status = Verzending.Status

#: After this many failed attempts the retry job gives up; staff see "Mislukt" and can try again.
MAX_ATTEMPTS = 5
#: A row still "wacht" this long after it was queued was lost on the way (queue down, worker killed).
STUCK_AFTER = timedelta(minutes=15)
#: Wait after the first failure; doubled after each next one (5, 10, 20, 40 minutes), at most MAX_BACKOFF.
BACKOFF = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=6)
#: How long a running task holds its claim on a row.
LEASE = timedelta(minutes=10)
#: Notices with their own text are kept this long.
NOTIFICATION_KIND = "core.melding"
NOTIFICATION_DAYS = 30

SENDABLE = (Status.WACHT, Status.MISLUKT, Status.GEEN_MAILBOX)


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failed attempts."""
    return min(BACKOFF * (2 ** max(attempts - 1, 0)), MAX_BACKOFF)


# --- Scheduling (inside the caller's transaction) ----------------------------------------------


def _queue_is_in_this_database() -> bool:
    """True when tasks are rows in the default database (django-tasks-db)."""
    from django_tasks import task_backends

    try:
        from django_tasks_db import DatabaseBackend
    except ImportError:  # pragma: no cover - django-tasks-db is a dependency
        return False
    return isinstance(task_backends["default"], DatabaseBackend)


def queue(pk: int) -> bool:
    """Queue the task for one row. If the queue refuses, the row stays and the retry job sends it."""
    from . import tasks

    try:
        tasks.deliver.enqueue(pk)
    except Exception:
        logger.exception("Could not queue e-mail %s", pk)
        return False
    return True


def _queue_with_transaction(pks: list[int]) -> None:
    if not pks:
        return
    if _queue_is_in_this_database():
        from . import tasks

        # A row in the same transaction: it commits or rolls back with the caller's data.
        for pk in pks:
            tasks.deliver.enqueue(pk)
        return

    def queue_all():
        for pk in pks:
            queue(pk)  # one refusal must not stop the others

    transaction.on_commit(queue_all, robust=True)


def _fresh(now, variant: str) -> dict:
    # A fresh mail gets a fresh set of attempts: an earlier failure says nothing about this one.
    return {
        "status": Status.WACHT,
        "attempts": 0,
        "error": "",
        "variant": variant,
        "queued_at": now,
        "next_attempt_at": now + STUCK_AFTER,
        "sending_until": None,
        "sent_at": None,
    }


def schedule_many(kind: str, object_ids, variant: str = "") -> list[int]:
    """Schedule the mail of ``kind`` for each source id; returns the rows' ids."""
    object_ids = list(object_ids)
    if not object_ids:
        return []
    now = timezone.now()
    fresh = _fresh(now, variant)
    # One statement, also when a row exists already (a new mail for the same
    # registration): the unique (kind, object_id) index turns it into an update.
    rows = Verzending.objects.bulk_create(
        [Verzending(kind=kind, object_id=object_id, created_at=now, **fresh) for object_id in object_ids],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=list(fresh),
    )
    pks = [row.pk for row in rows]
    if None in pks:  # pragma: no cover - a database that returns no ids for upserts
        pks = list(Verzending.objects.filter(kind=kind, object_id__in=object_ids).values_list("pk", flat=True))
    _queue_with_transaction(pks)
    return pks


def schedule(kind: str, object_id: int, variant: str = "") -> int:
    """Schedule one mail; see the module docstring."""
    return schedule_many(kind, [object_id], variant)[0]


def send_notification(to: list[str], subject: str, body: str) -> int | None:
    """A one-off notice (e.g. to the Steunpunt members) with stored text, purged after 30 days.

    For announcements to staff only: the row keeps the addresses and the text
    until it is purged, so never put parents' data in it.
    """
    to = [address for address in to if address]
    if not to:
        return None
    now = timezone.now()
    row = Verzending.objects.create(
        kind=NOTIFICATION_KIND,
        recipients=to,
        subject=" ".join(subject.split())[:200],
        body=body,
        created_at=now,
        **_fresh(now, ""),
    )
    _queue_with_transaction([row.pk])
    return row.pk


# --- Sending ------------------------------------------------------------------------------------


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


def retry(pks) -> int:
    """Staff's "Opnieuw proberen": queue failed (or waiting) rows now, also after MAX_ATTEMPTS.

    Claimed with a conditional UPDATE, so a retry job running alongside does
    not queue them too. The attempts keep counting.
    """
    now = timezone.now()
    claimed = []
    for pk in pks:
        if Verzending.objects.filter(pk=pk, status__in=SENDABLE).update(
            status=Status.WACHT, queued_at=now, next_attempt_at=now + STUCK_AFTER, sending_until=None
        ):
            claimed.append(pk)
    _queue_with_transaction(claimed)
    return len(claimed)


def retry_for(kind: str, object_ids) -> int:
    """:func:`retry` for the failed deliveries of ``kind`` for these sources."""
    pks = Verzending.objects.filter(kind=kind, object_id__in=list(object_ids), status=Status.MISLUKT).values_list(
        "pk", flat=True
    )
    return retry(list(pks))


# --- Retention ----------------------------------------------------------------------------------


def forget(kind: str, object_ids) -> int:
    """Delete the deliveries of these sources (called when the sources are purged)."""
    deleted, _ = Verzending.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
    return deleted


# --- Reading the state --------------------------------------------------------------------------


def delivery_of(kind: str, object_id) -> Verzending | None:
    return Verzending.objects.filter(kind=kind, object_id=object_id).first()


def deliveries_of(kind: str, object_ids) -> dict[int, Verzending]:
    """``{source id: row}`` for the list screens, in one query."""
    return {v.object_id: v for v in Verzending.objects.filter(kind=kind, object_id__in=list(object_ids))}


def status_subquery(kind: str, outer: str = "pk"):
    """An annotation with the delivery status of each source row (None: no mail scheduled)."""
    return Subquery(Verzending.objects.filter(kind=kind, object_id=OuterRef(outer)).values("status")[:1])


def count_subquery(kind: str, object_ids, status: str):
    """An annotation: how many deliveries of ``kind`` for the sources in ``object_ids`` have ``status``."""
    counted = (
        Verzending.objects.filter(kind=kind, status=status, object_id__in=object_ids)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), Value(0))


def status_label(status) -> str:
    if not status:
        return "—"
    return str(Status(status).label) if status in Status.values else status
