"""A meeting's places and whether it takes sign-ups now: reading only, no changes.

``services`` does the sign-ups, cancellations and moves (and re-exports these
names for its callers); the public pages read through ``listing``. Both use
the same rules from here, so the form, the badge and the service can never
disagree about whether a meeting is full or open.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Max, Min, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .formatting import format_moment
from .models import Aanmelding, Bezetting, Bijeenkomst, Sessie

ACTIEF = (Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST)


class AanmeldenFout(Exception):
    """A sign-up that cannot be done; ``message`` is Dutch (B1) for the visitor."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Afgelast(AanmeldenFout):
    pass


class Voorbij(AanmeldenFout):
    pass


class NogNietOpen(AanmeldenFout):
    pass


class Gesloten(AanmeldenFout):
    pass


class TeVeelPersonen(AanmeldenFout):
    pass


class Vol(AanmeldenFout):
    pass


class AlAangemeld(AanmeldenFout):
    """Moving a registration to a meeting where that e-mail address is already signed up."""


class NietActief(AanmeldenFout):
    """Moving a registration that was cancelled."""


# --- Reading ---------------------------------------------------------------------


def hoofdbijeenkomst(bijeenkomst: Bijeenkomst) -> Bijeenkomst:
    """The meeting whose places and registrations count.

    A meeting translated with wagtail-localize is one meeting in several
    languages: people who sign up on the English page take places of the
    Dutch (source-language) page, and staff see them all there. A meeting
    without a page in the site's main language counts on its own.
    """
    hoofd = getattr(bijeenkomst, "_agenda_hoofd", None)
    if hoofd is None:
        hoofd = bijeenkomst
        if bijeenkomst.locale.language_code != settings.LANGUAGE_CODE:
            hoofd = (
                met_begin_en_einde(
                    Bijeenkomst.objects.filter(
                        translation_key=bijeenkomst.translation_key, locale__language_code=settings.LANGUAGE_CODE
                    )
                ).first()
                or bijeenkomst
            )
        bijeenkomst._agenda_hoofd = hoofd
    return hoofd


def bezetting(bijeenkomst: Bijeenkomst) -> Bezetting:
    """The meeting's place counts, created on first use."""
    # get_or_create retries the read if another request created the row at the same time.
    bez, _created = Bezetting.objects.get_or_create(bijeenkomst_id=bijeenkomst.pk)
    return bez


def plaatsen_over(bijeenkomst: Bijeenkomst) -> int | None:
    """Places (persons) still free; ``None`` means no limit."""
    bijeenkomst = hoofdbijeenkomst(bijeenkomst)
    if bijeenkomst.capacity is None:
        return None
    confirmed = Bezetting.objects.filter(bijeenkomst_id=bijeenkomst.pk).values_list("confirmed", flat=True).first() or 0
    return max(0, bijeenkomst.capacity - confirmed)


def actieve_aanmelding(bijeenkomst: Bijeenkomst, email: str) -> Aanmelding | None:
    """The confirmed or waiting registration for this address, if any (case-insensitive).

    Both sides are lowercased by the database, so the comparison is exactly the
    one the unique index uses, on SQLite and PostgreSQL alike."""
    return (
        Aanmelding.objects.annotate(email_lower=Lower("email"))
        .filter(
            bijeenkomst_id=bijeenkomst.pk,
            status__in=ACTIEF,
            anonymised_at__isnull=True,
            email_lower=Lower(Value(email.strip())),
        )
        .first()
    )


def met_begin_en_einde(queryset):
    """Meetings with their first start and last end read in the same query (see begin_en_einde)."""
    return queryset.annotate(first_start=Min("sessies__start"), last_end=Max("sessies__end"))


def begin_en_einde(bijeenkomst: Bijeenkomst):
    """(first start, last end) of the meeting's dates, read once per instance."""
    if hasattr(bijeenkomst, "first_start") and hasattr(bijeenkomst, "last_end"):
        return bijeenkomst.first_start, bijeenkomst.last_end
    cached = getattr(bijeenkomst, "_agenda_begin_einde", None)
    if cached is None:
        bounds = Sessie.objects.filter(bijeenkomst_id=bijeenkomst.pk).aggregate(begin=Min("start"), einde=Max("end"))
        cached = bijeenkomst._agenda_begin_einde = (bounds["begin"], bounds["einde"])
    return cached


# --- Checks ----------------------------------------------------------------------


def controleer_open(bijeenkomst: Bijeenkomst, persons: int = 1) -> None:
    """Raise the AanmeldenFout that applies if this meeting does not take sign-ups now.

    The public form can call this to show the reason before anyone fills it in."""
    bijeenkomst = hoofdbijeenkomst(bijeenkomst)
    now = timezone.now()
    if bijeenkomst.cancelled:
        raise Afgelast(_("Deze bijeenkomst gaat niet door. U kunt zich niet meer aanmelden."))
    starts_at, _ends_at = begin_en_einde(bijeenkomst)
    if starts_at is not None and starts_at <= now:
        raise Voorbij(_("Deze bijeenkomst is al begonnen of voorbij. U kunt zich niet meer aanmelden."))
    if bijeenkomst.signup_opens and now < bijeenkomst.signup_opens:
        raise NogNietOpen(
            _("U kunt zich nog niet aanmelden. Dat kan vanaf %(date)s.")
            % {"date": format_moment(bijeenkomst.signup_opens)}
        )
    if bijeenkomst.signup_closes and now >= bijeenkomst.signup_closes:
        raise Gesloten(_("Aanmelden voor deze bijeenkomst is gesloten."))
    if persons > bijeenkomst.max_persons:
        raise TeVeelPersonen(
            ngettext(
                "U kunt zich aanmelden met maximaal %(max)d persoon.",
                "U kunt zich aanmelden met maximaal %(max)d personen.",
                bijeenkomst.max_persons,
            )
            % {"max": bijeenkomst.max_persons}
        )
    if bijeenkomst.capacity is not None and persons > bijeenkomst.capacity:
        # Would wait forever on the waiting list: say so now.
        raise TeVeelPersonen(
            ngettext(
                "Deze bijeenkomst heeft maar %(capacity)d plaats.",
                "Deze bijeenkomst heeft maar %(capacity)d plaatsen.",
                bijeenkomst.capacity,
            )
            % {"capacity": bijeenkomst.capacity}
        )


def _vol_fout() -> Vol:
    return Vol(_("Deze bijeenkomst is vol. Er is geen wachtlijst."))
