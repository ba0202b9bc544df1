"""Runs the periodic jobs that are due. Called by ``steunpunt run_jobs``.

The JobRun row of a job doubles as its lock: a job is claimed with one
conditional UPDATE, so two runners started at the same time (cron firing
while a slow run is still busy, or two servers) never run it twice.
"""

import logging
import traceback
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from distro.extensions import PeriodicJob, periodic_jobs

from .models import JobRun

logger = logging.getLogger(__name__)

#: A job still "running" after this long is assumed to have crashed.
STALE_AFTER = timedelta(hours=2)


@dataclass
class Outcome:
    name: str
    status: str
    message: str = ""


def _claim(job: PeriodicJob, now, force: bool) -> bool:
    """Atomically mark ``job`` as running if it is due; False if it is not."""
    try:
        with transaction.atomic():
            JobRun.objects.get_or_create(name=job.name)
    except IntegrityError:
        pass  # another runner created the row a moment ago; the update below decides
    due = Q(started_at__isnull=True) | Q(started_at__lte=now - job.every)
    if force:
        due = Q(pk__isnull=False)
    # --force never overrides the lock: running a job twice at once is never wanted.
    not_running = ~Q(status=JobRun.Status.RUNNING) | Q(started_at__lte=now - STALE_AFTER)
    return bool(
        JobRun.objects.filter(Q(name=job.name) & due & not_running).update(
            started_at=now, finished_at=None, status=JobRun.Status.RUNNING, message=""
        )
    )


def run_due_jobs(names=None, force=False) -> list[Outcome]:
    """Run the due jobs (of the core and enabled plugins), or only ``names``."""
    outcomes = []
    for job in periodic_jobs.all():
        if names and job.name not in names:
            continue
        if not _claim(job, timezone.now(), force):
            continue
        try:
            result = job.func()
        except Exception as exc:
            logger.exception("Periodic job %s failed", job.name)
            status, message = JobRun.Status.FAILED, f"{exc}\n\n{traceback.format_exc()}"
        else:
            status, message = JobRun.Status.OK, "" if result is None else str(result)
        JobRun.objects.filter(name=job.name).update(finished_at=timezone.now(), status=status, message=message)
        outcomes.append(Outcome(job.name, status, message))
    return outcomes
