"""Retention of registrations: personal data goes, anonymous counts stay.

A set number of days after a meeting's last date (setting
``STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN``, default 30) the core's
retention job calls :func:`purge_registrations`. Each registration of such a
meeting is anonymised in place: name, e-mail address, answers and language
are wiped, its deliveries in the core outbox (with any provider's answer)
are deleted, and the cancel token is replaced, so old links stop
working. What stays is what the board's report needs and nothing that points
to a person: status, number of persons, role (ouder/jongere/professional) and
whether they came. The same counts are also written to ``Bezetting``, which
outlives the rows if they are ever deleted.

Messages staff sent to the registrants (``Bericht``, with a
``BerichtVerzending`` per registration) go at the same moment, and are
deleted, not anonymised, with their deliveries in the outbox: their text may
name people or situations, and without the recipients there is nothing left
worth counting.
"""

from __future__ import annotations

import uuid
from collections import Counter

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from distro.extensions import RetentionRule, retention_rules
from distro.outbox import services as outbox

from .mailkinds import MESSAGE_KIND, REMINDER_KIND, STATUS_KIND
from .models import Aanmelding, Bericht, BerichtVerzending, Bezetting, Bijeenkomst

RULE_NAME = "agenda-aanmeldingen"


def anonieme_tellingen(bijeenkomst_id: int) -> dict:
    """Persons attended / not come / by role among confirmed registrations, from the rows.

    Counts persons, not registrations: a parent who signs up for two counts
    as two, exactly as the places do.
    """
    rows = Aanmelding.objects.filter(bijeenkomst_id=bijeenkomst_id, status=Aanmelding.Status.BEVESTIGD).values_list(
        "persons", "role", "attended"
    )
    attended = no_show = 0
    by_role: Counter = Counter()
    for persons, role, came in rows:
        by_role[role] += persons
        if came is True:
            attended += persons
        elif came is False:
            no_show += persons
    return {"attended": attended, "no_show": no_show, "by_role": dict(sorted(by_role.items()))}


def bewaar_tellingen(bijeenkomst_id: int) -> None:
    """Write the anonymous counts into Bezetting.

    Only these three fields: the place counters (confirmed/waiting) belong to
    the sign-up service's conditional UPDATEs and must never be overwritten.
    """
    Bezetting.objects.get_or_create(bijeenkomst_id=bijeenkomst_id)
    Bezetting.objects.filter(bijeenkomst_id=bijeenkomst_id).update(**anonieme_tellingen(bijeenkomst_id))


def ended_before(cutoff) -> list[int]:
    return list(
        Bijeenkomst.objects.annotate(last_end=Max("sessies__end"))
        .filter(last_end__lt=cutoff)
        .values_list("pk", flat=True)
    )


def meetings_to_purge(cutoff):
    """Meetings whose last date ended before ``cutoff`` and still hold personal data."""
    ended = ended_before(cutoff)
    return list(
        Aanmelding.objects.filter(bijeenkomst_id__in=ended, anonymised_at__isnull=True)
        .values_list("bijeenkomst_id", flat=True)
        .distinct()
        .order_by("bijeenkomst_id")
    )


def anonymise(bijeenkomst_id: int) -> int:
    """Anonymise every registration of one meeting; returns how many rows changed."""
    now = timezone.now()
    with transaction.atomic():
        # Counts first, from the rows as they are; the wipe below keeps
        # everything they are made of, so running this again gives the same.
        bewaar_tellingen(bijeenkomst_id)
        changed = 0
        for pk in Aanmelding.objects.filter(bijeenkomst_id=bijeenkomst_id, anonymised_at__isnull=True).values_list(
            "pk", flat=True
        ):
            # One UPDATE per row: each needs its own new (unique) token.
            changed += Aanmelding.objects.filter(pk=pk, anonymised_at__isnull=True).update(
                name="",
                email="",
                answers=[],
                language="",
                token=uuid.uuid4(),
                anonymised_at=now,
            )
        # Their e-mail deliveries go too: a provider's answer on them may quote the address.
        forget_mail(Aanmelding.objects.filter(bijeenkomst_id=bijeenkomst_id).values_list("pk", flat=True))
    return changed


def forget_mail(aanmelding_ids) -> None:
    ids = list(aanmelding_ids)
    outbox.forget(STATUS_KIND, ids)
    outbox.forget(REMINDER_KIND, ids)


def purge_messages(cutoff) -> int:
    """Delete staff messages and their deliveries for meetings that ended before ``cutoff``."""
    berichten = Bericht.objects.filter(bijeenkomst_id__in=ended_before(cutoff))
    outbox.forget(MESSAGE_KIND, BerichtVerzending.objects.filter(bericht__in=berichten).values_list("pk", flat=True))
    deleted, _per_model = berichten.delete()
    return deleted


def purge_registrations(cutoff) -> int:
    return sum(anonymise(bijeenkomst_id) for bijeenkomst_id in meetings_to_purge(cutoff)) + purge_messages(cutoff)


def register():
    """Called by AgendaConfig.ready()."""
    retention_rules.register(
        RetentionRule(
            RULE_NAME,
            "Registrations and staff messages for meetings that ended",
            Aanmelding.retention_days,
            purge_registrations,
            __name__,
        )
    )
