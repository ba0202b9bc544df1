"""When the agenda mails whom: handing mails to the core outbox (``distro.outbox``).

The ``schedule_*`` functions are called by the services (and by the page
publish receiver) inside their transaction. The outbox stores a delivery row
with only the registration's id and queues its task after the commit, so a
mail is only sent for data that was really stored, and a rolled-back sign-up
mails nobody (see ``distro.outbox.services``). Failures, back-off, retries
and the staff screen "E-mail" are the outbox's; the builders in tasks.py and
bericht.py make the message at send time, with the rendering in mails.py.

There is one kind of "status mail" per registration (outbox kind
``agenda.status``): it always tells the current state (signed up, on the
waiting list, moved up, meeting changed or cancelled), built from what is
true at the moment it is sent, also on a retry, so a late retry never tells
something that is no longer so. ``Aanmelding.mail_status`` reads that
delivery's state. Reminders are separate (kind ``agenda.herinnering``,
claimed with ``reminder_sent_at``; the job is in jobs.py).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import F, Min
from django.db.models.functions import Coalesce

from distro.outbox import services as outbox

from .mailkinds import AFGELAST, AL_AANGEMELD, STATUS_KIND, WIJZIGING
from .models import Aanmelding


def schedule_bevestiging(aanmelding_id: int, new: bool = False) -> None:
    """Confirmation (or waiting-list notice) after a sign-up or merge.

    ``new`` is kept for the callers; the outbox creates or resets the row either way.
    """
    outbox.schedule(STATUS_KIND, aanmelding_id)


def schedule_promotie(aanmelding_id: int) -> None:
    """Notice that a registration moved from the waiting list to confirmed."""
    schedule_bevestiging(aanmelding_id)


def schedule_al_aangemeld(aanmelding_id: int) -> None:
    """Tell the owner of an address that it was signed up again: their registration as it is, and how to change it."""
    outbox.schedule(STATUS_KIND, aanmelding_id, AL_AANGEMELD)


def schedule_wijziging(bijeenkomst_id: int, afgelast: bool) -> None:
    """Notice to all registered people (confirmed and waiting) that a meeting changed or was cancelled."""
    registrations = Aanmelding.objects.filter(
        bijeenkomst_id=bijeenkomst_id,
        status__in=[Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST],
        anonymised_at__isnull=True,
    )
    ids = list(registrations.values_list("pk", flat=True))
    outbox.schedule_many(STATUS_KIND, ids, AFGELAST if afgelast else WIJZIGING)


def reminder_hours() -> int:
    return int(getattr(settings, "STEUNPUNT_AGENDA_HERINNERING_UREN", 24))


def reminder_window() -> timedelta:
    return timedelta(hours=reminder_hours())


def reminders_due(now, *, late_by: timedelta = timedelta(0)):
    """Confirmed registrations whose reminder is due at ``now`` (or, with ``late_by``, overdue by that much).

    Who signed up or moved up inside the window just had a mail with
    everything in it: no reminder on top. The job (jobs.send_reminders) sends
    these; the health check counts the overdue ones.
    """
    window = reminder_window()
    return (
        Aanmelding.objects.filter(
            status=Aanmelding.Status.BEVESTIGD,
            reminder_sent_at__isnull=True,
            anonymised_at__isnull=True,
            bijeenkomst__cancelled=False,
            bijeenkomst__live=True,
        )
        .annotate(first_start=Min("bijeenkomst__sessies__start"), told_at=Coalesce("promoted_at", "created_at"))
        .filter(first_start__gt=now, first_start__lte=now + window - late_by, told_at__lt=F("first_start") - window)
    )
