"""Signing up, cancelling and moving registrations for a meeting.

Every change to the place counts happens here, so the rules live in one place:

* Places are counted in persons, not registrations, in the meeting's
  ``Bezetting`` row. A confirmed sign-up adds its persons with a conditional
  UPDATE (``confirmed <= capacity - persons``): the database itself refuses to
  go over the capacity, whatever arrives at once.
* Each operation first locks the meeting's ``Bezetting`` row (PostgreSQL:
  SELECT ... FOR UPDATE; SQLite: the whole write transaction, which starts
  with BEGIN IMMEDIATE, see ``DATABASES`` in the settings). Sign-ups, merges,
  cancellations and promotions of one meeting therefore run one after the
  other, and always take their locks in the same order, so they cannot
  deadlock.
* The waiting list is served in arrival order; a registration is promoted
  only as a whole. A registration that does not fit yet keeps its place in
  the queue, and a smaller one after it may go first.
* A second sign-up with an address that is already signed up (case-insensitive)
  changes nothing: anyone can type anyone's address, so a sign-up may neither
  overwrite a registration nor tell whether one exists. The visitor sees what
  a new sign-up would have seen; the address gets an e-mail with its current
  registration and its cancel link (``scheduling.schedule_al_aangemeld``). A
  partial unique index backs this up: if two arrive at the very same moment,
  the second insert fails and is retried, and then finds the first.

Mails are never sent from here: ``plugins.agenda.scheduling`` hands them to
the outbox, which sends them after the transaction commits. Whether a meeting
is open and how many places are left is read in ``plugins.agenda.places``.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distro.pagecache.store import invalidate as pages_changed

from . import scheduling
from .models import Aanmelding, Bezetting, Bijeenkomst

# The checks and readings live in places.py; callers know them as services.<name>.
from .places import (  # noqa: F401
    ACTIEF,
    AanmeldenFout,
    Afgelast,
    AlAangemeld,
    Gesloten,
    NietActief,
    NogNietOpen,
    TeVeelPersonen,
    Vol,
    Voorbij,
    _vol_fout,
    actieve_aanmelding,
    begin_en_einde,
    bezetting,
    controleer_open,
    hoofdbijeenkomst,
    met_begin_en_einde,
    plaatsen_over,
)

# A concurrent duplicate sign-up is retried as a merge; more than a couple of
# retries would mean something else is wrong.
_MAX_POGINGEN = 3


# --- Counters (always inside an atomic block, after _lock) ----------------------------


def _lock(*bijeenkomsten: Bijeenkomst) -> dict[int, Bezetting]:
    """Lock the Bezetting rows (created first where missing), in primary-key order (no deadlocks)."""
    ids = [b.pk for b in bijeenkomsten]
    locked = {row.bijeenkomst_id: row for row in _locked_rows(ids)}
    missing = [b for b in bijeenkomsten if b.pk not in locked]
    if missing:
        # First sign-up of a meeting: create its row, then lock them all again in order.
        for b in missing:
            bezetting(b)
        locked = {row.bijeenkomst_id: row for row in _locked_rows(ids)}
    return locked


def _locked_rows(bijeenkomst_ids):
    return Bezetting.objects.select_for_update().filter(bijeenkomst_id__in=bijeenkomst_ids).order_by("pk")


def _plaats_bevestigen(bez: Bezetting, capacity: int | None, persons: int) -> bool:
    """Add confirmed persons if they fit; the database does the check."""
    qs = Bezetting.objects.filter(pk=bez.pk)
    if capacity is not None:
        qs = qs.filter(confirmed__lte=capacity - persons)
    if qs.update(confirmed=F("confirmed") + persons) != 1:
        return False
    pages_changed("places left changed")  # an UPDATE sends no signal
    return True


def _tel(bez: Bezetting, field: str, delta: int) -> None:
    """Change a counter by delta; never below zero (the counters are unsigned)."""
    if delta == 0:
        return
    qs = Bezetting.objects.filter(pk=bez.pk)
    if delta < 0:
        qs = qs.filter(**{f"{field}__gte": -delta})
    if qs.update(**{field: F(field) + delta}) != 1:
        # Counters out of step with the registrations: rebuild rather than fail a cancellation.
        herbereken(bez.bijeenkomst)
    pages_changed("places left changed")


def _promoveer(bijeenkomst: Bijeenkomst, bez: Bezetting) -> list[Aanmelding]:
    """Move waiting registrations that fit, in arrival order, to confirmed."""
    if bijeenkomst.cancelled:
        return []
    _starts_at, ends_at = begin_en_einde(bijeenkomst)
    if ends_at is not None and ends_at <= timezone.now():
        return []
    promoted = []
    wachtend = (
        Aanmelding.objects.select_for_update()
        .filter(bijeenkomst_id=bijeenkomst.pk, status=Aanmelding.Status.WACHTLIJST)
        .order_by("created_at", "pk")
    )
    for aanmelding in wachtend:
        if not _plaats_bevestigen(bez, bijeenkomst.capacity, aanmelding.persons):
            continue  # does not fit (yet); keeps its place, a smaller one may go first
        _tel(bez, "waiting", -aanmelding.persons)
        aanmelding.status = Aanmelding.Status.BEVESTIGD
        aanmelding.promoted_at = timezone.now()
        aanmelding.save(update_fields=["status", "promoted_at"])
        promoted.append(aanmelding)
    for aanmelding in promoted:
        scheduling.schedule_promotie(aanmelding.pk)
    return promoted


def herbereken(bijeenkomst: Bijeenkomst) -> Bezetting:
    """Set the counters to the sum of the registrations (repair; normally never needed)."""
    totals = dict(
        Aanmelding.objects.filter(bijeenkomst_id=bijeenkomst.pk, status__in=ACTIEF)
        .values_list("status")
        .annotate(total=Sum("persons"))
    )
    Bezetting.objects.filter(bijeenkomst_id=bijeenkomst.pk).update(
        confirmed=totals.get(Aanmelding.Status.BEVESTIGD, 0), waiting=totals.get(Aanmelding.Status.WACHTLIJST, 0)
    )
    pages_changed("places left changed")
    return bezetting(bijeenkomst)


# --- Sign up -----------------------------------------------------------------------


class Aangemeld(tuple):
    """``(aanmelding, created)`` as callers unpack it, plus ``status``: what the visitor is told.

    For an address that was already signed up, ``aanmelding`` is that
    registration, unchanged, and ``status`` is what a new sign-up would have
    got at this moment, so the page says the same in both cases."""

    def __new__(cls, aanmelding: Aanmelding, created: bool, status: str):
        result = super().__new__(cls, (aanmelding, created))
        result.status = status
        return result


def aanmelden(
    bijeenkomst: Bijeenkomst,
    *,
    name: str,
    email: str,
    persons: int,
    role: str,
    answers,
    language: str,
) -> tuple[Aanmelding, bool]:
    """Sign up; returns ``Aangemeld(aanmelding, created)`` with the ``status`` to show.

    An address that is already signed up keeps its registration as it is and
    is mailed about it (``created`` is False). Raises an ``AanmeldenFout``
    subclass with a message for the visitor."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    bijeenkomst = hoofdbijeenkomst(bijeenkomst)
    email = email.strip()
    controleer_open(bijeenkomst, persons)
    for poging in range(_MAX_POGINGEN):
        try:
            with transaction.atomic():
                return _aanmelden(
                    bijeenkomst,
                    name=name,
                    email=email,
                    persons=persons,
                    role=role,
                    answers=answers,
                    language=language,
                    # Most sign-ups are new: the first attempt just inserts, and
                    # the unique index reports a duplicate address.
                    look_up=poging > 0,
                )
        except IntegrityError:
            # The address is already signed up (perhaps by a request that
            # committed a moment ago): everything rolled back, and the next
            # attempt looks it up.
            if poging == _MAX_POGINGEN - 1:
                raise
    raise AssertionError("unreachable")


