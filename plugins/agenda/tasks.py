"""The agenda's e-mail in the core outbox: builders for the status mail and the reminder.

The outbox (``distro.outbox``) keeps the delivery state, retries with
back-off and shows failures to staff; the rows hold only the registration's
id. These builders make each message at send time from the registration as
it is then, or say "lapsed" (``Lapsed``) when there is nothing to tell any
more. A failing provider never loses a registration: it stays, staff see
"Mislukt", and the outbox's retry job tries again.
"""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distro.extensions import MailKind, mail_kinds
from distro.outbox import Lapsed, services

from . import mails
from .mailkinds import HERINNERING, REMINDER_KIND, STATUS_KIND
from .models import Aanmelding

#: After this many failed attempts the retry job gives up; staff see "Mislukt".
MAX_ATTEMPTS = services.MAX_ATTEMPTS

ACTIEF = (Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST)


def _registration(aanmelding_id: int):
    return Aanmelding.objects.select_related("bijeenkomst").filter(pk=aanmelding_id, anonymised_at__isnull=True).first()


def describe_registrations(ids):
    """ "Aanmelding 5 – Thema-avond" for the registrations that still hold personal data."""
    rows = Aanmelding.objects.filter(pk__in=ids, anonymised_at__isnull=True).values_list("pk", "bijeenkomst__title")
    return {pk: f"{_('Aanmelding %(id)s') % {'id': pk}} – {title}" for pk, title in rows}


def status_mails_to_retry(ids, now=None):
    """Only for active registrations of meetings that have not ended (as before the outbox)."""
    now = now or timezone.now()
    return (
        Aanmelding.objects.filter(pk__in=ids, status__in=ACTIEF, anonymised_at__isnull=True)
        .annotate(last_end=Max("bijeenkomst__sessies__end"))
        .filter(last_end__gt=now)
        .values_list("pk", flat=True)
    )


def build_status_mail(verzending):
    """Tell a registrant where they stand now (signed up, waiting list, moved up, changed, cancelled)."""
    aanmelding = _registration(verzending.object_id)
    if aanmelding is None:
        raise Lapsed  # deleted or purged
    if aanmelding.status == Aanmelding.Status.GEANNULEERD:
        raise Lapsed  # they cancelled themselves and saw it on the site; nothing to tell
    ended = aanmelding.bijeenkomst.ends_at
    if ended is not None and ended <= timezone.now():
        raise Lapsed  # too late to matter
    # The stored variant (a change, a cancelled meeting, a repeat sign-up) is
    # still true on a retry; everything else follows from the registration now.
    return mails.render(aanmelding, mails.current_soort(aanmelding, verzending.variant or None))


def reminders_to_retry(ids, now=None):
    now = now or timezone.now()
    return (
        Aanmelding.objects.filter(
            pk__in=ids, status=Aanmelding.Status.BEVESTIGD, anonymised_at__isnull=True, bijeenkomst__cancelled=False
        )
        .exclude(bijeenkomst__sessies__start__lte=now)
        .values_list("pk", flat=True)
    )


def build_reminder(verzending):
    """The reminder before the meeting. The job has already claimed it (reminder_sent_at)."""
    aanmelding = _registration(verzending.object_id)
    if aanmelding is None or aanmelding.status != Aanmelding.Status.BEVESTIGD or aanmelding.bijeenkomst.cancelled:
        raise Lapsed
    starts = aanmelding.bijeenkomst.starts_at
    if starts is None or starts <= timezone.now():
        raise Lapsed  # a reminder after the start helps nobody
    return mails.render(aanmelding, HERINNERING)


def register():
    """Called by AgendaConfig.ready()."""
    mail_kinds.register(
        MailKind(
            STATUS_KIND,
            build_status_mail,
            describe_registrations,
            _("Aanmelding voor een bijeenkomst"),
            status_mails_to_retry,
            __name__,
        )
    )
    mail_kinds.register(
        MailKind(
            REMINDER_KIND,
            build_reminder,
            describe_registrations,
            _("Herinnering aan een bijeenkomst"),
            reminders_to_retry,
            __name__,
        )
    )
