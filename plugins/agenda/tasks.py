"""Background tasks that send the agenda's e-mail.

They take only ids, so no personal data ends up in the task queue. A failing
provider never loses a registration: the failure is stored on it, staff see
"Mislukt" in the admin, and the retry job (jobs.py) tries again.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from . import mails
from .models import Aanmelding

#: After this many failed attempts the retry job gives up; staff see "Mislukt".
MAX_ATTEMPTS = 5


def _registration(aanmelding_id: int):
    return Aanmelding.objects.select_related("bijeenkomst").filter(pk=aanmelding_id, anonymised_at__isnull=True).first()


@task()
def send_status_mail(aanmelding_id: int, soort: str | None = None):
    """Tell a registrant where they stand now (signed up, waiting list, moved up, changed, cancelled)."""
    aanmelding = _registration(aanmelding_id)
    if aanmelding is None or aanmelding.mail_status == Aanmelding.MailStatus.VERSTUURD:
        return  # deleted, purged, or already told (the task can be queued twice)
    if aanmelding.status == Aanmelding.Status.GEANNULEERD:
        return  # they cancelled themselves and saw it on the site; nothing to tell
    ended = aanmelding.bijeenkomst.ends_at
    if ended is not None and ended <= timezone.now():
        return  # too late to matter
    try:
        mails.send(aanmelding, mails.current_soort(aanmelding, soort))
    except Exception as exc:  # the provider failed; the registration stays and the mail is retried
        Aanmelding.objects.filter(pk=aanmelding.pk).update(
            mail_status=Aanmelding.MailStatus.MISLUKT, mail_attempts=F("mail_attempts") + 1, mail_error=str(exc)[:1000]
        )
        return
    Aanmelding.objects.filter(pk=aanmelding.pk).update(
        mail_status=Aanmelding.MailStatus.VERSTUURD, mail_attempts=F("mail_attempts") + 1, mail_error=""
    )


@task()
def send_reminder(aanmelding_id: int):
    """The reminder before the meeting. The job has already claimed it (reminder_sent_at)."""
    aanmelding = _registration(aanmelding_id)
    if aanmelding is None or aanmelding.status != Aanmelding.Status.BEVESTIGD or aanmelding.bijeenkomst.cancelled:
        return
    starts = aanmelding.bijeenkomst.starts_at
    if starts is None or starts <= timezone.now():
        return
    try:
        mails.send(aanmelding, mails.HERINNERING)
    except Exception as exc:
        # Released again, so the next run of the reminder job tries once more
        # (until the meeting starts). The error is kept for staff.
        Aanmelding.objects.filter(pk=aanmelding.pk).update(reminder_sent_at=None, mail_error=str(exc)[:1000])
