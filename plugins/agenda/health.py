"""The agenda's health check: do the reminders go out? Registered by AgendaConfig.ready()."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distro.extensions import HealthCheck, HealthResult, health_checks, periodic_jobs
from distro.health import job_is_running

from . import mails
from .models import Aanmelding

REMINDER_JOB = "agenda_herinneringen"  # the name jobs.send_reminders is registered under
NAME = "agenda.herinneringen"
#: A reminder this much later than its time has been missed, not just not sent yet.
GRACE = timedelta(hours=1)


def missed_reminders(now=None) -> int:
    """Confirmed registrants whose reminder should have gone out over an hour ago (see jobs.send_reminders)."""
    now = now or timezone.now()
    window = mails.reminder_window()
    return (
        Aanmelding.objects.filter(
            status=Aanmelding.Status.BEVESTIGD,
            reminder_sent_at__isnull=True,
            anonymised_at__isnull=True,
            bijeenkomst__cancelled=False,
            bijeenkomst__live=True,
        )
        .annotate(first_start=Min("bijeenkomst__sessies__start"), told_at=Coalesce("promoted_at", "created_at"))
        # Who signed up inside the window had everything in the confirmation: no reminder due.
        .filter(first_start__gt=now, first_start__lte=now + window - GRACE, told_at__lt=F("first_start") - window)
        .count()
    )


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
