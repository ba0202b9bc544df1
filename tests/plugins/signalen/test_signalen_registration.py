"""Registering a contact: the form's checks, the state machine, the scrubbed note, the history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from signalen_helpers import register

from plugins.signalen import services, states
from plugins.signalen.registraties import Registratie, Status, StatusWijziging

NS = "wagtailsnippets_signalen_registratie"


def valid(**changes):
    data = {
        "datum": timezone.localdate().isoformat(),
        "kanaal": "telefoon",
        "vraagsteller": "ouder",
        "schoolsoort": "vo",
        "aard": "vraag",
        "afhandeling": "advies",
        "status": "afgerond",
        "notitie": "",
        "minuten": "15",
    }
    data.update(changes)
    return data


@pytest.fixture
def staff(client_of):
    return client_of("steunpunt_medewerker")


@pytest.mark.django_db
def test_a_contact_is_registered_closed_with_its_history(staff, steunpunt_medewerker):
    response = staff.post(reverse(f"{NS}:add"), valid())
    assert response.status_code == 302 and response["Location"] == reverse(f"{NS}:add")
    registratie = Registratie.objects.get()
    assert (registratie.kanaal, registratie.aard, registratie.minuten, registratie.status) == (
        "telefoon",
        "vraag",
        15,
        "afgerond",
    )
    step = StatusWijziging.objects.get()
    assert (step.van, step.naar, step.door) == ("", "afgerond", steunpunt_medewerker)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"datum": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
            "datum",
            "De datum ligt in de toekomst",
        ),
        ({"datum": "2026-02-30"}, "datum", "Dit is geen geldige datum"),
        ({"datum": "1899-05-01"}, "datum", "te lang geleden"),
        ({"datum": ""}, "datum", "Vul de datum in"),
        ({"minuten": "-5"}, "minuten", "De tijd kan niet negatief zijn"),
        ({"minuten": "veel"}, "minuten", "Vul een heel aantal minuten in"),
        ({"minuten": "5000"}, "minuten", "Controleer het getal"),
        ({"kanaal": ""}, "kanaal", "Kies een van de mogelijkheden"),
        ({"kanaal": "postduif"}, "kanaal", "Kies een van de mogelijkheden"),
        ({"afhandeling": ""}, "status", "Kies eerst hoe het is afgehandeld"),
        ({"status": "heropend"}, "status", "Kies een van de mogelijkheden"),
        ({"notitie": "x" * 2001}, "notitie", "De notitie is te lang"),
    ],
)
def test_bad_input_gets_a_dutch_field_error_and_saves_nothing(staff, changes, field, message):
    response = staff.post(reverse(f"{NS}:add"), valid(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and any(message in e for e in errors[field]), errors
    assert Registratie.objects.count() == 0 and StatusWijziging.objects.count() == 0


@pytest.mark.django_db
def test_a_note_full_of_personal_data_is_scrubbed_and_the_user_told(staff):
    note = (
        "Moeder (j.jansen@example.nl, 06-12345678, +31 20 123 4567) woont op 1234 AB 12; "
        "BSN 111222333. Zoon wordt gepest."
    )
    response = staff.post(reverse(f"{NS}:add"), valid(notitie=note), follow=True)
    stored = Registratie.objects.get().notitie
    for secret in ("j.jansen@example.nl", "06-12345678", "123 4567", "1234 AB 12", "111222333"):
        assert secret not in stored, secret
    assert "Zoon wordt gepest." in stored and stored.count("[verwijderd:") == 5
    shown = response.content.decode()
    assert "Uit de notitie is weggehaald" in shown and "e-mailadres" in shown and "burgerservicenummer" in shown


@pytest.mark.django_db
def test_the_status_follows_the_state_machine_and_the_history_only_grows(staff, steunpunt_medewerker):
    registratie = services.save(
        Registratie(kanaal="email", vraagsteller="jongere", aard="zorg", status=Status.OPEN),
        user=steunpunt_medewerker,
        old_status=None,
    )
    edit = reverse(f"{NS}:edit", args=[registratie.pk])
    steps = [("in_behandeling", ""), ("afgerond", "informatie"), ("heropend", "informatie"), ("afgerond", "advies")]
    for status, afhandeling in steps:
        data = valid(kanaal="email", vraagsteller="jongere", aard="zorg", status=status, afhandeling=afhandeling)
        assert staff.post(edit, data).status_code == 302, status
    # Afgerond back to open is no step: refused, and the history keeps its five entries.
    refused = staff.post(edit, valid(status="open"))
    assert refused.status_code == 200 and "status" in refused.context["form"].errors
    history = list(StatusWijziging.objects.filter(registratie=registratie).values_list("van", "naar"))
    assert history == [
        ("", "open"),
        ("open", "in_behandeling"),
        ("in_behandeling", "afgerond"),
        ("afgerond", "heropend"),
        ("heropend", "afgerond"),
    ]
    step = StatusWijziging.objects.first()
    step.naar = "open"
    with pytest.raises(ValidationError):
        step.save()


def test_the_state_machine_names_what_may_follow():
    assert states.allowed(Status.OPEN, Status.AFGEROND) and not states.allowed(Status.AFGEROND, Status.OPEN)
    assert states.refusal(Status.AFGEROND, Status.IN_BEHANDELING, "advies").startswith(
        "Van afgerond naar in behandeling kan niet"
    )
    assert states.refusal(None, Status.AFGEROND, "") == (
        "Kies eerst hoe het is afgehandeld. Zonder afhandeling kan een registratie niet afgerond worden."
    )


@pytest.mark.django_db
def test_a_question_becomes_a_registration_once_without_the_senders_details(site, staff):
    from distro.contact.models import Vraag

    vraag = Vraag.objects.create(
        site=site,
        role="jongere",
        name="Sam Geheim",
        email="sam@example.org",
        phone="0612345678",
        question="Mijn mentor luistert niet",
    )
    url = reverse("signalen_admin:uit_vraag", args=[vraag.pk])
    first = staff.post(url)
    registratie = Registratie.objects.get()
    assert first["Location"] == reverse(f"{NS}:edit", args=[registratie.pk])
    assert (registratie.kanaal, registratie.vraagsteller, registratie.bron, registratie.status) == (
        "website",
        "jongere",
        "vraag",
        "open",
    )
    assert registratie.notitie == "" and registratie.datum == timezone.localtime(vraag.created_at).date()
    page = staff.get(reverse(f"{NS}:edit", args=[registratie.pk])).content.decode()
    for secret in ("Sam Geheim", "sam@example.org", "0612345678", "Mijn mentor luistert niet"):
        assert secret not in page
    staff.post(url)
    assert Registratie.objects.count() == 1
    assert staff.get(reverse("signalen_admin:uit_vraag", args=[vraag.pk])).status_code == 405
    assert staff.post(reverse("signalen_admin:uit_vraag", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_notes_go_after_their_retention_period_the_figures_stay(site, settings):
    from distro.core.jobs import purge_expired_personal_data

    settings.STEUNPUNT_SIGNALEN_NOTITIE_BEWAARTERMIJN_DAGEN = 30
    old = register(datetime.date(2026, 1, 5), notitie="Oud verhaal")
    Registratie.objects.filter(pk=old.pk).update(aangemaakt=timezone.now() - datetime.timedelta(days=31))
    new = register(datetime.date(2026, 1, 6), notitie="Nieuw verhaal")
    purge_expired_personal_data()
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.notitie == "" and old.aard == "vraag" and new.notitie == "Nieuw verhaal"