#: What an editor may change while people sign up; re-read under the lock.
_SIGNUP_FIELDS = ["capacity", "waiting_list", "cancelled", "max_persons", "signup_opens", "signup_closes"]


def _lock_for_signup(bijeenkomst: Bijeenkomst) -> Bezetting:
    """Lock the meeting's Bezetting row and re-read, in the same query, what an editor may have changed.

    The row lock (PostgreSQL) or the write transaction (SQLite) makes the
    counts read here the current ones until the commit."""
    columns = {f"bijeenkomst__{name}": name for name in _SIGNUP_FIELDS}
    locked = Bezetting.objects.select_for_update(of=("self",)).filter(bijeenkomst_id=bijeenkomst.pk)
    row = locked.values("pk", "confirmed", "waiting", *columns).first()
    if row is None:  # first sign-up of this meeting
        bezetting(bijeenkomst)
        row = locked.values("pk", "confirmed", "waiting", *columns).first()
    for column, name in columns.items():
        setattr(bijeenkomst, name, row[column])
    return Bezetting(pk=row["pk"], bijeenkomst=bijeenkomst, confirmed=row["confirmed"], waiting=row["waiting"])


def _aanmelden(bijeenkomst, *, name, email, persons, role, answers, language, look_up) -> Aangemeld:
    # Under the lock: an editor may have cancelled the meeting or changed the capacity.
    bez = _lock_for_signup(bijeenkomst)
    controleer_open(bijeenkomst, persons)
    capacity = bijeenkomst.capacity
    # The counts are current (locked), so a full meeting goes straight to the
    # waiting list; the conditional UPDATE still has the last word. This is
    # also what a visitor whose address is already signed up is told.
    fits = capacity is None or bez.confirmed + persons <= capacity
    if not fits and not bijeenkomst.waiting_list:
        raise _vol_fout()

    if look_up and (bestaand := actieve_aanmelding(bijeenkomst, email)) is not None:
        # Changed in nothing; its owner hears by e-mail (see the module docstring).
        scheduling.schedule_al_aangemeld(bestaand.pk)
        return Aangemeld(bestaand, False, Aanmelding.Status.BEVESTIGD if fits else Aanmelding.Status.WACHTLIJST)

    if fits and _plaats_bevestigen(bez, capacity, persons):
        status = Aanmelding.Status.BEVESTIGD
    elif bijeenkomst.waiting_list:
        status = Aanmelding.Status.WACHTLIJST
        _tel(bez, "waiting", persons)
    else:
        raise _vol_fout()
    aanmelding = Aanmelding.objects.create(
        bijeenkomst=bijeenkomst,
        status=status,
        persons=persons,
        role=role,
        name=name,
        email=email,
        answers=answers,
        language=language,
    )
    scheduling.schedule_bevestiging(aanmelding.pk, new=True)
    return Aangemeld(aanmelding, True, status)


