"""The agenda's health check: do the reminders go out? Registered by AgendaConfig.ready()."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distro.extensions import HealthCheck, HealthResult, health_checks, periodic_jobs
from distro.health import job_is_running

from . import scheduling

REMINDER_JOB = "agenda_herinneringen"  # the name jobs.send_reminders is registered under
NAME = "agenda.herinneringen"
#: A reminder this much later than its time has been missed, not just not sent yet.
GRACE = timedelta(hours=1)


def missed_reminders(now=None) -> int:
    """Confirmed registrants whose reminder should have gone out over an hour ago."""
    return scheduling.reminders_due(now or timezone.now(), late_by=GRACE).count()


def reminders_go_out() -> HealthResult:
    job = periodic_jobs.get(REMINDER_JOB)
    label = _("Herinneringen voor bijeenkomsten")
    result = job_is_running(job.name, job.every, label)
    if result.status != HealthResult.OK:
        return result
    missed = missed_reminders()
    if missed:
        return HealthResult.warning(
            ngettext(
                "%(count)s aanmelding kreeg de herinnering niet op tijd; zie het log van de vaste taken.",
                "%(count)s aanmeldingen kregen de herinnering niet op tijd; zie het log van de vaste taken.",
                missed,
            )
            % {"count": missed}
        )
    return result


def register():
    health_checks.register(
        HealthCheck(
            NAME,
            reminders_go_out,
            gettext_lazy("Gaan de herinneringen voor bijeenkomsten op tijd de deur uit?"),
            module=__name__,
        )
    )
