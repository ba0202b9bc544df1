"""The questions' new screens (detail, status and notes, history, dashboard count) belong to the Steunpunt group.

Beheerder, Redacteur, Bestuur and a superuser outside the group are refused
on every route, change nothing, and read no question text anywhere: not on
the dashboard, not in the admin search, not in the history or the audit log.
tests/distro/security/test_steunpunt_data_hidden.py tries every GET route;
these are the ones that change something or show a count.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from distro.contact.models import Vraag
from distro.roles import STEUNPUNT

OUTSIDERS = ["beheerder", "redacteur", "bestuurder", "superuser"]
SECRET_QUESTION = "Mijn dochter durft niet meer naar school"
SECRET_NOTE = "Gebeld met moeder, vervolg op vrijdag"
NS = "wagtailsnippets_contact_vraag"


@pytest.fixture
def vraag(site, steunpunt_medewerker):
    """A question that the steunpunt already worked on: a status change and a note in its history."""
    vraag = Vraag.objects.create(
        site=site, role="ouder", name="Karin Geheim", email="karin@example.org", question=SECRET_QUESTION
    )
    client = Client()
    client.force_login(steunpunt_medewerker)
    response = client.post(reverse(f"{NS}:inspect", args=[vraag.pk]), {"status": "in_behandeling", "note": SECRET_NOTE})
    assert response.status_code == 302
    vraag.refresh_from_db()
    return vraag


def login(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def refused(response):
    status = response.status_code
    return status in (403, 404) or (status == 302 and response["Location"].rstrip("/").endswith("/admin"))


def body(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_change_the_status_or_add_a_note(request, vraag, role):
    client = login(request.getfixturevalue(role))
    before = ModelLogEntry.objects.for_instance(vraag).count()
    attempts = [
        (reverse(f"{NS}:inspect", args=[vraag.pk]), {"status": "afgehandeld", "note": "Overgenomen"}),
        (reverse(f"{NS}:edit", args=[vraag.pk]), {"status": "afgehandeld", "notes": "Overgenomen"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert refused(response), (role, url, response.status_code)
        assert SECRET_QUESTION not in body(response) and SECRET_NOTE not in body(response)
    vraag.refresh_from_db()
    assert vraag.status == Vraag.Status.IN_BEHANDELING and "Overgenomen" not in vraag.notes
    assert ModelLogEntry.objects.for_instance(vraag).count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_see_no_count_of_new_questions_on_the_dashboard(request, site, vraag, role):
    Vraag.objects.create(site=site, role="ouder", phone="0612345678", question="Nieuw")
    page = body(login(request.getfixturevalue(role)).get("/admin/"))
    assert "Vragen aan het steunpunt" not in page and "nieuwe vraag" not in page
    assert reverse(f"{NS}:list") not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_find_no_question_text_in_search_history_or_audit_log(request, vraag, role):
    client = login(request.getfixturevalue(role))
    for url in [
        "/admin/pages/search/?q=" + SECRET_QUESTION.split()[1],
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history") + "?export=csv",
        reverse(f"{NS}:history", args=[vraag.pk]),
        reverse(f"{NS}:history_results", args=[vraag.pk]),
    ]:
        response = client.get(url)
        text = body(response)
        for secret in (SECRET_QUESTION, SECRET_NOTE, "Karin Geheim", f"Vraag {vraag.pk}", "Status veranderd"):
            assert secret not in text, (role, url, secret)


@pytest.mark.django_db
def test_the_steunpunt_sees_the_count_the_history_and_the_notes(site, vraag, steunpunt_medewerker):
    client = login(steunpunt_medewerker)
    Vraag.objects.create(site=site, role="ouder", phone="0612345678", question="Nieuw")
    assert "Er is 1 nieuwe vraag." in body(client.get("/admin/"))
    history = body(client.get(reverse(f"{NS}:history", args=[vraag.pk])))
    assert "Status veranderd van Nieuw naar In behandeling" in history and "Notitie toegevoegd" in history
    assert SECRET_NOTE not in history  # the log says what changed; the note is on the question's screen
    detail = body(client.get(reverse(f"{NS}:inspect", args=[vraag.pk])))
    assert SECRET_QUESTION in detail and SECRET_NOTE in detail
    assert "Status veranderd van Nieuw naar In behandeling" in body(
        client.get(reverse("wagtailadmin_reports:site_history"))
    )


@pytest.mark.django_db
def test_a_superuser_who_joins_the_steunpunt_sees_the_dashboard_count(site, vraag, superuser):
    Vraag.objects.create(site=site, role="ouder", phone="0612345678", question="Nieuw")
    client = login(superuser)
    assert "nieuwe vraag" not in body(client.get("/admin/"))
    superuser.groups.add(Group.objects.get(name=STEUNPUNT))
    client = login(superuser)
    assert "Er is 1 nieuwe vraag." in body(client.get("/admin/"))
