"""Periodic jobs of the agenda: reminders, mail and message retries, and "the meeting has ended".

Every job claims its work with a conditional UPDATE (``reminder_sent_at``,
``ended_signal_sent``), so two runners at once, or a run that overlaps a slow
one, never remind anyone twice or fire ``meeting_ended`` twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from distro.extensions import meeting_ended, periodic_job

from . import mails
from . import receivers_mail  # noqa: F401  (connects the "meeting changed or cancelled" mail to page publishing)
from .models import Aanmelding, BerichtVerzending, Bezetting, Bijeenkomst
from .tasks import MAX_ATTEMPTS, send_reminder, send_status_mail

logger = logging.getLogger(__name__)

ACTIEF = (Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST)
#: A mail still "waiting" this long was never picked up (queueing failed, or the worker lost it).
STUCK_AFTER = timedelta(minutes=15)


@periodic_job("agenda_herinneringen", every=timedelta(minutes=15), description="Send meeting reminders")
def send_reminders(now=None) -> str:
    """Remind confirmed registrants ``STEUNPUNT_AGENDA_HERINNERING_UREN`` hours (default 24) before the first date.

    People who signed up or were moved up inside that window just had a
    mail with everything in it; they get no reminder on top.
    """
    now = now or timezone.now()
    window = mails.reminder_window()
    candidates = (
        Aanmelding.objects.filter(
            status=Aanmelding.Status.BEVESTIGD,
            reminder_sent_at__isnull=True,
            anonymised_at__isnull=True,
            bijeenkomst__cancelled=False,
            bijeenkomst__live=True,
        )
        .annotate(first_start=Min("bijeenkomst__sessies__start"))
        .filter(first_start__gt=now, first_start__lte=now + window)
        .only("pk", "created_at", "promoted_at")
    )
    sent = 0
    for aanmelding in candidates:
        told_at = aanmelding.promoted_at or aanmelding.created_at
        if told_at >= aanmelding.first_start - window:
            continue
        claimed = Aanmelding.objects.filter(pk=aanmelding.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
        if not claimed:
            continue  # another runner got it
        try:
            send_reminder.enqueue(aanmelding.pk)
        except Exception:
            logger.exception("Could not queue the reminder for registration %s", aanmelding.pk)
            Aanmelding.objects.filter(pk=aanmelding.pk).update(reminder_sent_at=None)
            continue
        sent += 1
    return f"{sent} reminders"


def mails_to_retry(now=None):
    """Status mails that failed or got stuck, for meetings that have not ended."""
    now = now or timezone.now()
    return (
        Aanmelding.objects.filter(status__in=ACTIEF, anonymised_at__isnull=True)
        .filter(
            Q(mail_status=Aanmelding.MailStatus.MISLUKT, mail_attempts__lt=MAX_ATTEMPTS)
            | Q(mail_status=Aanmelding.MailStatus.WACHT, created_at__lt=now - STUCK_AFTER)
        )
        .annotate(last_end=Max("bijeenkomst__sessies__end"))
        .filter(last_end__gt=now)
    )


@periodic_job("agenda_mail_opnieuw", every=timedelta(minutes=15), description="Retry meeting mails that failed")
def retry_failed_mails() -> str:
    ids = list(mails_to_retry().values_list("pk", flat=True))
    for aanmelding_id in ids:
        # Without a kind: the mail tells what is true now (see mails.py).
        send_status_mail.enqueue(aanmelding_id)
    return f"{len(ids)} retried"


def messages_to_retry(now=None):
    """Deliveries of staff messages that failed (fewer than MAX_ATTEMPTS times) or got stuck."""
    now = now or timezone.now()
    return BerichtVerzending.objects.filter(aanmelding__anonymised_at__isnull=True).filter(
        Q(status=BerichtVerzending.Status.MISLUKT, attempts__lt=MAX_ATTEMPTS)
        | Q(status=BerichtVerzending.Status.WACHT, queued_at__lt=now - STUCK_AFTER)
    )


@periodic_job("agenda_berichten_opnieuw", every=timedelta(minutes=15), description="Retry staff messages that failed")
def retry_failed_messages(now=None) -> str:
    """Queue failed or stuck deliveries of "Bericht aan alle aanmeldingen" again.

    Not limited to meetings that are still to come: staff also write
    afterwards ("thank you, here are the slides"). Each delivery is claimed
    with a conditional UPDATE (back to "wacht", queued now), so a second runner
    or the next run while the task still waits in the queue leaves it alone.
    """
    from .bericht import queue

    now = now or timezone.now()
    retried = 0
    for pk, status, queued_at in messages_to_retry(now).values_list("pk", "status", "queued_at"):
        claimed = BerichtVerzending.objects.filter(pk=pk, status=status, queued_at=queued_at).update(
            status=BerichtVerzending.Status.WACHT, queued_at=now
        )
        if claimed and queue(pk):
            retried += 1
    return f"{retried} retried"


def attendees_of(bijeenkomst) -> list[tuple[str, str, str]]:
    """(name, e-mail, language) of everyone with a place, minus those staff marked as not come."""
    return list(
        bijeenkomst.aanmeldingen.filter(status=Aanmelding.Status.BEVESTIGD, anonymised_at__isnull=True)
        .exclude(attended=False)
        .order_by("created_at", "pk")
        .values_list("name", "email", "language")
    )


@periodic_job("agenda_afgelopen", every=timedelta(minutes=15), description="Announce meetings that have ended")
def announce_ended_meetings(now=None) -> str:
    """Send ``meeting_ended`` once per meeting, after its last date.

    Only for meetings that ended within the retention period: older ones
    have no personal data left, and a fresh install should not invite people
    to evaluate last year's meetings.
    """
    from . import services

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
        bezetting = services.bezetting(bijeenkomst)
        with transaction.atomic():
            # Claimed first, in the same transaction as the receivers' work:
            # they queue their mails with on_commit, which runs once, after the claim is stored.
            if not Bezetting.objects.filter(pk=bezetting.pk, ended_signal_sent=False).update(ended_signal_sent=True):
                continue
            meeting_ended.send_robust(sender=Bijeenkomst, meeting=bijeenkomst, attendees=attendees_of(bijeenkomst))
        announced += 1
    return f"{announced} meetings ended"
