"""The agenda's e-mail: confirmation, waiting list, promotion, changes, language and failures."""

import re
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import icalendar
import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.formats import date_format

from distro.core.models import SteunpuntSettings
from distro.jobs.runner import run_due_jobs
from distro.outbox.models import Verzending
from distro.outbox.services import delivery_of
from distro.outbox.tasks import deliver
from plugins.agenda import mails, services
from plugins.agenda.models import Aanmelding
from plugins.agenda.tasks import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db

#: The core outbox's retry job, for every kind of mail.
RETRY_JOB = "e-mail_opnieuw"


def backoff_passes():
    """As if the wait after the last failure is over."""
    Verzending.objects.filter(status=Verzending.Status.MISLUKT).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def status_delivery(aanmelding):
    return delivery_of(mails.STATUS_KIND, aanmelding.pk)


def run_job(name):
    outcomes = run_due_jobs(names=[name], force=True)
    assert [o.status for o in outcomes] == ["ok"], outcomes
    return outcomes[0].message


def provider_down():
    return mock.patch.object(EmailMessage, "send", side_effect=SMTPException("451 tijdelijk niet beschikbaar"))


def aanmelden(bijeenkomst, capture, **overrides):
    data = {
        "name": "Fatima de Vries",
        "email": "fatima@example.org",
        "persons": 1,
        "role": "ouder",
        "answers": [],
        "language": "nl",
    }
    data.update(overrides)
    with capture(execute=True):
        aanmelding, _created = services.aanmelden(bijeenkomst, **data)
    aanmelding.refresh_from_db()
    return aanmelding


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def calendar_of(message):
    [(filename, content, mimetype)] = message.attachments
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(content)


def move_dates(page, delta):
    """The page as an editor saves it in the admin: the latest version with its dates moved, in memory."""
    edited = page.get_latest_revision_as_object()
    sessies = list(edited.sessies.all())
    for sessie in sessies:
        sessie.start += delta
        sessie.end += delta
    # Assigning keeps the child rows in memory, as the admin form does, until publish writes them.
    edited.sessies = sessies
    return edited


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# --- Confirmation ------------------------------------------------------------------------------


def test_confirmation_has_text_html_calendar_and_a_working_cancel_link(client, maak_bijeenkomst, capture):
    # An evening meeting at a fixed hour, so the notation checked below does not depend on the
    # hour the suite runs (a meeting "now + 1 day" may run past midnight: two dates).
    start = (timezone.localtime() + timedelta(days=1)).replace(hour=19, minute=30, second=0, microsecond=0)
    bijeenkomst = maak_bijeenkomst(
        capacity=10, max_persons=2, waiting_list=True, sessies=[(start, start + timedelta(hours=2))]
    )
    aanmelding = aanmelden(bijeenkomst, capture, persons=2)
    assert aanmelding.mail_status == Aanmelding.MailStatus.VERSTUURD and aanmelding.mail_attempts == 1
    [message] = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert message.subject == f"U bent aangemeld: {bijeenkomst.title}"
    assert message.reply_to == (
        [SteunpuntSettings.for_site(bijeenkomst.get_site()).email]
        if SteunpuntSettings.for_site(bijeenkomst.get_site()).email
        else []
    )

    start = timezone.localtime(bijeenkomst.starts_at)
    for body in (message.body, html_of(message)):
        assert "Beste Fatima de Vries," in body
        assert "U komt met 2 personen." in body
        # The one notation of the agenda (formatting.py): "19.30 uur", as on the pages.
        end = timezone.localtime(bijeenkomst.ends_at)
        assert f"{date_format(start, 'l j F Y')}, {start:%-H.%M} - {end:%-H.%M} uur" in body
        assert start.strftime("%H:%M") not in body
        assert "Buurthuis De Linde" in body
        assert "We bewaren uw gegevens tot 30 dagen na de bijeenkomst" in body
    assert html_of(message).startswith("<!DOCTYPE html>") and '<html lang="nl"' in html_of(message)

    [event] = calendar_of(message).walk("VEVENT")
    assert event.decoded("dtstart") == bijeenkomst.starts_at.replace(microsecond=0)
    assert str(event["summary"]) == bijeenkomst.title

    link = re.search(r"https?://[^/\s]+(/agenda/afmelden/[^\s]+/)", message.body).group(1)
    assert link in html_of(message)
    with capture(execute=True):
        client.post(link)
    assert Aanmelding.objects.get().status == Aanmelding.Status.GEANNULEERD


