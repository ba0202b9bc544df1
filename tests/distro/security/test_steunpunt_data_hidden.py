"""What parents and young people submitted stays hidden from every admin user outside the Steunpunt group.

Each route of the admin that shows questions (Vraag) or agenda registrations
(Aanmelding, Bericht) is tried as Beheerder, Redacteur, Bestuur and a superuser
who is not in the Steunpunt group. Each must refuse (403, 404, or Wagtail's
redirect to the dashboard for a refused page) and show no id, name or count.
A Steunpunt member opening the same routes proves the routes are real.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import log

from distro.contact.models import Vraag

OUTSIDERS = ["beheerder", "redacteur", "bestuurder", "superuser"]
SECRET_NAME = "Fatima Geheimnaam"
SECRET_EMAIL = "fatima.geheim@example.org"
SECRET_TEXT = "Mijn zoon zit al maanden thuis"


@pytest.fixture
def vragen(site, steunpunt_medewerker):
    made = [
        Vraag.objects.create(name=SECRET_NAME, email=SECRET_EMAIL, role="ouder", question=SECRET_TEXT, site=site),
        Vraag.objects.create(
            name="Tweede Ouder", email="tweede@example.org", role="ouder", question="Nog een vraag", site=site
        ),
    ]
    # An edit by the steunpunt leaves an entry in the audit log, as in real use.
    log(instance=made[0], action="wagtail.edit", user=steunpunt_medewerker)
    return made


def vraag_routes(vragen):
    pk, other = vragen[0].pk, vragen[1].pk
    ns = "wagtailsnippets_contact_vraag"
    chooser = "wagtailsnippetchoosers_contact_vraag"
    bulk = reverse("wagtail_bulk_action", args=["contact", "vraag", "delete"])
    return [
        ("GET", f"{bulk}?id={pk}&id={other}&id=999999"),
        ("POST", f"{bulk}?id={pk}&id={other}"),
        ("GET", f"{bulk}?id=all&childOf=&q="),
        ("GET", reverse(f"{ns}:list")),
        ("GET", reverse(f"{ns}:list") + "?q=Fatima"),
        ("GET", reverse(f"{ns}:list_results") + "?q=Fatima"),
        ("GET", reverse(f"{ns}:list") + "?export=csv"),
        ("GET", reverse(f"{ns}:list") + "?export=xlsx"),
        ("GET", reverse(f"{ns}:list") + "?status=nieuw&role=ouder&created_at_from=2020-01-01&created_at_to=2099-12-31"),
        ("GET", reverse(f"{ns}:list_results") + "?status=nieuw&role=ouder&created_at_from=2020-01-01"),
        ("POST", reverse(f"{ns}:inspect", args=[pk])),
        ("GET", reverse(f"{ns}:inspect", args=[pk])),
        ("GET", reverse(f"{ns}:edit", args=[pk])),
        ("GET", reverse(f"{ns}:delete", args=[pk])),
        ("POST", reverse(f"{ns}:delete", args=[pk])),
        ("GET", reverse(f"{ns}:history", args=[pk])),
        ("GET", reverse(f"{ns}:history_results", args=[pk])),
        ("GET", reverse(f"{ns}:usage", args=[pk])),
        ("GET", reverse(f"{chooser}:choose")),
        ("GET", reverse(f"{chooser}:choose_results") + "?q=Fatima"),
        ("GET", reverse(f"{chooser}:chosen", args=[pk])),
        ("GET", reverse(f"{chooser}:chosen_multiple") + f"?id={pk}&id={other}"),
    ]


def login(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_refused(response, route, *ids):
    status = response.status_code
    refused = status in (403, 404) or (status == 302 and response["Location"].rstrip("/").endswith("/admin"))
    assert refused, (route, status, response.get("Location"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_TEXT, "Tweede Ouder"):
        assert secret not in text, (route, secret)
    for pk in ids:
        for label in (f"Vraag {pk}", f"Aanmelding {pk}", f"Bericht {pk}", f"id={pk}", f'value="{pk}"'):
            assert label not in text, (route, label)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_questions_are_hidden_from_every_other_role(request, vragen, role):
    client = login(request.getfixturevalue(role))
    for method, url in vraag_routes(vragen):
        response = client.generic(method, url)
        assert_refused(response, (role, method, url), *(v.pk for v in vragen))
    # Nothing was deleted along the way.
    assert Vraag.objects.filter(pk__in=[v.pk for v in vragen]).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_the_audit_log_report_names_no_question(request, vragen, role):
    client = login(request.getfixturevalue(role))
    for url in [
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history") + "?export=csv",
    ]:
        response = client.get(url)
        if response.status_code == 200:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert f"Vraag {vragen[0].pk}".encode() not in body, (role, url)
        else:
            assert_refused(response, (role, url), vragen[0].pk)


@pytest.mark.django_db
def test_the_steunpunt_sees_its_questions_on_the_same_routes(vragen, steunpunt_medewerker):
    client = login(steunpunt_medewerker)
    ns = "wagtailsnippets_contact_vraag"
    assert SECRET_NAME in client.get(reverse(f"{ns}:inspect", args=[vragen[0].pk])).content.decode()
    bulk = reverse("wagtail_bulk_action", args=["contact", "vraag", "delete"])
    page = client.get(f"{bulk}?id={vragen[0].pk}&id={vragen[1].pk}")
    assert page.status_code == 200
    assert f"Vraag {vragen[0].pk}" in page.content.decode()
    assert client.get(reverse(f"{ns}:list") + "?export=csv").status_code == 200


# --- Agenda registrations and staff messages ---------------------------------------------


@pytest.fixture
def aanmelding(bijeenkomst):
    from plugins.agenda import services
    from plugins.agenda.models import Aanmelding, Bericht, BerichtVerzending

    services.aanmelden(
        bijeenkomst, name=SECRET_NAME, email=SECRET_EMAIL, persons=1, role="ouder", answers=[], language="nl"
    )
    registration = Aanmelding.objects.get(email=SECRET_EMAIL)
    bericht = Bericht.objects.create(bijeenkomst=bijeenkomst, onderwerp="Verplaatst", tekst=SECRET_TEXT)
    BerichtVerzending.objects.create(bericht=bericht, aanmelding=registration)
    return registration, bericht


def agenda_routes(meeting, registration, bericht):
    ns = "agenda_admin"
    return [
        ("GET", reverse(f"{ns}:attendees", args=[meeting.pk])),
        ("GET", reverse(f"{ns}:export", args=[meeting.pk, "csv"])),
        ("GET", reverse(f"{ns}:export", args=[meeting.pk, "xlsx"])),
        ("GET", reverse(f"{ns}:message", args=[meeting.pk])),
        ("POST", reverse(f"{ns}:message", args=[meeting.pk])),
        ("GET", reverse(f"{ns}:message_detail", args=[bericht.pk])),
        ("POST", reverse(f"{ns}:message_retry", args=[bericht.pk])),
        ("POST", reverse(f"{ns}:checkin", args=[registration.pk])),
        ("POST", reverse(f"{ns}:cancel", args=[registration.pk])),
        ("POST", reverse(f"{ns}:move", args=[registration.pk])),
        ("GET", reverse("wagtail_bulk_action", args=["agenda", "aanmelding", "delete"]) + f"?id={registration.pk}"),
        ("GET", reverse("wagtail_bulk_action", args=["agenda", "bericht", "delete"]) + f"?id={bericht.pk}"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_registrations_and_messages_are_hidden_from_every_other_role(request, bijeenkomst, aanmelding, role):
    registration, bericht = aanmelding
    client = login(request.getfixturevalue(role))
    for method, url in agenda_routes(bijeenkomst, registration, bericht):
        response = client.generic(method, url)
        assert_refused(response, (role, method, url), registration.pk, bericht.pk)
    registration.refresh_from_db()
    assert registration.status == "bevestigd" and registration.attended is None


@pytest.mark.django_db
def test_the_steunpunt_sees_the_attendees(bijeenkomst, aanmelding, steunpunt_medewerker):
    client = login(steunpunt_medewerker)
    page = client.get(reverse("agenda_admin:attendees", args=[bijeenkomst.pk]))
    assert page.status_code == 200 and SECRET_NAME in page.content.decode()
