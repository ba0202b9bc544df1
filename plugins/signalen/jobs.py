"""The quarterly report: made and sent to the board once each quarter is over."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from distro.extensions import PeriodicJob, periodic_jobs
from distro.outbox import services as outbox

from . import periods, report
from .mailing import KIND, board_addresses
from .registraties import Rapport

JOB_NAME = "signalen_kwartaalverslag"


def quarterly_report(today=None) -> str:
    """After a quarter ends, make its report (once) and mail it to the board."""
    today = today or timezone.localdate()
    start, end = periods.quarter(*periods.previous_quarter(today))
    with transaction.atomic():
        if Rapport.objects.filter(soort=Rapport.Soort.KWARTAAL, start=start, eind=end, automatisch=True).exists():
            return "already made"
        rapport = report.make(Rapport.Soort.KWARTAAL, start, end, automatisch=True)
        if board_addresses():
            outbox.schedule(KIND, rapport.pk)
            return f"made and sent: {rapport.titel}"
    return f"made, nobody to send it to: {rapport.titel}"


def register():
    periodic_jobs.register(
        PeriodicJob(
            JOB_NAME, quarterly_report, timedelta(hours=6), "Make and send the quarterly board report", __name__
        )
    )
