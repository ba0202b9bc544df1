"""The retention job: purges personal data past its retention period."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from distro.extensions import PeriodicJob, RetentionRule, periodic_jobs, retention_rules

logger = logging.getLogger(__name__)


class RetentionFailed(Exception):
    pass


def purge_expired_personal_data() -> str:
    """Run every rule; one failing rule must not keep the others' data around."""
    now = timezone.now()
    results, failed = [], []
    for rule in retention_rules.all():
        try:
            with transaction.atomic():
                count = rule.purge(now - timedelta(days=rule.days()))
        except Exception as exc:
            logger.exception("Retention rule %s failed", rule.name)
            failed.append(f"{rule.name}: {exc}")
            continue
        results.append(f"{rule.name}: {count}")
    if failed:
        raise RetentionFailed("; ".join(failed) + " (done: " + "; ".join(results) + ")")
    return "; ".join(results)


def prune_task_results(cutoff) -> int:
    # Finished background tasks keep their arguments and tracebacks in the
    # database backend; they are operational data and need not outlive a week.
    deleted, _ = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    return deleted


def register():
    """Called by CoreConfig.ready()."""
    periodic_jobs.register(
        PeriodicJob(
            "retentie",
            purge_expired_personal_data,
            timedelta(hours=6),
            "Purge personal data past its retention period",
            __name__,
        )
    )
    retention_rules.register(
        RetentionRule("taakresultaten", "Finished background task results", lambda: 7, prune_task_results, __name__)
    )