def test_mail_goes_only_after_the_commit(bijeenkomst, capture):
    with capture(execute=False) as callbacks:
        services.aanmelden(
            bijeenkomst, name="A", email="a@example.org", persons=1, role="ouder", answers=[], language="nl"
        )
        assert mail.outbox == []
        assert Aanmelding.objects.get().mail_status == Aanmelding.MailStatus.WACHT
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_rolled_back_sign_up_mails_nobody(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=False)
    aanmelden(b, capture, email="een@example.org")
    mail.outbox.clear()
    with pytest.raises(services.Vol), capture(execute=True):
        services.aanmelden(b, name="B", email="b@example.org", persons=1, role="ouder", answers=[], language="nl")
    assert mail.outbox == []


def test_course_mail_lists_every_date_and_the_calendar_has_every_date(maak_bijeenkomst, capture):
    now = timezone.now()
    dates = [(now + timedelta(days=d), now + timedelta(days=d, hours=2)) for d in (3, 10, 17)]
    b = maak_bijeenkomst(capacity=10, soort="cursus", sessies=dates)
    aanmelden(b, capture)
    [message] = mail.outbox
    assert "Datums:" in message.body
    assert len(calendar_of(message).walk("VEVENT")) == 3
    for start, _end in dates:
        assert date_format(timezone.localtime(start), "l j F Y") in message.body


def test_waiting_list_mail_has_no_calendar(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=True)
    aanmelden(b, capture, email="een@example.org")
    aanmelden(b, capture, email="twee@example.org")
    message = mail.outbox[-1]
    assert message.subject == f"U staat op de wachtlijst: {b.title}"
    assert "U staat op de wachtlijst" in message.body and message.attachments == []


# --- Online meetings ------------------------------------------------------------------------------


def test_online_link_only_for_people_with_a_place(client, maak_bijeenkomst, capture):
    link = "https://meet.example.org/steunpunt-avond-geheim"
    b = maak_bijeenkomst(capacity=1, waiting_list=True, online=True, meeting_link=link, location_name="", address="")
    aanmelden(b, capture, email="een@example.org")
    aanmelden(b, capture, email="twee@example.org")
    confirmed, waiting = mail.outbox
    assert link in confirmed.body and link in html_of(confirmed)
    assert link in calendar_of(confirmed).to_ical().decode().replace("\r\n ", "")
    assert link not in waiting.body and link not in html_of(waiting)
    assert "De link naar de online bijeenkomst krijgt u als u een plek heeft." in waiting.body
    # Never on the public pages.
    assert link not in client.get(b.url).content.decode()
    assert link not in client.get(f"/agenda/aanmelden/{b.pk}/").content.decode()

    # Moved up: now they get the link.
    mail.outbox.clear()
    with capture(execute=True):
        services.afmelden(Aanmelding.objects.get(email="een@example.org"))
    [promotion] = mail.outbox
    assert promotion.to == ["twee@example.org"] and link in promotion.body


# --- Language ----------------------------------------------------------------------------------------


def test_mail_in_the_registrants_language_when_offered_and_translated(bijeenkomst, capture, monkeypatch):
    monkeypatch.setattr(mails, "translated_languages", lambda: frozenset({"nl", "en"}))
    aanmelden(bijeenkomst, capture, language="en")
    [message] = mail.outbox
    with translation.override("en"):
        english_date = date_format(timezone.localtime(bijeenkomst.starts_at), "l j F Y")
    assert english_date in message.body
    assert '<html lang="en"' in html_of(message)


def test_mail_in_dutch_when_the_site_does_not_offer_the_language(bijeenkomst, capture, monkeypatch):
    monkeypatch.setattr(mails, "translated_languages", lambda: frozenset({"nl", "en"}))
    SteunpuntSettings.objects.filter(site=bijeenkomst.get_site()).update(languages="nl,ar")
    aanmelden(bijeenkomst, capture, language="en")
    [message] = mail.outbox
    assert date_format(timezone.localtime(bijeenkomst.starts_at), "l j F Y") in message.body  # Dutch
    assert '<html lang="nl"' in html_of(message)


def test_mail_in_dutch_when_the_agenda_has_no_translation(bijeenkomst, capture, monkeypatch):
    # A mail half in Turkish (dates) and half in Dutch (text) would be worse than Dutch only.
    monkeypatch.setattr(mails, "translated_languages", lambda: frozenset({"nl"}))
    aanmelden(bijeenkomst, capture, language="tr")
    assert '<html lang="nl"' in html_of(mail.outbox[0])


def test_arabic_mail_is_right_to_left(bijeenkomst, capture, monkeypatch):
    monkeypatch.setattr(mails, "translated_languages", lambda: frozenset({"nl", "ar"}))
    aanmelden(bijeenkomst, capture, language="ar")
    assert '<html lang="ar" dir="rtl"' in html_of(mail.outbox[0])


# --- Changes and cancellation by the editor ----------------------------------------------------------------


