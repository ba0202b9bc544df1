"""Fixtures for the security tests: an agenda page with one meeting (when the agenda is enabled)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone


@pytest.fixture
def bijeenkomst(home):
    """A published meeting tomorrow evening, or a skip when the agenda plugin is off."""
    if not apps.is_installed("plugins.agenda"):
        pytest.skip("de agenda-plugin staat niet aan")
    from plugins.agenda.models import AgendaIndexPage, Bijeenkomst, Sessie

    index = AgendaIndexPage.objects.child_of(home).first()
    if index is None:
        index = AgendaIndexPage(title="Agenda", slug="agenda")
        home.add_child(instance=index)
    index = index.specific
    meeting = Bijeenkomst(
        title="Thema-avond veiligheid",
        slug="thema-avond-veiligheid",
        location_name="Buurthuis De Linde",
        address="Lindelaan 1, Testdorp",
        capacity=10,
    )
    start = timezone.now() + timedelta(days=1)
    meeting.sessies.add(Sessie(start=start, end=start + timedelta(hours=2)))
    index.add_child(instance=meeting)
    meeting.save_revision().publish()
    return Bijeenkomst.objects.get(pk=meeting.pk)
