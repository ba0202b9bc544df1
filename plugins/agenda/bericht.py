"""The message staff send to all registrants of a meeting (see admin_views/messages.py).

The message is stored once (``Bericht``) with one ``BerichtVerzending`` per
registration, and each of those is a delivery in the core outbox (kind
``agenda.bericht``, with the BerichtVerzending's id only), so neither
addresses nor the staff's text end up in the outbox or the task queue. One
address that fails does not stop the others; a delivery the provider refuses
is "mislukt" and retried by the outbox, like the registration mails (the
message itself is rendered in ``mails.render_bericht``); staff
see per message how many were sent, are waiting or failed, and every failed
delivery in "E-mail".
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy

from distro.extensions import MailKind, mail_kinds
from distro.outbox import Lapsed
from distro.outbox import services as outbox

from . import mails
from .models import Aanmelding, Bericht, BerichtVerzending
from .tasks import MAX_ATTEMPTS

logger = logging.getLogger(__name__)

Status = BerichtVerzending.Status
KIND = mails.MESSAGE_KIND

__all__ = ["MAX_ATTEMPTS", "maak_bericht", "retry_failed", "with_counts"]


def maak_bericht(bijeenkomst, onderwerp: str, tekst: str, aanmelding_ids) -> Bericht:
    """Store the message and a delivery per registration; the mails go with the transaction (see the outbox)."""
    with transaction.atomic():
        bericht = Bericht.objects.create(bijeenkomst=bijeenkomst, onderwerp=onderwerp, tekst=tekst)
        BerichtVerzending.objects.bulk_create(
            [BerichtVerzending(bericht=bericht, aanmelding_id=pk) for pk in aanmelding_ids]
        )
        outbox.schedule_many(KIND, bericht.verzendingen.values_list("pk", flat=True))
    return bericht


def retry_failed(bericht) -> int:
    """Staff try the failed deliveries of a message again now, also after the job gave up."""
    ids = bericht.verzendingen.filter(aanmelding__anonymised_at__isnull=True).values_list("pk", flat=True)
    return outbox.retry_for(KIND, ids)


def with_counts(berichten):
    """Annotate a Bericht queryset with how many deliveries were sent, are waiting, failed or lapsed."""
    ids = BerichtVerzending.objects.filter(bericht=OuterRef(OuterRef("pk"))).values("pk")
    return berichten.annotate(
        n_verstuurd=outbox.count_subquery(KIND, ids, Status.VERSTUURD),
        n_wacht=outbox.count_subquery(KIND, ids, Status.WACHT),
        n_mislukt=outbox.count_subquery(KIND, ids, Status.MISLUKT),
        n_vervallen=outbox.count_subquery(KIND, ids, Status.VERVALLEN),
    )


def describe(ids):
    rows = BerichtVerzending.objects.filter(pk__in=ids, aanmelding__anonymised_at__isnull=True).values_list(
        "pk", "bericht_id", "bericht__bijeenkomst__title"
    )
    return {pk: f"{gettext_lazy('Bericht %(id)s') % {'id': bericht_id}} – {title}" for pk, bericht_id, title in rows}


def retryable(ids):
    # Not limited to meetings that are still to come: staff also write
    # afterwards ("thank you, here are the slides").
    return BerichtVerzending.objects.filter(pk__in=ids, aanmelding__anonymised_at__isnull=True).values_list(
        "pk", flat=True
    )


def build_bericht(delivery):
    verzending = (
        BerichtVerzending.objects.select_related("bericht", "aanmelding__bijeenkomst")
        .filter(pk=delivery.object_id)
        .first()
    )
    if verzending is None:
        raise Lapsed  # purged with the registrations
    aanmelding = verzending.aanmelding
    if aanmelding.anonymised_at or aanmelding.status == Aanmelding.Status.GEANNULEERD or not aanmelding.email:
        # Cancelled or purged between the click and now: nothing to send, and nothing to retry.
        raise Lapsed
    return mails.render_bericht(verzending)


def register():
    """Called by AgendaConfig.ready()."""
    mail_kinds.register(
        MailKind(KIND, build_bericht, describe, gettext_lazy("Bericht aan de aanmeldingen"), retryable, __name__)
    )