# --- Cancel ----------------------------------------------------------------------


def afmelden(aanmelding: Aanmelding) -> list[Aanmelding]:
    """Cancel a registration; returns the registrations promoted from the waiting list.

    Doing it twice is harmless: the second time nothing changes."""
    with transaction.atomic():
        bijeenkomst = Bijeenkomst.objects.get(pk=aanmelding.bijeenkomst_id)
        bez = _lock(bijeenkomst)[bijeenkomst.pk]
        huidig = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
        if huidig.status == Aanmelding.Status.GEANNULEERD:
            aanmelding.status, aanmelding.cancelled_at = huidig.status, huidig.cancelled_at
            return []
        was = huidig.status
        huidig.status = Aanmelding.Status.GEANNULEERD
        huidig.cancelled_at = timezone.now()
        huidig.save(update_fields=["status", "cancelled_at"])
        aanmelding.status, aanmelding.cancelled_at = huidig.status, huidig.cancelled_at
        if was == Aanmelding.Status.BEVESTIGD:
            _tel(bez, "confirmed", -huidig.persons)
        else:
            _tel(bez, "waiting", -huidig.persons)
        return _promoveer(bijeenkomst, bez)


def wachtlijst_bijwerken(bijeenkomst: Bijeenkomst) -> list[Aanmelding]:
    """Promote whoever fits now, e.g. after an editor raised the capacity."""
    with transaction.atomic():
        bez = _lock(bijeenkomst)[bijeenkomst.pk]
        return _promoveer(Bijeenkomst.objects.get(pk=bijeenkomst.pk), bez)


