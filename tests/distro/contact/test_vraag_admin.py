"""The steunpunt's work with a question in the admin: list, detail, status, notes, history, dashboard, mails."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from distro.contact.admin_views import LOG_NOTE, LOG_NOTES_EDITED, LOG_STATUS
from distro.contact.models import Vraag
from distro.contact.tasks import CONFIRMATION_KIND, KIND, schedule_vraag_mail
from distro.outbox.services import delivery_of

LIST = reverse("wagtailsnippets_contact_vraag:list")
QUESTION = "Mijn dochter mag niet meer naar school. Wie kan ons helpen?"
# 17:05 UTC on a winter day is 18.05 in Amsterdam.
RECEIVED_UTC = datetime(2026, 1, 15, 17, 5, tzinfo=ZoneInfo("UTC"))


def detail(vraag):
    return reverse("wagtailsnippets_contact_vraag:inspect", args=[vraag.pk])


def send(vraag_id, **kwargs):
    """What the view does in its transaction, and the outbox's task once that commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        schedule_vraag_mail(vraag_id, **kwargs)


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def vraag(site):
    vraag = Vraag.objects.create(
        site=site,
        role=Vraag.Rol.JONGERE,
        name="Sam Jansen",
        email="sam@example.org",
        phone="06 11 22 33 44",
        question=QUESTION,
    )
    Vraag.objects.filter(pk=vraag.pk).update(created_at=RECEIVED_UTC)
    vraag.refresh_from_db()
    return vraag


# --- The list -------------------------------------------------------------------------


def test_each_row_links_to_the_questions_detail_view(client, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    soup = BeautifulSoup(client.get(LIST).content, "html.parser")
    links = [a for a in soup.select("td a") if a.get_text(strip=True) == f"Vraag {vraag.pk}"]
    assert [a["href"] for a in links] == [detail(vraag)]


def test_the_list_filters_on_status_role_and_period(client, site, steunpunt_medewerker, vraag):
    other = Vraag.objects.create(site=site, role=Vraag.Rol.OUDER, email="o@example.org", question="Andere vraag")
    Vraag.objects.filter(pk=other.pk).update(
        status=Vraag.Status.AFGEHANDELD, created_at=datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("UTC"))
    )
    client.force_login(steunpunt_medewerker)

    def titles(**params):
        soup = BeautifulSoup(client.get(LIST, params).content, "html.parser")
        return {a.get_text(strip=True) for a in soup.select("td a")}

    assert {f"Vraag {vraag.pk}", f"Vraag {other.pk}"} <= titles()
    assert f"Vraag {other.pk}" not in titles(status="nieuw") and f"Vraag {vraag.pk}" in titles(status="nieuw")
    assert titles(role="ouder") >= {f"Vraag {other.pk}"} and f"Vraag {vraag.pk}" not in titles(role="ouder")
    january = titles(created_at_from="2026-01-01", created_at_to="2026-01-31")
    assert f"Vraag {vraag.pk}" in january and f"Vraag {other.pk}" not in january


def test_a_question_late_in_the_evening_counts_for_that_day_in_amsterdam(client, site, steunpunt_medewerker):
    # 23.30 on 31 January in Amsterdam is 22.30 UTC: it belongs to 31 January, not 1 February.
    late = Vraag.objects.create(site=site, role=Vraag.Rol.OUDER, phone="0612345678", question="Laat")
    Vraag.objects.filter(pk=late.pk).update(created_at=datetime(2026, 1, 31, 22, 30, tzinfo=ZoneInfo("UTC")))
    client.force_login(steunpunt_medewerker)
    soup = BeautifulSoup(
        client.get(LIST, {"created_at_from": "2026-02-01", "created_at_to": "2026-02-28"}).content, "html.parser"
    )
    assert f"Vraag {late.pk}" not in {a.get_text(strip=True) for a in soup.select("td a")}


# --- The detail view --------------------------------------------------------------------


