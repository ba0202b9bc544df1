"""The outbox's periodic work: retrying failed and lost e-mail, and its retention."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from distro.core.models import SteunpuntSettings
from distro.extensions import PeriodicJob, RetentionRule, mail_kinds, periodic_jobs, retention_rules

from . import services
from .models import Verzending
from .notifications import NOTIFICATION_DAYS, NOTIFICATION_KIND

logger = logging.getLogger(__name__)

Status = Verzending.Status
JOB_NAME = "e-mail_opnieuw"
RULE_NAME = "e-mail"


def _mailbox_is_set() -> bool:
    return SteunpuntSettings.objects.exclude(mailbox="").exists()


def due(now=None):
    """Rows the retry job queues again: failed (fewer than MAX_ATTEMPTS, back-off over) or lost "wacht" ones.

    "Geen mailbox" rows wait without counting attempts until a site has a mailbox.
    """
    now = now or timezone.now()
    wanted = Q(status=Status.WACHT) | Q(status=Status.MISLUKT, attempts__lt=services.MAX_ATTEMPTS)
    if _mailbox_is_set():
        wanted |= Q(status=Status.GEEN_MAILBOX)
    return Verzending.objects.filter(wanted, next_attempt_at__lte=now)


def retry_due(now=None) -> str:
    now = now or timezone.now()
    by_kind = defaultdict(list)
    for pk, kind, object_id, next_attempt_at in due(now).values_list("pk", "kind", "object_id", "next_attempt_at"):
        by_kind[kind].append((pk, object_id, next_attempt_at))
    retried = 0
    for kind_name, rows in by_kind.items():
        try:
            kind = mail_kinds.get(kind_name)
        except KeyError:
            continue  # its plugin is switched off
        if kind.retryable is not None:
            allowed = set(kind.retryable([object_id for _pk, object_id, _next in rows]))
            rows = [row for row in rows if row[1] in allowed]
        for pk, _object_id, next_attempt_at in rows:
            # Claimed with a conditional UPDATE: a second runner, or the next run
            # while the task still waits in the queue, leaves it alone.
            claimed = Verzending.objects.filter(pk=pk, next_attempt_at=next_attempt_at).update(
                next_attempt_at=now + services.STUCK_AFTER
            )
            if claimed and services.queue(pk):
                retried += 1
    return f"{retried} retried"


def _orphans(kind, rows) -> list[int]:
    existing = kind.describe([object_id for _pk, object_id in rows])
    return [pk for pk, object_id in rows if object_id not in existing]


def purge_deliveries(cutoff) -> int:
    """Notices after 30 days; other deliveries as soon as their source is gone.

    Sources delete their deliveries themselves when they are purged
    (services.forget); this catches the rest (a meeting page deleted with its
    registrations, a question deleted by staff).
    """
    deleted, _ = Verzending.objects.filter(kind=NOTIFICATION_KIND, created_at__lt=cutoff).delete()
    for kind in mail_kinds.all():
        if kind.name == NOTIFICATION_KIND:
            continue
        rows = list(Verzending.objects.filter(kind=kind.name).values_list("pk", "object_id"))
        for start in range(0, len(rows), 500):
            orphans = _orphans(kind, rows[start : start + 500])
            if orphans:
                deleted += Verzending.objects.filter(pk__in=orphans).delete()[0]
    return deleted


def register():
    """Called by OutboxConfig.ready()."""
    periodic_jobs.register(
        PeriodicJob(JOB_NAME, retry_due, timedelta(minutes=5), "Retry e-mail that failed or was never sent", __name__)
    )
    retention_rules.register(
        RetentionRule(
            RULE_NAME,
            "E-mail deliveries: notices after 30 days, others with their source",
            lambda: NOTIFICATION_DAYS,
            purge_deliveries,
            __name__,
        )
    )