def test_changed_date_is_mailed_to_everyone_registered(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=True)
    aanmelden(b, capture, email="een@example.org")
    aanmelden(b, capture, email="twee@example.org")
    weg = aanmelden(b, capture, email="drie@example.org")
    with capture(execute=True):
        services.afmelden(weg)
    mail.outbox.clear()

    new_start = b.starts_at + timedelta(days=7)
    edited = move_dates(b, timedelta(days=7))
    with capture(execute=True):
        edited.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["een@example.org", "twee@example.org"]
    for message in mail.outbox:
        assert message.subject == f"Gewijzigd: {b.title}"
        assert date_format(timezone.localtime(new_start), "l j F Y") in message.body
    registered = Aanmelding.objects.filter(bijeenkomst=b, status__in=["bevestigd", "wachtlijst"])
    assert {a.mail_status for a in registered} == {"verstuurd"} and registered.count() == 2


def test_changed_place_is_mailed(bijeenkomst, capture):
    aanmelden(bijeenkomst, capture)
    mail.outbox.clear()
    bijeenkomst.location_name = "Bibliotheek Centrum"
    with capture(execute=True):
        bijeenkomst.save_revision().publish()
    [message] = mail.outbox
    assert message.subject.startswith("Gewijzigd:") and "Bibliotheek Centrum" in message.body


def test_other_edits_mail_nobody(bijeenkomst, capture):
    aanmelden(bijeenkomst, capture)
    mail.outbox.clear()
    bijeenkomst.summary = "Een betere samenvatting"
    with capture(execute=True):
        bijeenkomst.save_revision().publish()
    # A draft with a new date is not news until it is published.
    edited = move_dates(bijeenkomst, timedelta(days=1))
    with capture(execute=True):
        edited.save_revision()
    assert mail.outbox == []
    # Published after all: now it is news.
    with capture(execute=True):
        edited.get_latest_revision().publish()
    assert [m.subject for m in mail.outbox] == [f"Gewijzigd: {bijeenkomst.title}"]


def test_cancelled_meeting_is_mailed_with_the_reason(bijeenkomst, capture):
    aanmelden(bijeenkomst, capture)
    mail.outbox.clear()
    bijeenkomst.cancelled = True
    bijeenkomst.cancel_reason = "De spreker is <b>ziek</b>."
    with capture(execute=True):
        bijeenkomst.save_revision().publish()
    [message] = mail.outbox
    assert message.subject == f"Afgelast: {bijeenkomst.title}"
    assert "gaat niet door" in message.body and "De reden: De spreker is <b>ziek</b>." in message.body
    assert "De spreker is &lt;b&gt;ziek&lt;/b&gt;." in html_of(message)
    # No cancel link for a meeting that does not happen; the calendar file takes it out.
    assert "afmelden" not in message.body
    [event] = calendar_of(message).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    # Publishing again while still cancelled tells nobody a second time.
    mail.outbox.clear()
    bijeenkomst.cancel_reason = "De spreker is ziek."
    with capture(execute=True):
        bijeenkomst.save_revision().publish()
    assert mail.outbox == []


def test_first_publish_mails_nobody(maak_bijeenkomst, capture):
    with capture(execute=True):
        maak_bijeenkomst(capacity=5)
    assert mail.outbox == []


# --- Failures -----------------------------------------------------------------------------------------------


def test_provider_failure_keeps_the_registration_and_the_job_retries(
    client, bijeenkomst, capture, steunpunt_medewerker
):
    with provider_down():
        aanmelding = aanmelden(bijeenkomst, capture)
    assert aanmelding.status == Aanmelding.Status.BEVESTIGD
    assert aanmelding.mail_status == Aanmelding.MailStatus.MISLUKT
    assert aanmelding.mail_attempts == 1 and "451" in aanmelding.mail_error
    assert mail.outbox == []

    # Staff see it in the attendee list.
    client.force_login(steunpunt_medewerker)
    attendees = client.get(f"/admin/bijeenkomsten/{bijeenkomst.pk}/deelnemers/")
    assert attendees.status_code == 200 and "Mislukt" in attendees.content.decode()

    assert run_job(RETRY_JOB) == "0 retried"  # the back-off first
    backoff_passes()
    assert run_job(RETRY_JOB) == "1 retried"
    aanmelding.refresh_from_db()
    assert aanmelding.mail_status == Aanmelding.MailStatus.VERSTUURD
    assert (aanmelding.mail_attempts, aanmelding.mail_error) == (2, "")
    assert [m.subject for m in mail.outbox] == [f"U bent aangemeld: {bijeenkomst.title}"]
    backoff_passes()
    assert run_job(RETRY_JOB) == "0 retried"


