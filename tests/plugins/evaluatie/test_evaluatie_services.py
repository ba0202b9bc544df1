"""Invitations, tickets and anonymous responses (services and the public form's validation)."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distro.core.publicforms import Refused
from plugins.evaluatie import retention, services
from plugins.evaluatie.forms import EvaluatieForm, field_name
from plugins.evaluatie.models import Antwoord, GebruikteToegang, Kanaal, Reactie, Telling, Uitnodiging

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("captcha_passes")]


def answer(formulier, **by_type):
    data = {field_name(formulier.vraag(t)): v for t, v in by_type.items()}
    data["captcha_0"], data["captcha_1"] = "x", "PASSED"
    return EvaluatieForm(data, formulier=formulier)


def test_a_code_gives_one_response_and_is_counted_but_never_stored(formulier):
    code = services.invite(formulier, Kanaal.MAIL, onderwerp="agenda.bijeenkomst:7")
    invitation = Uitnodiging.objects.get()
    assert code not in str(invitation.__dict__) and services.normalise(code) not in str(invitation.__dict__)

    ticket = services.redeem(code.lower().replace("-", " "))  # as someone types it over
    assert Uitnodiging.objects.get().keer_gebruikt == 1
    with pytest.raises(Refused) as refused:
        services.redeem(code)
    assert "al ingevuld" in refused.value.message

    signed = ticket.sign()
    reactie = services.store_response(
        formulier, services.read_ticket(signed, formulier), {formulier.vraag("likert"): [(4, "")]}
    )
    assert reactie.onderwerp == "agenda.bijeenkomst:7" and reactie.taal == "nl"
    with pytest.raises(Refused):  # the same ticket again (a second tab, a replay)
        services.store_response(
            formulier, services.read_ticket(signed, formulier), {formulier.vraag("likert"): [(5, "")]}
        )
    assert Reactie.objects.count() == 1 and Antwoord.objects.get().waarde == 4


def test_forged_expired_and_foreign_codes_and_tickets_are_refused_and_change_nothing(formulier, home):
    with pytest.raises(Refused, match="kennen we niet"):
        services.redeem("ABCD-EFGH")
    code = services.invite(formulier, Kanaal.GESPREK, days=1)
    Uitnodiging.objects.update(geldig_tot=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Refused, match="verlopen"):
        services.redeem(code)
    assert Uitnodiging.objects.get().keer_gebruikt == 0

    for forged in ("", "abc", services.open_ticket(formulier).sign()[:-3] + "xyz"):
        with pytest.raises(Refused):
            services.read_ticket(forged, formulier)
    other = home.add_child(
        instance=formulier.__class__(
            title="Ander", slug="ander", vragen=[("open", {"vraag": "?", "uitleg": "", "verplicht": False})]
        )
    )
    with pytest.raises(Refused):  # a ticket of one form does not open another
        services.read_ticket(services.open_ticket(other).sign(), formulier)
    assert Reactie.objects.count() == 0


def test_an_open_link_can_be_used_often_but_each_ticket_once(formulier):
    code = services.invite(formulier, Kanaal.OPEN)
    tickets = {services.redeem(code).nonce for _ in range(3)}
    assert len(tickets) == 3 and Uitnodiging.objects.get().keer_gebruikt == 3


def test_a_closed_form_takes_nothing(formulier):
    formulier.open_tot = timezone.now() - timedelta(minutes=1)
    formulier.save()
    with pytest.raises(Refused, match="gesloten"):
        services.store_response(formulier, services.open_ticket(formulier), {formulier.vraag("likert"): [(3, "")]})
    assert Reactie.objects.count() == GebruikteToegang.objects.count() == 0


def test_the_form_refuses_missing_out_of_range_unknown_and_oversized_answers(formulier):
    form = answer(formulier, cijfer="11", ja_nee="2", keuze=["0", "7"], open="x" * 2001)
    assert not form.is_valid()
    errors = form.errors
    assert errors[field_name(formulier.vraag("likert"))] == ["Geef hier een antwoord."]
    for kind in ("cijfer", "ja_nee", "keuze"):
        assert "Kies een van de antwoorden." in errors[field_name(formulier.vraag(kind))][0]
    assert "maximaal 2000 tekens" in errors[field_name(formulier.vraag("open"))][0]


def test_valid_answers_of_every_type_are_stored_as_values(formulier):
    form = answer(
        formulier, likert="5", smiley="2", cijfer="0", ja_nee="1", keuze=["0", "2"], open="<script>x</script> Meer tijd"
    )
    assert form.is_valid(), form.errors
    services.store_response(formulier, services.open_ticket(formulier), form.answers())
    stored = {(a.vraag, a.waarde, a.tekst) for a in Antwoord.objects.all()}
    assert (formulier.vraag("cijfer"), 0, "") in stored
    assert {(formulier.vraag("keuze"), 0, ""), (formulier.vraag("keuze"), 2, "")} <= stored
    assert (formulier.vraag("open"), None, "<script>x</script> Meer tijd") in stored  # escaped where shown


def test_a_response_writes_no_time_finer_than_the_month_and_nothing_of_the_visitor(formulier):
    """Every row a response writes, in every table: no code, ticket, exact time or link to an invitation."""
    code = services.invite(formulier, Kanaal.MAIL)
    signed = services.redeem(code).sign()
    before = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        services.store_response(
            formulier, services.read_ticket(signed, formulier), {formulier.vraag("likert"): [(4, "")]}
        )
    written = {q["sql"].split()[2].strip('"') for q in queries.captured_queries if q["sql"].startswith("INSERT")}
    assert written == {"evaluatie_gebruiktetoegang", "evaluatie_reactie", "evaluatie_antwoord"}
    for model in (Reactie, Antwoord, GebruikteToegang):
        for row in model.objects.values():
            for name, value in row.items():
                text = str(value)
                assert services.normalise(code) not in text.upper().replace("-", "") and signed not in text
                assert not hasattr(value, "hour"), f"{model.__name__}.{name} holds a time: {value}"
                if hasattr(value, "day") and name in ("maand", "weg_na"):
                    assert value.day == 1, f"{model.__name__}.{name} is finer than a month"
    assert Reactie.objects.get().maand == timezone.localdate(before).replace(day=1)
    # No field of a response could hold a visitor's details.
    fields = {f.name for f in apps.get_model("evaluatie", "Reactie")._meta.get_fields()}
    assert fields == {"id", "formulier", "taal", "maand", "doelgroep", "onderwerp", "vrijgegeven", "antwoorden"}


def test_retention_deletes_old_responses_and_keeps_their_counts(formulier):
    formulier.bewaartermijn_maanden = 3
    formulier.save()
    likert = formulier.vraag("likert")
    for months_ago, value in ((4, 5), (4, 5), (4, 2), (1, 3)):
        reactie = services.store_response(
            formulier,
            services.open_ticket(formulier),
            {likert: [(value, "")], formulier.vraag("open"): [(None, "tekst")]},
        )
        month = retention.months_back(months_ago)
        Reactie.objects.filter(pk=reactie.pk).update(maand=month, vrijgegeven=True)
        Antwoord.objects.filter(reactie=reactie).update(maand=month, vrijgegeven=True)
    # One more old response that was never released (fewer than k came in after it): not counted.
    waiting = services.store_response(formulier, services.open_ticket(formulier), {likert: [(1, "")]})
    Reactie.objects.filter(pk=waiting.pk).update(maand=retention.months_back(4))
    retention.purge()
    assert Reactie.objects.count() == 1
    kept = {(t.vraag, t.waarde): t.aantal for t in Telling.objects.all()}
    assert kept == {("", None): 3, (likert, 5): 2, (likert, 2): 1}  # open answers are not kept


def test_months_back_crosses_years():
    from datetime import date

    assert retention.months_back(3, today=date(2027, 2, 14)) == date(2026, 11, 1)
    assert retention.months_back(0, today=date(2027, 2, 14)) == date(2027, 2, 1)


def test_new_responses_count_only_k_at_a_time(formulier, settings):
    """Staff who know someone answers tonight see no change until k new responses are in."""
    settings.STEUNPUNT_DISCLOSURE_K = 5
    likert = formulier.vraag("likert")
    from plugins.evaluatie import results

    def answer(value):
        services.store_response(formulier, services.open_ticket(formulier), {likert: [(value, "")]})

    def shown():
        return results.response_count(formulier.translation_key, results.Filters())

    for _ in range(4):
        answer(4)
    assert shown() == 0 and results.value_counts(formulier.translation_key, results.Filters()) == {}
    answer(2)
    assert shown() == 5
    assert results.value_counts(formulier.translation_key, results.Filters())[likert] == {4: 4, 2: 1}
    for _ in range(4):
        answer(1)
    assert shown() == 5  # the next four wait for a fifth
    assert Reactie.objects.filter(vrijgegeven=False).count() == 4
    assert Antwoord.objects.filter(vrijgegeven=False).count() == 4
