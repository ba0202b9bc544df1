"""Periodic jobs of the agenda: reminders and "the meeting has ended" (mail retries are the core outbox's).

Every job claims its work with a conditional UPDATE (``reminder_sent_at``,
``ended_signal_sent``), so two runners at once, or a run that overlaps a slow
one, never remind anyone twice or fire ``meeting_ended`` twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from distro.extensions import PeriodicJob, meeting_ended, periodic_jobs
from distro.outbox import services as outbox

from .mailkinds import REMINDER_KIND
from .models import Aanmelding, Bezetting, Bijeenkomst
from .places import bezetting as bezetting_row
from .scheduling import reminders_due

logger = logging.getLogger(__name__)

ACTIEF = (Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST)
# Retrying failed mail is the core outbox's job (distro/outbox/jobs.py, "e-mail_opnieuw").


def send_reminders(now=None) -> str:
    """Remind confirmed registrants ``STEUNPUNT_AGENDA_HERINNERING_UREN`` hours (default 24) before the first date.

    People who signed up or were moved up inside that window just had a
    mail with everything in it; they get no reminder on top.
    """
    now = now or timezone.now()
    candidates = reminders_due(now).only("pk")
    sent = 0
    for aanmelding in candidates:
        with transaction.atomic():
            claimed = Aanmelding.objects.filter(pk=aanmelding.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if not claimed:
                continue  # another runner got it
            # The outbox takes it from here: if queueing or the provider fails,
            # its retry job tries again (until the meeting starts, see tasks.py).
            outbox.schedule(REMINDER_KIND, aanmelding.pk)
        sent += 1
    return f"{sent} reminders"


def attendees_of(bijeenkomst) -> list[tuple[str, str, str]]:
    """(name, e-mail, language) of everyone with a place, minus those staff marked as not come."""
    return list(
        bijeenkomst.aanmeldingen.filter(status=Aanmelding.Status.BEVESTIGD, anonymised_at__isnull=True)
        .exclude(attended=False)
        .order_by("created_at", "pk")
        .values_list("name", "email", "language")
    )


def announce_ended_meetings(now=None) -> str:
    """Send ``meeting_ended`` once per meeting, after its last date.

    Only for meetings that ended within the retention period: older ones
    have no personal data left, and a fresh install should not invite people
    to evaluate last year's meetings.
    """
    now = now or timezone.now()
    ended = (
        Bijeenkomst.objects.live()
        .filter(cancelled=False)
        .annotate(last_end=Max("sessies__end"))
        .filter(last_end__lte=now, last_end__gt=now - timedelta(days=Aanmelding.retention_days()))
        .exclude(bezetting__ended_signal_sent=True)
    )
    announced = 0
    for bijeenkomst in ended:
        bezetting = bezetting_row(bijeenkomst)
        with transaction.atomic():
            # Claimed first, in the same transaction as the receivers' work:
            # they queue their mails with on_commit, which runs once, after the claim is stored.
            if not Bezetting.objects.filter(pk=bezetting.pk, ended_signal_sent=False).update(ended_signal_sent=True):
                continue
            meeting_ended.send_robust(sender=Bijeenkomst, meeting=bijeenkomst, attendees=attendees_of(bijeenkomst))
        announced += 1
    return f"{announced} meetings ended"


def register():
    """Called by AgendaConfig.ready()."""
    periodic_jobs.register(
        PeriodicJob("agenda_herinneringen", send_reminders, timedelta(minutes=15), "Send meeting reminders", __name__)
    )
    periodic_jobs.register(
        PeriodicJob(
            "agenda_afgelopen",
            announce_ended_meetings,
            timedelta(minutes=15),
            "Announce meetings that have ended",
            __name__,
        )
    )
