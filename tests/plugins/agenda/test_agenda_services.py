"""Rules of signing up, cancelling, merging, promoting and moving (plugins.agenda.services)."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from plugins.agenda import services
from plugins.agenda.models import Aanmelding, Bezetting
from plugins.agenda.services import (
    AanmeldenFout,
    Afgelast,
    AlAangemeld,
    Gesloten,
    NietActief,
    NogNietOpen,
    TeVeelPersonen,
    Vol,
    Voorbij,
    aanmelden,
    afmelden,
    plaatsen_over,
    verplaats,
)

# The mail hooks are recorded, not run (mail_calls in conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("mail_calls")]

BEVESTIGD = Aanmelding.Status.BEVESTIGD
WACHTLIJST = Aanmelding.Status.WACHTLIJST
GEANNULEERD = Aanmelding.Status.GEANNULEERD


def tellers_kloppen(bijeenkomst):
    """The Bezetting counters equal the persons of the registrations."""
    bez = services.bezetting(bijeenkomst)

    def som(status):
        return Aanmelding.objects.filter(bijeenkomst=bijeenkomst, status=status).aggregate(s=Sum("persons"))["s"] or 0

    assert (bez.confirmed, bez.waiting) == (som(BEVESTIGD), som(WACHTLIJST))
    if bijeenkomst.capacity is not None:
        assert bez.confirmed <= bijeenkomst.capacity
    return bez


def meld(bijeenkomst, gegevens, email, persons=1, **extra):
    return aanmelden(bijeenkomst, **gegevens(email=email, persons=persons, **extra))


# --- Sign up -------------------------------------------------------------------------


def test_sign_up_is_confirmed_and_counted_in_persons(bijeenkomst, gegevens, mail_calls):
    aanmelding, created = aanmelden(
        bijeenkomst, **gegevens(persons=2, answers=[{"vraag": "Wat?", "antwoord": "Slapen"}])
    )
    assert created
    assert aanmelding.status == BEVESTIGD
    assert aanmelding.persons == 2
    assert aanmelding.answers == [{"vraag": "Wat?", "antwoord": "Slapen"}]
    assert Bezetting.objects.get(bijeenkomst=bijeenkomst).confirmed == 2
    assert plaatsen_over(bijeenkomst) == 8
    assert mail_calls == [("bevestiging", aanmelding.pk)]
    tellers_kloppen(bijeenkomst)


def test_full_meeting_puts_sign_ups_on_the_waiting_list(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=3)
    meld(b, gegevens, "a@example.org", 2)
    wacht, _ = meld(b, gegevens, "b@example.org", 2)
    past, _ = meld(b, gegevens, "c@example.org", 1)
    assert wacht.status == WACHTLIJST
    assert past.status == BEVESTIGD  # the last place goes to who fits
    assert plaatsen_over(b) == 0
    bez = tellers_kloppen(b)
    assert (bez.confirmed, bez.waiting) == (3, 2)


def test_full_meeting_without_waiting_list_raises_vol(maak_bijeenkomst, gegevens, mail_calls):
    b = maak_bijeenkomst(capacity=2, waiting_list=False)
    meld(b, gegevens, "a@example.org", 2)
    with pytest.raises(Vol) as exc:
        meld(b, gegevens, "b@example.org", 1)
    assert "vol" in exc.value.message
    assert isinstance(exc.value, AanmeldenFout)
    assert Aanmelding.objects.filter(bijeenkomst=b).count() == 1
    assert len(mail_calls) == 1
    tellers_kloppen(b)


def test_unlimited_capacity(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=None, waiting_list=False)
    for i in range(5):
        assert meld(b, gegevens, f"p{i}@example.org", 2)[0].status == BEVESTIGD
    assert plaatsen_over(b) is None
    assert tellers_kloppen(b).confirmed == 10


@pytest.mark.parametrize(
    "fields, fout",
    [
        ({"cancelled": True, "cancel_reason": "Ziek"}, Afgelast),
        ({"begint_over": timedelta(minutes=-5)}, Voorbij),
        ({"begint_over": timedelta(days=-3)}, Voorbij),
        ({"signup_opens": timezone.now() + timedelta(hours=1)}, NogNietOpen),
        ({"signup_closes": timezone.now() - timedelta(minutes=1)}, Gesloten),
    ],
)
def test_sign_up_refused(maak_bijeenkomst, gegevens, fields, fout, mail_calls):
    b = maak_bijeenkomst(capacity=10, **fields)
    with pytest.raises(fout) as exc:
        aanmelden(b, **gegevens())
    assert exc.value.message and str(exc.value) == exc.value.message
    assert not Aanmelding.objects.filter(bijeenkomst=b).exists()
    assert mail_calls == []


def test_not_yet_open_says_from_when(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(signup_opens=timezone.now() + timedelta(hours=1))
    with pytest.raises(NogNietOpen) as exc:
        aanmelden(b, **gegevens())
    opens = timezone.localtime(b.signup_opens)
    # The agenda's one notation: "woensdag 2 december 2026, 15.58 uur".
    assert f"{opens.day} " in exc.value.message and f", {opens:%-H.%M} uur." in exc.value.message


def test_sign_up_inside_the_window_works(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(
        signup_opens=timezone.now() - timedelta(hours=1), signup_closes=timezone.now() + timedelta(hours=1)
    )
    assert aanmelden(b, **gegevens())[0].status == BEVESTIGD


def test_course_started_refuses_sign_up(maak_bijeenkomst, gegevens):
    now = timezone.now()
    b = maak_bijeenkomst(
        soort="cursus",
        sessies=[
            (now - timedelta(days=7), now - timedelta(days=7, hours=-2)),
            (now + timedelta(days=7), now + timedelta(days=7, hours=2)),
        ],
    )
    with pytest.raises(Voorbij):
        aanmelden(b, **gegevens())


def test_more_persons_than_allowed(bijeenkomst, gegevens):
    with pytest.raises(TeVeelPersonen) as exc:
        aanmelden(bijeenkomst, **gegevens(persons=3))
    assert "maximaal 2 personen" in exc.value.message
    assert tellers_kloppen(bijeenkomst).confirmed == 0


def test_more_persons_than_the_capacity(maak_bijeenkomst, gegevens):
    """They would wait forever: refused at once, even with a waiting list."""
    b = maak_bijeenkomst(capacity=1, max_persons=4)
    with pytest.raises(TeVeelPersonen) as exc:
        aanmelden(b, **gegevens(persons=2))
    assert "1 plaats" in exc.value.message


def test_zero_persons_is_a_programming_error(bijeenkomst, gegevens):
    with pytest.raises(ValueError):
        aanmelden(bijeenkomst, **gegevens(persons=0))


# --- The same address again: nothing changes, the owner is mailed ---------------------------------


def test_same_email_any_case_changes_nothing_and_mails_the_owner(bijeenkomst, gegevens, mail_calls):
    first, created = meld(bijeenkomst, gegevens, "Fatima@Example.org", 1)
    again = meld(
        bijeenkomst, gegevens, "  fatima@EXAMPLE.ORG ", 2, answers=["nieuw"], name="Iemand Anders", role="jongere"
    )
    second, created2 = again
    assert created and not created2 and second.pk == first.pk
    # Told what a new sign-up gets now (there is room), not anything about the registration.
    assert again.status == BEVESTIGD
    first.refresh_from_db()
    assert (first.persons, first.answers, first.name, first.role, first.email) == (
        1,
        [],
        "Fatima de Vries",
        "ouder",
        "Fatima@Example.org",
    )
    assert Aanmelding.objects.filter(bijeenkomst=bijeenkomst).count() == 1
    assert tellers_kloppen(bijeenkomst).confirmed == 1
    assert mail_calls == [("bevestiging", first.pk), ("al_aangemeld", first.pk)]


def test_repeat_is_told_what_a_new_sign_up_would_be_told(maak_bijeenkomst, gegevens, mail_calls):
    """A full meeting with a waiting list: a stranger goes on the waiting list, so
    the repeat hears "waiting list" too, while the registration keeps its place."""
    b = maak_bijeenkomst(capacity=2, max_persons=2)
    a, _ = meld(b, gegevens, "a@example.org", 2)
    stranger = meld(b, gegevens, "nieuw@example.org", 1)
    again = meld(b, gegevens, "A@example.org", 1)
    assert stranger.status == again.status == WACHTLIJST
    a.refresh_from_db()
    assert (a.status, a.persons) == (BEVESTIGD, 2)
    assert (tellers_kloppen(b).confirmed, tellers_kloppen(b).waiting) == (2, 1)
    assert ("al_aangemeld", a.pk) in mail_calls


def test_repeat_on_a_full_meeting_without_waiting_list_is_refused_like_anyone(maak_bijeenkomst, gegevens, mail_calls):
    b = maak_bijeenkomst(capacity=3, max_persons=2, waiting_list=False)
    a, _ = meld(b, gegevens, "a@example.org", 1)
    meld(b, gegevens, "b@example.org", 2)
    with pytest.raises(Vol) as stranger:
        meld(b, gegevens, "c@example.org", 1)
    with pytest.raises(Vol) as again:
        meld(b, gegevens, "a@example.org", 1)
    assert again.value.message == stranger.value.message == "Deze bijeenkomst is vol. Er is geen wachtlijst."
    a.refresh_from_db()
    assert (a.status, a.persons) == (BEVESTIGD, 1)
    assert tellers_kloppen(b).confirmed == 3
    assert ("al_aangemeld", a.pk) not in mail_calls


def test_repeat_with_fewer_persons_frees_nothing(maak_bijeenkomst, gegevens, mail_calls):
    b = maak_bijeenkomst(capacity=2)
    a, _ = meld(b, gegevens, "a@example.org", 2)
    w, _ = meld(b, gegevens, "w@example.org", 1)
    meld(b, gegevens, "A@example.org", 1)
    a.refresh_from_db()
    w.refresh_from_db()
    assert (a.persons, w.status) == (2, WACHTLIJST)
    assert ("promotie", w.pk) not in mail_calls


def test_repeat_on_the_waiting_list_keeps_its_turn(maak_bijeenkomst, gegevens, mail_calls):
    b = maak_bijeenkomst(capacity=1, max_persons=2)
    meld(b, gegevens, "a@example.org", 1)
    w1, _ = meld(b, gegevens, "w1@example.org", 1)
    w2, _ = meld(b, gegevens, "w2@example.org", 1)
    again, created = meld(b, gegevens, "W1@example.org", 1, answers=["x"], name="Iemand Anders")
    assert not created and again.pk == w1.pk
    w1.refresh_from_db()
    assert (w1.status, w1.name, w1.answers) == (WACHTLIJST, "Fatima de Vries", [])
    assert tellers_kloppen(b).waiting == 2
    afmelden(Aanmelding.objects.get(email="a@example.org"))
    w1.refresh_from_db()
    w2.refresh_from_db()
    assert (w1.status, w2.status) == (BEVESTIGD, WACHTLIJST)


def test_sign_up_again_after_cancelling_makes_a_new_registration(bijeenkomst, gegevens):
    first, _ = meld(bijeenkomst, gegevens, "a@example.org")
    afmelden(first)
    second, created = meld(bijeenkomst, gegevens, "a@example.org")
    assert created and second.pk != first.pk and second.token != first.token
    assert tellers_kloppen(bijeenkomst).confirmed == 1


def test_database_refuses_a_second_active_registration_for_an_address(bijeenkomst, gegevens):
    meld(bijeenkomst, gegevens, "a@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanmelding.objects.create(
            bijeenkomst=bijeenkomst, status=WACHTLIJST, persons=1, role="ouder", name="X", email="A@EXAMPLE.ORG"
        )


def test_duplicate_arriving_between_lookup_and_insert_changes_nothing(bijeenkomst, gegevens, monkeypatch, mail_calls):
    """Simulates the race: the lookup misses a registration that is already there;
    the unique index makes the insert fail and the retry finds it."""
    first, _ = meld(bijeenkomst, gegevens, "a@example.org", 1)
    real = services.actieve_aanmelding
    misses = iter([True])
    monkeypatch.setattr(services, "actieve_aanmelding", lambda b, e: None if next(misses, False) else real(b, e))
    again, created = meld(bijeenkomst, gegevens, "a@example.org", 2)
    assert not created and again.pk == first.pk
    first.refresh_from_db()
    assert first.persons == 1
    assert Aanmelding.objects.filter(bijeenkomst=bijeenkomst).count() == 1
    assert tellers_kloppen(bijeenkomst).confirmed == 1
    assert mail_calls[-1] == ("al_aangemeld", first.pk)


def test_same_email_for_another_meeting_is_separate(maak_bijeenkomst, gegevens):
    b1, b2 = maak_bijeenkomst(capacity=5), maak_bijeenkomst(capacity=5)
    a1, _ = meld(b1, gegevens, "a@example.org")
    a2, created = meld(b2, gegevens, "a@example.org")
    assert created and a1.pk != a2.pk


# --- Cancel and promotion ---------------------------------------------------------------


def test_cancel_frees_places_and_is_idempotent(bijeenkomst, gegevens, mail_calls):
    a, _ = meld(bijeenkomst, gegevens, "a@example.org", 2)
    assert afmelden(a) == []
    assert a.status == GEANNULEERD and a.cancelled_at
    a.refresh_from_db()
    assert a.status == GEANNULEERD
    cancelled_at = a.cancelled_at
    assert tellers_kloppen(bijeenkomst).confirmed == 0
    assert afmelden(a) == []
    a.refresh_from_db()
    assert a.cancelled_at == cancelled_at
    assert tellers_kloppen(bijeenkomst).confirmed == 0
    # a stale copy of the same registration changes nothing either
    stale = Aanmelding.objects.get(pk=a.pk)
    stale.status = BEVESTIGD
    assert afmelden(stale) == [] and stale.status == GEANNULEERD
    assert tellers_kloppen(bijeenkomst).confirmed == 0


def test_cancel_promotes_in_arrival_order_whole_registrations_that_fit(maak_bijeenkomst, gegevens, mail_calls):
    b = maak_bijeenkomst(capacity=3, max_persons=3)
    groot, _ = meld(b, gegevens, "groot@example.org", 3)
    w_twee, _ = meld(b, gegevens, "twee@example.org", 2)
    w_een, _ = meld(b, gegevens, "een@example.org", 1)
    w_een_later, _ = meld(b, gegevens, "later@example.org", 1)
    assert {w.status for w in (w_twee, w_een, w_een_later)} == {WACHTLIJST}
    mail_calls.clear()

    promoted = afmelden(groot)
    # 3 places: the 2-person registration first (arrival order), then 1 more fits.
    assert [p.pk for p in promoted] == [w_twee.pk, w_een.pk]
    assert mail_calls == [("promotie", w_twee.pk), ("promotie", w_een.pk)]
    for w in (w_twee, w_een, w_een_later):
        w.refresh_from_db()
    assert (w_twee.status, w_een.status, w_een_later.status) == (BEVESTIGD, BEVESTIGD, WACHTLIJST)
    assert w_twee.promoted_at and not w_een_later.promoted_at
    bez = tellers_kloppen(b)
    assert (bez.confirmed, bez.waiting) == (3, 1)


def test_registration_that_does_not_fit_keeps_waiting_and_a_smaller_one_goes_first(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=2)
    a, _ = meld(b, gegevens, "a@example.org", 1)
    meld(b, gegevens, "b@example.org", 1)
    twee, _ = meld(b, gegevens, "twee@example.org", 2)
    een, _ = meld(b, gegevens, "een@example.org", 1)
    promoted = afmelden(a)  # one place free
    assert [p.pk for p in promoted] == [een.pk]
    twee.refresh_from_db()
    assert twee.status == WACHTLIJST
    # once two places are free, the 2-person registration is next in line
    afmelden(Aanmelding.objects.get(email="b@example.org"))
    assert afmelden(een)[0].pk == twee.pk
    tellers_kloppen(b)


def test_cancelling_a_waiting_registration_promotes_nobody(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=1)
    meld(b, gegevens, "a@example.org")
    w, _ = meld(b, gegevens, "w@example.org")
    w2, _ = meld(b, gegevens, "w2@example.org")
    assert afmelden(w) == []
    w2.refresh_from_db()
    assert w2.status == WACHTLIJST
    bez = tellers_kloppen(b)
    assert (bez.confirmed, bez.waiting) == (1, 1)


def test_no_promotion_for_a_cancelled_meeting(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=1)
    a, _ = meld(b, gegevens, "a@example.org")
    w, _ = meld(b, gegevens, "w@example.org")
    b.cancelled = True
    b.save()
    assert afmelden(a) == []
    w.refresh_from_db()
    assert w.status == WACHTLIJST
    tellers_kloppen(b)


def test_raising_the_capacity_promotes_with_wachtlijst_bijwerken(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=1)
    meld(b, gegevens, "a@example.org")
    w, _ = meld(b, gegevens, "w@example.org")
    b.capacity = 2
    b.save()
    assert [p.pk for p in services.wachtlijst_bijwerken(b)] == [w.pk]
    tellers_kloppen(b)


def test_places_left_never_negative_when_capacity_is_lowered(maak_bijeenkomst, gegevens):
    b = maak_bijeenkomst(capacity=4)
    meld(b, gegevens, "a@example.org", 2)
    meld(b, gegevens, "b@example.org", 2)
    b.capacity = 2
    b.save()
    assert plaatsen_over(b) == 0
    assert meld(b, gegevens, "c@example.org", 1)[0].status == WACHTLIJST
    afmelden(Aanmelding.objects.get(email="a@example.org"))
    # 2 confirmed of 2 places: still nobody promoted
    assert Aanmelding.objects.get(email="c@example.org").status == WACHTLIJST


def test_bezetting_is_created_on_first_use(bijeenkomst):
    assert not Bezetting.objects.filter(bijeenkomst=bijeenkomst).exists()
    assert plaatsen_over(bijeenkomst) == 10
    bez = services.bezetting(bijeenkomst)
    assert (bez.confirmed, bez.waiting) == (0, 0)
    assert services.bezetting(bijeenkomst).pk == bez.pk


# --- Move ------------------------------------------------------------------------------


def test_move_frees_old_places_promotes_there_and_confirms_in_the_new(maak_bijeenkomst, gegevens, mail_calls):
    van = maak_bijeenkomst(capacity=2)
    naar = maak_bijeenkomst(capacity=5)
    a, _ = meld(van, gegevens, "a@example.org", 2)
    w, _ = meld(van, gegevens, "w@example.org", 2)
    token = a.token
    mail_calls.clear()
    moved = verplaats(a, naar)
    assert moved.bijeenkomst_id == naar.pk and moved.status == BEVESTIGD
    a.refresh_from_db()
    assert (a.bijeenkomst_id, a.status, a.token) == (naar.pk, BEVESTIGD, token)
    w.refresh_from_db()
    assert w.status == BEVESTIGD
    assert ("promotie", w.pk) in mail_calls and ("bevestiging", a.pk) in mail_calls
    assert tellers_kloppen(van).confirmed == 2
    assert tellers_kloppen(naar).confirmed == 2


def test_move_to_a_full_meeting_joins_the_end_of_its_waiting_list(maak_bijeenkomst, gegevens):
    van = maak_bijeenkomst(capacity=5)
    naar = maak_bijeenkomst(capacity=1)
    meld(naar, gegevens, "vol@example.org")
    eerder, _ = meld(naar, gegevens, "eerder@example.org")
    a, _ = meld(van, gegevens, "a@example.org")
    verplaats(a, naar)
    assert a.status == WACHTLIJST
    assert tellers_kloppen(naar).waiting == 2 and tellers_kloppen(van).confirmed == 0
    afmelden(Aanmelding.objects.get(email="vol@example.org"))
    eerder.refresh_from_db()
    a.refresh_from_db()
    assert (eerder.status, a.status) == (BEVESTIGD, WACHTLIJST)


def test_move_errors_change_nothing(maak_bijeenkomst, gegevens):
    van = maak_bijeenkomst(capacity=5)
    vol = maak_bijeenkomst(capacity=2, waiting_list=False)
    afgelast = maak_bijeenkomst(capacity=5, cancelled=True)
    voorbij = maak_bijeenkomst(capacity=5, begint_over=timedelta(days=-1))
    dubbel = maak_bijeenkomst(capacity=5)
    klein = maak_bijeenkomst(capacity=1)
    meld(vol, gegevens, "x@example.org")
    a, _ = meld(van, gegevens, "a@example.org", 2)
    meld(dubbel, gegevens, "A@example.org")
    for naar, fout in (
        (vol, Vol),
        (afgelast, Afgelast),
        (voorbij, Voorbij),
        (dubbel, AlAangemeld),
        (klein, TeVeelPersonen),
    ):
        with pytest.raises(fout):
            verplaats(a, naar)
        a.refresh_from_db()
        assert (a.bijeenkomst_id, a.status) == (van.pk, BEVESTIGD)
        tellers_kloppen(naar)
    assert tellers_kloppen(van).confirmed == 2
    afmelden(a)
    with pytest.raises(NietActief):
        verplaats(a, dubbel)