def test_the_detail_view_shows_the_whole_question_and_how_to_reach_the_asker(client, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    response = client.get(detail(vraag))
    assert response.status_code == 200
    text = text_of(response)
    assert QUESTION in text
    assert "Sam Jansen" in text and "Jongere of kind" in text
    assert "sam@example.org" in text and "06 11 22 33 44" in text
    assert "Ontvangen op 15 januari 2026, 18.05 uur" in text  # Amsterdam time, not UTC (17.05)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("a", href="mailto:sam@example.org") and soup.find("a", href="tel:0611223344")


def test_staff_change_the_status_and_add_a_note_and_the_history_says_who(client, steunpunt_medewerker, vraag):
    steunpunt_medewerker.first_name, steunpunt_medewerker.last_name = "Sanne", "de Boer"
    steunpunt_medewerker.save()
    client.force_login(steunpunt_medewerker)

    response = client.post(detail(vraag), {"status": "in_behandeling", "note": "Moeder teruggebeld, afspraak dinsdag."})

    assert response.status_code == 302 and response["Location"] == detail(vraag)
    vraag.refresh_from_db()
    assert vraag.status == Vraag.Status.IN_BEHANDELING
    assert "Sanne de Boer:\nMoeder teruggebeld, afspraak dinsdag." in vraag.notes
    entries = ModelLogEntry.objects.for_instance(vraag)
    assert set(entries.values_list("action", flat=True)) == {LOG_STATUS, LOG_NOTE}
    assert all(entry.user_id == steunpunt_medewerker.pk for entry in entries)
    # The log names the change, not the note: the note stays on the question's own screen.
    assert all("afspraak" not in str(entry.data) for entry in entries)

    page = text_of(client.get(detail(vraag)))
    assert "Status veranderd van Nieuw naar In behandeling" in page and "Notitie toegevoegd" in page
    assert "Sanne de Boer" in page and "Moeder teruggebeld" in page
    history = text_of(client.get(reverse("wagtailsnippets_contact_vraag:history", args=[vraag.pk])))
    assert "Status veranderd van Nieuw naar In behandeling" in history


def test_a_second_note_is_added_under_the_first(client, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    client.post(detail(vraag), {"status": "nieuw", "note": "Eerste poging: geen gehoor."})
    client.post(detail(vraag), {"status": "afgehandeld", "note": "Tweede poging: gesproken."})
    vraag.refresh_from_db()
    assert vraag.notes.index("geen gehoor") < vraag.notes.index("gesproken")
    assert vraag.status == Vraag.Status.AFGEHANDELD


def test_saving_without_a_change_changes_and_logs_nothing(client, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    response = client.post(detail(vraag), {"status": "nieuw", "note": "   "}, follow=True)
    assert "Er was niets veranderd." in text_of(response)
    assert not ModelLogEntry.objects.for_instance(vraag).exists()


def test_a_wrong_status_gives_a_dutch_error_not_a_500(client, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    response = client.post(detail(vraag), {"status": "weg", "note": ""})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in text_of(response)
    vraag.refresh_from_db()
    assert vraag.status == Vraag.Status.NIEUW


def test_the_edit_view_logs_status_and_notes_and_returns_to_the_detail_view(client, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    edit = reverse("wagtailsnippets_contact_vraag:edit", args=[vraag.pk])
    response = client.post(edit, {"status": "afgehandeld", "notes": "Doorverwezen naar het wijkteam."})
    assert response.status_code == 302 and response["Location"] == detail(vraag)
    actions = set(ModelLogEntry.objects.for_instance(vraag).values_list("action", flat=True))
    assert actions == {LOG_STATUS, LOG_NOTES_EDITED}


# --- The dashboard --------------------------------------------------------------------------


def test_the_dashboard_counts_new_questions_and_links_to_them(client, site, steunpunt_medewerker, vraag):
    Vraag.objects.create(site=site, role="ouder", phone="0612345678", question="Tweede", status="nieuw")
    Vraag.objects.create(site=site, role="ouder", phone="0612345678", question="Klaar", status="afgehandeld")
    client.force_login(steunpunt_medewerker)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.find(id="nieuwe-vragen-titel").parent
    assert "Er zijn 2 nieuwe vragen." in panel.get_text(" ", strip=True)
    assert panel.find("a")["href"] == f"{LIST}?status=nieuw"


def test_the_dashboard_says_when_there_is_nothing_new(client, steunpunt_medewerker, site):
    client.force_login(steunpunt_medewerker)
    assert "Er zijn geen nieuwe vragen." in text_of(client.get("/admin/"))


# --- The mails ----------------------------------------------------------------------------


def test_the_staff_mail_links_to_the_question_and_holds_no_personal_data(vraag, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://steunpunt.example.nl/"
    send(vraag.pk)
    [message] = mail.outbox
    assert f"https://steunpunt.example.nl/admin/snippets/contact/vraag/inspect/{vraag.pk}/" in message.body
    assert "15 januari 2026, 18.05 uur" in message.body
    for secret in (QUESTION, "Sam", "sam@example.org", "06 11 22 33 44", "Jongere"):
        assert secret not in message.body and secret not in message.subject
    assert message.reply_to == []


def test_the_operator_can_put_the_question_in_the_staff_mail(vraag, settings):
    settings.STEUNPUNT_VRAAG_MAIL_MET_INHOUD = True
    send(vraag.pk)
    [message] = mail.outbox
    assert QUESTION in message.body and "sam@example.org" in message.body and "/inspect/" in message.body
    assert message.reply_to == ["sam@example.org"]


def test_the_asker_gets_a_confirmation_without_the_question_in_their_language(
    client, site, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url, valid_data | {"confirm": "on"})
    assert response.status_code == 302
    vraag = Vraag.objects.get()
    assert delivery_of(CONFIRMATION_KIND, vraag.pk).status == "verstuurd"
    confirmation = next(m for m in mail.outbox if m.to == ["fatima@example.org"])
    assert confirmation.subject.startswith("Uw vraag is aangekomen")
    assert "Beste Fatima de Vries," in confirmation.body
    assert "binnen drie werkdagen" in confirmation.body
    assert valid_data["question"] not in confirmation.body


def test_the_confirmation_is_in_english_when_the_form_was(vraag):
    Vraag.objects.filter(pk=vraag.pk).update(language="en")
    send(vraag.pk, confirm_to_asker=True)
    confirmation = next(m for m in mail.outbox if m.to == ["sam@example.org"])
    assert "We have received your question" in confirmation.body
    assert QUESTION not in confirmation.body


def test_no_confirmation_without_the_tick_or_without_an_address(
    client, site, contact_url, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact_url, valid_data)
        client.post(contact_url, valid_data | {"email": "", "phone": "0612345678", "confirm": "on"})
    assert [m.to for m in mail.outbox] == [["mailbox@steunpunt.test"], ["mailbox@steunpunt.test"]]
    assert not any(delivery_of(CONFIRMATION_KIND, pk) for pk in Vraag.objects.values_list("pk", flat=True))
    assert all(delivery_of(KIND, pk) for pk in Vraag.objects.values_list("pk", flat=True))


def test_the_confirmation_goes_with_the_question(site, vraag):
    from distro.contact.jobs import purge_questions

    other = Vraag.objects.create(site=site, role="ouder", email="b@example.org", question="Tweede")
    for pk in (vraag.pk, other.pk):
        send(pk, confirm_to_asker=True)
        assert delivery_of(CONFIRMATION_KIND, pk)
    deleted_by_staff = other.pk
    other.delete()
    assert delivery_of(CONFIRMATION_KIND, deleted_by_staff) is None
    # Retention: the question (received in January 2026) and its deliveries go together.
    assert purge_questions(datetime(2026, 2, 1, tzinfo=ZoneInfo("UTC"))) == 1
    assert delivery_of(CONFIRMATION_KIND, vraag.pk) is None and delivery_of(KIND, vraag.pk) is None
