"""The message staff send to all registrants of a meeting (see admin_views.message).

The message is stored once (``Bericht``) with one ``BerichtVerzending`` per
registration. Each delivery is its own task, queued after the request's
transaction commits: one address that fails does not stop the others, and
the task carries only the delivery's id, so neither addresses nor the
staff's text end up in the task queue. A delivery the provider refuses is
marked "mislukt" and retried by the job in jobs.py, like the registration
mails; staff see per message how many were sent, are waiting or failed.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django_tasks import task

from . import mails
from .models import Aanmelding, Bericht, BerichtVerzending
from .tasks import MAX_ATTEMPTS

logger = logging.getLogger(__name__)

Status = BerichtVerzending.Status

__all__ = ["MAX_ATTEMPTS", "maak_bericht", "queue", "stuur_bericht", "with_counts"]


def _site_settings(page):
    from distro.core.models import SteunpuntSettings

    site = page.get_site()
    return SteunpuntSettings.for_site(site) if site else None


def maak_bericht(bijeenkomst, onderwerp: str, tekst: str, aanmelding_ids) -> Bericht:
    """Store the message and a delivery per registration; the mails go once the transaction commits."""
    with transaction.atomic():
        bericht = Bericht.objects.create(bijeenkomst=bijeenkomst, onderwerp=onderwerp, tekst=tekst)
        BerichtVerzending.objects.bulk_create(
            [BerichtVerzending(bericht=bericht, aanmelding_id=pk, queued_at=bericht.created_at) for pk in aanmelding_ids]
        )
        ids = list(bericht.verzendingen.values_list("pk", flat=True))
        for verzending_id in ids:
            # One callback per delivery: a queue that refuses one still gets the others.
            transaction.on_commit(lambda verzending_id=verzending_id: queue(verzending_id))
    return bericht


def queue(verzending_id: int) -> bool:
    """Queue one delivery. If the queue is down the row stays "wacht" and the retry job picks it up."""
    try:
        stuur_bericht.enqueue(verzending_id)
    except Exception:
        logger.exception("Could not queue message delivery %s", verzending_id)
        return False
    return True


def with_counts(berichten):
    """Annotate a Bericht queryset with how many deliveries were sent, are waiting, failed or lapsed."""
    return berichten.annotate(
        n_verstuurd=Count("verzendingen", filter=Q(verzendingen__status=Status.VERSTUURD)),
        n_wacht=Count("verzendingen", filter=Q(verzendingen__status=Status.WACHT)),
        n_mislukt=Count("verzendingen", filter=Q(verzendingen__status=Status.MISLUKT)),
        n_vervallen=Count("verzendingen", filter=Q(verzendingen__status=Status.VERVALLEN)),
    )


def _build(verzending) -> EmailMultiAlternatives:
    aanmelding = verzending.aanmelding
    bericht = verzending.bericht
    meeting = aanmelding.bijeenkomst
    site = meeting.get_site()
    site_settings = _site_settings(meeting)
    # The wrapper (greeting, why you get this, the cancel link) in the
    # registrant's language, as the other agenda mails; the staff's own text as written.
    language = mails.mail_language(aanmelding, site)
    with translation.override(language):
        first = meeting.sessies.order_by("start").first()
        context = {
            "aanmelding": aanmelding,
            "meeting": meeting,
            "when": formats.date_format(timezone.localtime(first.start), "DATETIME_FORMAT") if first else "",
            "tekst": bericht.tekst,
            "onderwerp": bericht.onderwerp,
            "settings": site_settings,
            "cancel_url": mails.cancel_url(aanmelding, site),
            "LANGUAGE_CODE": language,
        }
        message = EmailMultiAlternatives(
            subject=bericht.onderwerp,
            body=render_to_string("agenda/admin/bericht_email.txt", context),
            to=[aanmelding.email],
            reply_to=[a for a in [(site_settings.email or site_settings.mailbox) if site_settings else ""] if a] or None,
        )
        # Autoescaped: whatever staff typed is shown as text, never as HTML.
        message.attach_alternative(render_to_string("agenda/admin/bericht_email.html", context), "text/html")
    return message


@task()
def stuur_bericht(verzending_id: int) -> bool:
    verzending = (
        BerichtVerzending.objects.select_related("bericht", "aanmelding__bijeenkomst").filter(pk=verzending_id).first()
    )
    # Purged, or already sent by an earlier task for the same row (the job may queue one twice).
    if verzending is None or verzending.status in (Status.VERSTUURD, Status.VERVALLEN):
        return False
    aanmelding = verzending.aanmelding
    if aanmelding.anonymised_at or aanmelding.status == Aanmelding.Status.GEANNULEERD or not aanmelding.email:
        # Cancelled or purged between the click and now: nothing to send, and nothing to retry.
        BerichtVerzending.objects.filter(pk=verzending.pk).update(status=Status.VERVALLEN, error="")
        return False
    try:
        _build(verzending).send()
    except Exception as exc:  # the provider failed; the job retries
        # Only the kind of error in the server log: a provider's answer often quotes
        # the address. The full answer is kept on the row, for staff, until retention.
        logger.warning("Message delivery %s failed: %s", verzending_id, type(exc).__name__)
        BerichtVerzending.objects.filter(pk=verzending.pk).exclude(status=Status.VERSTUURD).update(
            status=Status.MISLUKT, attempts=F("attempts") + 1, error=str(exc)[:1000]
        )
        return False
    BerichtVerzending.objects.filter(pk=verzending.pk).update(
        status=Status.VERSTUURD, attempts=F("attempts") + 1, error="", sent_at=timezone.now()
    )
    return True
