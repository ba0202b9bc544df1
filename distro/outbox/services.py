"""The outbox API for the core and the plugins.

* :func:`schedule` / :func:`schedule_many` - inside the caller's transaction:
  a delivery row per source (one per kind and source; scheduling again resets
  it to "wacht" with fresh attempts) and a task that carries only the row's id.
  With django-tasks-db the task row commits or rolls back with the caller's
  data; otherwise it is queued with ``transaction.on_commit(robust=True)``.
  Either way a rolled-back sign-up mails nobody, and a queue that is down
  leaves a "wacht" row that the retry job picks up.
* ``sending.send_now`` - what the task (``tasks.deliver``) does: claim, build from current data, send.
* :func:`retry` - staff's "Opnieuw proberen", also after the job gave up.
* :func:`send_notification` - a one-off notice with stored text (kind ``core.melding``).
* :func:`forget` - a source's retention deletes its deliveries with it.
* :func:`status_subquery`, :func:`deliveries_of` - show the state where staff look.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from . import tasks
from .models import Verzending
from .notifications import NOTIFICATION_KIND
from .sending import SENDABLE

logger = logging.getLogger(__name__)

Status = Verzending.Status

#: After this many failed attempts the retry job gives up; staff see "Mislukt" and can try again.
MAX_ATTEMPTS = 5
#: A row still "wacht" this long after it was queued was lost on the way (queue down, worker killed).
STUCK_AFTER = timedelta(minutes=15)


# --- Scheduling (inside the caller's transaction) ----------------------------------------------


def _queue_is_in_this_database() -> bool:
    """True when tasks are rows in the default database (django-tasks-db)."""
    return isinstance(task_backends["default"], DatabaseBackend)


def queue(pk: int) -> bool:
    """Queue the task for one row. If the queue refuses, the row stays and the retry job sends it."""
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


# --- Retrying -----------------------------------------------------------------------------------


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
