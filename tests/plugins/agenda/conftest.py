"""Fixtures for the agenda tests: the agenda page and a factory for meetings.

    def test_x(maak_bijeenkomst):
        b = maak_bijeenkomst(capacity=10, waiting_list=False)               # tomorrow 19:30-21:30
        b = maak_bijeenkomst(sessies=[(start, end), (start2, end2)])       # a course
        b = maak_bijeenkomst(begint_over=timedelta(hours=-1))              # started an hour ago

``aanmeld_gegevens(**overrides)`` gives valid keyword arguments for
``services.aanmelden``.
"""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from plugins.agenda.models import Aanmelding, AgendaIndexPage, Bijeenkomst, Sessie
from plugins.agenda.receivers import DEMO_EMAIL_PREFIX

_volgnummer = count(1)


@pytest.fixture(autouse=True)
def zonder_demo_aanmeldingen(request, db):
    """Most tests count the registrations of their own meetings with ``Aanmelding.objects``:
    take the demo site's made-up registrations out of the way (rolled back after the test).
    A test that looks at them asks for the fixture ``demo_aanmeldingen``."""
    if "demo_aanmeldingen" not in request.fixturenames:
        Aanmelding.objects.filter(email__startswith=DEMO_EMAIL_PREFIX).delete()


@pytest.fixture
def demo_aanmeldingen():
    """The demo site's made-up registrations, left in place (see zonder_demo_aanmeldingen)."""
    return Aanmelding.objects.filter(email__startswith=DEMO_EMAIL_PREFIX)


@pytest.fixture
def agenda_index(home):
    existing = AgendaIndexPage.objects.child_of(home).first()
    if existing:
        return existing.specific
    index = AgendaIndexPage(title="Agenda", slug="agenda")
    home.add_child(instance=index)
    return index


def _maak(parent, *, sessies=None, begint_over=timedelta(days=1), duur=timedelta(hours=2), publish=True, **fields):
    n = next(_volgnummer)
    fields.setdefault("title", f"Thema-avond {n}")
    fields.setdefault("slug", f"bijeenkomst-{n}")
    fields.setdefault("location_name", "Buurthuis De Linde")
    fields.setdefault("address", "Lindelaan 1, Testdorp")
    bijeenkomst = Bijeenkomst(**fields)
    if sessies is None:
        start = timezone.now() + begint_over
        sessies = [(start, start + duur)]
    for start, end in sessies:
        bijeenkomst.sessies.add(Sessie(start=start, end=end))
    parent.add_child(instance=bijeenkomst)
    if publish:
        bijeenkomst.save_revision().publish()
    else:
        bijeenkomst.unpublish()
    return Bijeenkomst.objects.get(pk=bijeenkomst.pk)


@pytest.fixture
def maak_bijeenkomst(agenda_index):
    """Factory: ``maak_bijeenkomst(**page_fields, sessies=[(start, end)], begint_over=..., publish=True)``."""

    def maak(**kwargs):
        return _maak(agenda_index, **kwargs)

    return maak


@pytest.fixture
def bijeenkomst(maak_bijeenkomst):
    """A meeting tomorrow evening with 10 places, a waiting list and at most 2 persons per sign-up."""
    return maak_bijeenkomst(capacity=10, max_persons=2, waiting_list=True)


def aanmeld_gegevens(**overrides):
    data = {
        "name": "Fatima de Vries",
        "email": "fatima@example.org",
        "persons": 1,
        "role": "ouder",
        "answers": [],
        "language": "nl",
    }
    data.update(overrides)
    return data


@pytest.fixture
def gegevens():
    """``gegevens(**overrides)``: keyword arguments for services.aanmelden."""
    return aanmeld_gegevens


@pytest.fixture
def mail_calls(monkeypatch):
    """Record the sign-up mail hooks instead of depending on how they send."""
    from plugins.agenda import scheduling

    calls = []
    monkeypatch.setattr(scheduling, "schedule_bevestiging", lambda pk, **_kwargs: calls.append(("bevestiging", pk)))
    monkeypatch.setattr(scheduling, "schedule_promotie", lambda pk: calls.append(("promotie", pk)))
    monkeypatch.setattr(scheduling, "schedule_al_aangemeld", lambda pk: calls.append(("al_aangemeld", pk)))
    return calls
