"""Evaluatie's figures for the board's report: protected before they leave the plugin."""

from datetime import date

import pytest
from django.utils import timezone

from distro.extensions import signal_report_figures
from plugins.evaluatie import services
from plugins.evaluatie.models import Antwoord, Kanaal, PaginaOordeel, Reactie, Uitnodiging

pytestmark = pytest.mark.django_db


def respond(formulier, values):
    for i, value in enumerate(values):
        ticket = services.Ticket(str(formulier.translation_key), "", f"r{i}-{value}")
        services.store_response(formulier, ticket, {formulier.vraag("likert"): [(value, "")]})
    # As if enough had come in (services.release has its own tests).
    Reactie.objects.update(vrijgegeven=True)
    Antwoord.objects.update(vrijgegeven=True)


def figures(start=None, end=None):
    today = timezone.localdate()
    start, end = start or today.replace(day=1), end or today
    found = []
    for receiver, answer in signal_report_figures.send_robust(sender=None, start=start, end=end):
        if receiver.__module__.startswith("plugins.evaluatie"):
            found += answer
    assert all(figure.protected for figure in found)
    return {(figure.group, figure.label): figure.value for figure in found}


def test_responses_response_rate_and_means_for_the_period(formulier):
    for i in range(12):
        code = services.invite(formulier, Kanaal.GESPREK)
        if i < 6:
            services.redeem(code)
    respond(formulier, [4] * 6 + [5] * 6)
    group = "Evaluatie: Hoe was de thema-avond?"
    found = figures()
    assert found[(group, "Reacties")] == 12
    assert found[(group, "Gebruikte uitnodigingen (%)")] == 50
    assert found[(group, "Gemiddeld: De avond was nuttig")] == 4.5
    assert not any("Wat kan beter" in label for _group, label in found)  # open answers never
    assert figures(date(2000, 1, 1), date(2000, 3, 31)) == {}


def test_small_numbers_never_leave_the_plugin(formulier, home):
    for _ in range(6):
        services.invite(formulier, Kanaal.GESPREK)
    services.redeem(services.invite(formulier, Kanaal.GESPREK))  # 1 of 7 used
    respond(formulier, [4, 4, 5])
    PaginaOordeel.objects.create(pagina=home, taal="nl", ja=12, nee=2)
    group = "Evaluatie: Hoe was de thema-avond?"
    found = figures()
    assert found[(group, "Reacties")] is None  # 3: "te weinig"
    assert found[(group, "Gebruikte uitnodigingen (%)")] is None
    assert (group, "Gemiddeld: De avond was nuttig") not in found
    assert found[("Was deze informatie nuttig?", "Ja")] == 12
    assert found[("Was deze informatie nuttig?", "Nee")] is None
    assert Uitnodiging.objects.count() == 7


def test_a_rate_that_would_tell_how_many_did_not_answer_is_hidden(formulier):
    for i in range(6):
        code = services.invite(formulier, Kanaal.GESPREK)
        if i < 5:
            services.redeem(code)  # 5 of 6: one did not
    respond(formulier, [4] * 5)
    assert figures()[("Evaluatie: Hoe was de thema-avond?", "Gebruikte uitnodigingen (%)")] is None
