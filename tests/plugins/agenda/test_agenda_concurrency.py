"""Sign-ups and cancellations arriving at the same moment, from many threads.

Each thread has its own database connection, as each gunicorn worker has, and
real commits (transaction=True). On SQLite this needs a file database (see
distro/settings/test.py); the busy timeout makes writers wait their turn.
"""

import threading

import pytest
from django.db import connection
from django.db.models import Sum

from plugins.agenda import scheduling
from plugins.agenda.models import Aanmelding, Bezetting, Bijeenkomst
from plugins.agenda.services import aanmelden, afmelden, bezetting

pytestmark = pytest.mark.django_db(transaction=True)

BEVESTIGD = Aanmelding.Status.BEVESTIGD
WACHTLIJST = Aanmelding.Status.WACHTLIJST


@pytest.fixture(autouse=True)
def no_mail(monkeypatch):
    monkeypatch.setattr(scheduling, "schedule_bevestiging", lambda pk, **_kwargs: None)
    monkeypatch.setattr(scheduling, "schedule_promotie", lambda pk: None)


def in_threads(n, work):
    """Run work(i) in n threads started together; re-raise the first error."""
    barrier = threading.Barrier(n)
    errors = []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "threads hang"
    if errors:
        raise errors[0]


def som(bijeenkomst, status):
    return Aanmelding.objects.filter(bijeenkomst=bijeenkomst, status=status).aggregate(s=Sum("persons"))["s"] or 0


def tellers(bijeenkomst):
    bez = Bezetting.objects.get(bijeenkomst=bijeenkomst)
    assert (bez.confirmed, bez.waiting) == (som(bijeenkomst, BEVESTIGD), som(bijeenkomst, WACHTLIJST))
    return bez


def data(email, persons=1):
    return {"name": "Test", "email": email, "persons": persons, "role": "ouder", "answers": [], "language": "nl"}


def test_300_sign_ups_for_100_places(maak_bijeenkomst):
    b = maak_bijeenkomst(capacity=100, waiting_list=True)

    def work(i):
        meeting = Bijeenkomst.objects.get(pk=b.pk)
        for j in range(10):
            aanmelden(meeting, **data(f"t{i}-{j}@example.org"))

    in_threads(30, work)
    assert Aanmelding.objects.filter(bijeenkomst=b).count() == 300
    assert Aanmelding.objects.filter(bijeenkomst=b, status=BEVESTIGD).count() == 100
    bez = tellers(b)
    assert (bez.confirmed, bez.waiting) == (100, 200)


def test_two_person_sign_ups_near_the_limit(maak_bijeenkomst):
    b = maak_bijeenkomst(capacity=51, max_persons=2, waiting_list=True)

    def work(i):
        meeting = Bijeenkomst.objects.get(pk=b.pk)
        for j in range(4):
            aanmelden(meeting, **data(f"t{i}-{j}@example.org", persons=2 if i % 2 == 0 else 1))

    in_threads(30, work)
    bez = tellers(b)
    assert 50 <= bez.confirmed <= 51
    assert bez.confirmed + bez.waiting == 15 * 4 * 2 + 15 * 4
    # Nobody waits who would have fitted in the places left.
    free = 51 - bez.confirmed
    waiting_sizes = set(Aanmelding.objects.filter(bijeenkomst=b, status=WACHTLIJST).values_list("persons", flat=True))
    assert all(size > free for size in waiting_sizes)


def test_two_person_sign_ups_without_waiting_list(maak_bijeenkomst):
    from plugins.agenda.services import Vol

    b = maak_bijeenkomst(capacity=11, max_persons=2, waiting_list=False)
    refused = []

    def work(i):
        meeting = Bijeenkomst.objects.get(pk=b.pk)
        try:
            aanmelden(meeting, **data(f"t{i}@example.org", persons=2))
        except Vol:
            refused.append(i)

    in_threads(20, work)
    bez = tellers(b)
    assert bez.confirmed == 10 and bez.waiting == 0
    assert len(refused) == 15


def test_same_address_at_once_gives_one_registration(maak_bijeenkomst):
    b = maak_bijeenkomst(capacity=10, max_persons=2)

    def work(i):
        meeting = Bijeenkomst.objects.get(pk=b.pk)
        aanmelden(meeting, **data("Dubbel@Example.org" if i % 2 else "dubbel@example.org", persons=1 + i % 2))

    in_threads(20, work)
    active = Aanmelding.objects.filter(bijeenkomst=b, status__in=[BEVESTIGD, WACHTLIJST])
    assert active.count() == 1
    assert tellers(b).confirmed == active.get().persons


def test_cancellations_and_sign_ups_at_once(maak_bijeenkomst):
    b = maak_bijeenkomst(capacity=40, waiting_list=True)
    for i in range(60):
        aanmelden(b, **data(f"voor{i}@example.org"))
    confirmed = list(Aanmelding.objects.filter(bijeenkomst=b, status=BEVESTIGD).order_by("pk")[:20])
    connection.close()

    def work(i):
        if i < 20:
            afmelden(Aanmelding.objects.get(pk=confirmed[i].pk))
            afmelden(Aanmelding.objects.get(pk=confirmed[i].pk))  # twice: harmless
        else:
            aanmelden(Bijeenkomst.objects.get(pk=b.pk), **data(f"na{i}@example.org"))

    in_threads(30, work)
    bez = tellers(b)
    # 20 cancelled; 20 waiting + 10 new compete for the 20 free places
    assert (bez.confirmed, bez.waiting) == (40, 10)
    # the waiting list from before went first: all its 20 are in
    voor = Aanmelding.objects.filter(bijeenkomst=b, email__startswith="voor")
    assert voor.filter(status=WACHTLIJST).count() == 0


def test_same_cancellation_at_once_counts_once(maak_bijeenkomst):
    b = maak_bijeenkomst(capacity=2, waiting_list=True)
    a = aanmelden(b, **data("a@example.org", persons=2))[0]
    w = aanmelden(b, **data("w@example.org", persons=2))[0]
    w2 = aanmelden(b, **data("w2@example.org", persons=2))[0]
    connection.close()
    promoted = []

    def work(i):
        promoted.extend(p.pk for p in afmelden(Aanmelding.objects.get(pk=a.pk)))

    in_threads(10, work)
    assert promoted == [w.pk]
    bez = tellers(b)
    assert (bez.confirmed, bez.waiting) == (2, 2)
    assert Aanmelding.objects.get(pk=w2.pk).status == WACHTLIJST
    assert bezetting(b).pk == bez.pk