def test_retry_tells_what_is_true_now(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=True)
    aanmelden(b, capture, email="een@example.org")
    with provider_down():
        aanmelden(b, capture, email="twee@example.org")  # waiting-list mail fails
    with provider_down(), capture(execute=True):
        services.afmelden(Aanmelding.objects.get(email="een@example.org"))  # promotion mail fails too
    mail.outbox.clear()
    backoff_passes()
    assert run_job(RETRY_JOB) == "1 retried"
    [message] = mail.outbox
    assert message.subject == f"Er is plek voor u: {b.title}"


def test_retries_stop_after_the_maximum(bijeenkomst, capture):
    with provider_down():
        aanmelding = aanmelden(bijeenkomst, capture)
        for _ in range(MAX_ATTEMPTS + 2):
            backoff_passes()
            run_job(RETRY_JOB)
    aanmelding.refresh_from_db()
    assert aanmelding.mail_status == Aanmelding.MailStatus.MISLUKT and aanmelding.mail_attempts == MAX_ATTEMPTS
    backoff_passes()
    assert run_job(RETRY_JOB) == "0 retried"


def test_mail_that_was_never_queued_is_sent_by_the_job(bijeenkomst, capture):
    broken = mock.Mock(**{"enqueue.side_effect": RuntimeError("queue down")})
    with mock.patch("distro.outbox.tasks.deliver", broken):
        aanmelding = aanmelden(bijeenkomst, capture)
    assert broken.enqueue.called and aanmelding.mail_status == Aanmelding.MailStatus.WACHT
    assert run_job(RETRY_JOB) == "0 retried"  # may still be on its way
    Verzending.objects.filter(pk=status_delivery(aanmelding).pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    assert run_job(RETRY_JOB) == "1 retried"
    assert Aanmelding.objects.get().mail_status == Aanmelding.MailStatus.VERSTUURD


def test_no_retry_for_cancelled_registrations_or_past_meetings(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=5)
    with provider_down():
        weg = aanmelden(b, capture, email="weg@example.org")
        blijft = aanmelden(b, capture, email="blijft@example.org")
    with capture(execute=True):
        services.afmelden(weg)
    b.sessies.update(start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1))
    backoff_passes()
    assert run_job(RETRY_JOB) == "0 retried"
    assert Aanmelding.objects.get(pk=blijft.pk).mail_status == Aanmelding.MailStatus.MISLUKT


def test_status_mail_is_sent_once_even_if_queued_twice(bijeenkomst, capture):
    aanmelding = aanmelden(bijeenkomst, capture)
    deliver.enqueue(status_delivery(aanmelding).pk)
    assert len(mail.outbox) == 1


def test_purged_registration_is_not_mailed(bijeenkomst, capture):
    with provider_down():
        aanmelding = aanmelden(bijeenkomst, capture)
    Aanmelding.objects.filter(pk=aanmelding.pk).update(anonymised_at=timezone.now())
    deliver.enqueue(status_delivery(aanmelding).pk)
    assert mail.outbox == []
    # Nothing to send and nothing to retry.
    assert status_delivery(aanmelding).status == Verzending.Status.VERVALLEN


# --- Escaping --------------------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def test_personal_text_and_titles_are_escaped_in_html_mail(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(
        capacity=5, title=f"Avond {SCRIPT}", location_name=SCRIPT, address=SCRIPT, accessibility=SCRIPT
    )
    aanmelden(b, capture, name=SCRIPT)
    html = html_of(mail.outbox[0])
    assert "<script>" not in html and html.count("&lt;script&gt;") >= 4
    # Plain text shows it as text.
    assert f"Beste {SCRIPT}," in mail.outbox[0].body
    # No header injection through the title.
    assert "\n" not in mail.outbox[0].subject


def test_raising_the_capacity_moves_the_waiting_list_up_and_mails_them(
    maak_bijeenkomst, gegevens, mailoutbox, django_capture_on_commit_callbacks
):
    from plugins.agenda.models import Aanmelding
    from plugins.agenda.services import aanmelden

    meeting = maak_bijeenkomst(capacity=1, max_persons=1, waiting_list=True)
    with django_capture_on_commit_callbacks(execute=True):
        aanmelden(meeting, **gegevens(email="eerste@example.org"))
        waiting, _ = aanmelden(meeting, **gegevens(email="tweede@example.org"))
    assert waiting.status == Aanmelding.Status.WACHTLIJST
    mailoutbox.clear()

    meeting.capacity = 2
    with django_capture_on_commit_callbacks(execute=True):
        meeting.save_revision().publish()

    waiting.refresh_from_db()
    assert waiting.status == Aanmelding.Status.BEVESTIGD
    assert [m.to for m in mailoutbox] == [["tweede@example.org"]]