# --- Move (staff) --------------------------------------------------------------------


def verplaats(aanmelding: Aanmelding, naar_bijeenkomst: Bijeenkomst) -> Aanmelding:
    """Move a registration to another meeting (staff only).

    The places in the old meeting are freed (and offered to its waiting list);
    in the new one it is confirmed if it fits, otherwise it joins the end of the
    waiting list, or ``Vol`` is raised when there is none. The registration
    keeps its token, so the cancel link in earlier mails keeps working."""
    with transaction.atomic():
        van = Bijeenkomst.objects.get(pk=aanmelding.bijeenkomst_id)
        naar = Bijeenkomst.objects.get(pk=naar_bijeenkomst.pk)
        if van.pk == naar.pk:
            return aanmelding
        locks = _lock(van, naar)
        huidig = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
        if huidig.status not in ACTIEF:
            raise NietActief(_("Deze aanmelding is afgemeld. U kunt haar niet verplaatsen."))
        if naar.cancelled:
            raise Afgelast(_("Die bijeenkomst gaat niet door."))
        starts_at = naar.starts_at
        if starts_at is not None and starts_at <= timezone.now():
            raise Voorbij(_("Die bijeenkomst is al begonnen of voorbij."))
        if actieve_aanmelding(naar, huidig.email) is not None:
            raise AlAangemeld(_("Dit e-mailadres is al aangemeld voor die bijeenkomst."))
        if naar.capacity is not None and huidig.persons > naar.capacity:
            raise TeVeelPersonen(
                ngettext(
                    "Die bijeenkomst heeft maar %(capacity)d plaats.",
                    "Die bijeenkomst heeft maar %(capacity)d plaatsen.",
                    naar.capacity,
                )
                % {"capacity": naar.capacity}
            )

        if _plaats_bevestigen(locks[naar.pk], naar.capacity, huidig.persons):
            status = Aanmelding.Status.BEVESTIGD
        elif naar.waiting_list:
            status = Aanmelding.Status.WACHTLIJST
            _tel(locks[naar.pk], "waiting", huidig.persons)
        else:
            raise Vol(_("Die bijeenkomst is vol en heeft geen wachtlijst."))
        _tel(locks[van.pk], "confirmed" if huidig.status == Aanmelding.Status.BEVESTIGD else "waiting", -huidig.persons)

        huidig.bijeenkomst = naar
        huidig.status = status
        # Arrival in the new meeting counts from now (its waiting-list order).
        huidig.created_at = timezone.now()
        huidig.promoted_at = None
        huidig.reminder_sent_at = None
        huidig.attended = None
        huidig.save(
            update_fields=["bijeenkomst", "status", "created_at", "promoted_at", "reminder_sent_at", "attended"]
        )
        _promoveer(van, locks[van.pk])
        scheduling.schedule_bevestiging(huidig.pk)
        for field in ("bijeenkomst_id", "status", "created_at", "promoted_at", "reminder_sent_at", "attended"):
            setattr(aanmelding, field, getattr(huidig, field))
        aanmelding.bijeenkomst = naar
        return aanmelding
