"""Who sees what in the agenda's staff screens, and the board's anonymous figures."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from distro.extensions import signal_report_figures
from plugins.agenda import scheduling, services
from plugins.agenda.models import Aanmelding
from plugins.agenda.report import agenda_figures
from plugins.agenda.retention import purge_registrations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_signup_mails(monkeypatch):
    monkeypatch.setattr(scheduling, "schedule_bevestiging", lambda pk, **_kwargs: None)
    monkeypatch.setattr(scheduling, "schedule_promotie", lambda pk: None)


@pytest.fixture
def aangemeld(bijeenkomst, gegevens):
    aanmelding, _ = services.aanmelden(
        bijeenkomst, **gegevens(answers=[{"question": "Wat wilt u bespreken?", "answer": "Pesten op school"}])
    )
    return aanmelding


def staff_urls(aanmelding):
    pk = aanmelding.bijeenkomst_id
    return {
        "attendees": ("get", reverse("agenda_admin:attendees", args=[pk]), {}),
        "csv": ("get", reverse("agenda_admin:export", args=[pk, "csv"]), {}),
        "xlsx": ("get", reverse("agenda_admin:export", args=[pk, "xlsx"]), {}),
        "message_form": ("get", reverse("agenda_admin:message", args=[pk]), {}),
        "message": (
            "post",
            reverse("agenda_admin:message", args=[pk]),
            {"aan": "alle", "onderwerp": "x", "tekst": "y"},
        ),
        "checkin": ("post", reverse("agenda_admin:checkin", args=[aanmelding.pk]), {"aanwezig": "ja"}),
        "cancel_form": ("get", reverse("agenda_admin:cancel", args=[aanmelding.pk]), {}),
        "cancel": ("post", reverse("agenda_admin:cancel", args=[aanmelding.pk]), {}),
        "move_form": ("get", reverse("agenda_admin:move", args=[aanmelding.pk]), {}),
    }


SECRETS = ("Fatima", "fatima@example.org", "Pesten op school")


@pytest.mark.parametrize("role", ["redacteur", "beheerder", "superuser", "bestuurder"])
def test_only_the_steunpunt_role_reaches_registrations(client, request, role, aangemeld, mail_outbox_empty):
    user = request.getfixturevalue(role)
    client.force_login(user)
    for name, (method, url, data) in staff_urls(aangemeld).items():
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (role, name)
        assert not any(s in response.content.decode(errors="ignore") for s in SECRETS), (role, name)
    aangemeld.refresh_from_db()
    assert aangemeld.status == Aanmelding.Status.BEVESTIGD and aangemeld.attended is None


@pytest.fixture
def mail_outbox_empty():
    from django.core import mail

    yield
    assert mail.outbox == []


def test_steunpunt_reaches_everything(client, steunpunt_medewerker, aangemeld):
    client.force_login(steunpunt_medewerker)
    urls = staff_urls(aangemeld)
    for name in ("attendees", "csv", "xlsx", "message_form", "cancel_form", "move_form"):
        method, url, data = urls[name]
        assert client.get(url).status_code == 200, name
    assert "Pesten op school" in client.get(urls["attendees"][1]).content.decode()


def test_inactive_steunpunt_account_sees_nothing(client, steunpunt_medewerker, aangemeld):
    client.force_login(steunpunt_medewerker)
    steunpunt_medewerker.is_active = False
    steunpunt_medewerker.save()
    response = client.get(staff_urls(aangemeld)["attendees"][1])
    assert response.status_code != 200
    assert "Fatima" not in response.content.decode()


@pytest.mark.parametrize(
    "role,status",
    [("steunpunt_medewerker", 200), ("redacteur", 200), ("superuser", 200), ("beheerder", 403), ("bestuurder", 403)],
)
def test_overview_counts_per_role_without_personal_data(client, request, role, status, aangemeld):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("agenda_admin:overview"))
    assert response.status_code == status
    html = response.content.decode()
    assert not any(s in html for s in SECRETS)
    if status == 200:
        assert aangemeld.bijeenkomst.title in html
    link = reverse("agenda_admin:attendees", args=[aangemeld.bijeenkomst_id])
    assert (link in html) is (role == "steunpunt_medewerker")


def test_online_link_is_not_in_the_overview(client, redacteur, maak_bijeenkomst):
    maak_bijeenkomst(online=True, meeting_link="https://meet.example.org/geheim-123")
    client.force_login(redacteur)
    assert "geheim-123" not in client.get(reverse("agenda_admin:overview")).content.decode()


# --- Report figures -----------------------------------------------------------------------------


def figures(start, end):
    result = {}
    for _receiver, response in signal_report_figures.send(sender=None, start=start, end=end):
        for figure in response:
            if figure.group == "Agenda":
                result[figure.label] = figure.value
    return result


def past_meeting(maak_bijeenkomst, days_ago, **fields):
    start = timezone.now() - timedelta(days=days_ago)
    return maak_bijeenkomst(sessies=[(start, start + timedelta(hours=2))], **fields)


def add(bijeenkomst, n, **fields):
    defaults = {"status": "bevestigd", "persons": 1, "role": "ouder", "name": f"Naam {n}", "email": f"p{n}@example.org"}
    return Aanmelding.objects.create(bijeenkomst=bijeenkomst, **(defaults | fields))


def test_report_figures_are_anonymous_counts_per_period_and_survive_the_purge(maak_bijeenkomst):
    in_period = past_meeting(maak_bijeenkomst, 40)
    add(in_period, 1, persons=2, attended=True)
    add(in_period, 2, role="jongere", attended=False)
    add(in_period, 3, role="professional", attended=True)
    add(in_period, 4, status="wachtlijst")
    add(in_period, 5, status="geannuleerd")
    past_meeting(maak_bijeenkomst, 41, cancelled=True)
    outside = past_meeting(maak_bijeenkomst, 200)
    add(outside, 6, persons=2, attended=True)
    services.bezetting(in_period)
    services.herbereken(in_period)

    day = timezone.localdate() - timedelta(days=40)
    start, end = day - timedelta(days=5), day + timedelta(days=5)
    expected = {
        "Bijeenkomsten": 1,
        "Afgelaste bijeenkomsten": 1,
        "Aangemelde personen": 4,
        "Personen op de wachtlijst": 1,
        "Aanwezig": 3,
        "Niet gekomen": 1,
        "Aangemeld: ouder of verzorger": 2,
        "Aangemeld: jongere": 1,
        "Aangemeld: professional": 1,
    }
    before = figures(start, end)
    assert before == expected
    # Numbers only: no labels or values carry a name or address.
    assert all(isinstance(v, int) for v in before.values())
    assert not any("Naam" in label or "@" in label for label in before)

    assert purge_registrations(timezone.now() - timedelta(days=30)) == 6
    assert figures(start, end) == expected


def test_report_falls_back_to_saved_counts_when_rows_are_gone(maak_bijeenkomst):
    bijeenkomst = past_meeting(maak_bijeenkomst, 40)
    add(bijeenkomst, 1, persons=3, attended=True)
    services.bezetting(bijeenkomst)
    services.herbereken(bijeenkomst)
    purge_registrations(timezone.now() - timedelta(days=30))
    Aanmelding.objects.filter(bijeenkomst=bijeenkomst).delete()
    day = timezone.localtime(bijeenkomst.starts_at).date()
    result = agenda_figures(day, day)
    assert (result["registered"], result["attended"], result["by_role"]) == (3, 3, {"ouder": 3})


def test_report_period_is_by_first_date(maak_bijeenkomst):
    meeting = past_meeting(maak_bijeenkomst, 10)
    day = timezone.localtime(meeting.starts_at).date()
    assert agenda_figures(day, day)["meetings"] == 1
    assert agenda_figures(day + timedelta(days=1), day + timedelta(days=3))["meetings"] == 0
    assert agenda_figures(date(2000, 1, 1), date(2000, 12, 31))["meetings"] == 0
