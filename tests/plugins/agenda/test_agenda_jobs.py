"""Periodic jobs of the agenda: reminders and "the meeting has ended"."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from distro.extensions import meeting_ended
from distro.jobs.runner import run_due_jobs
from distro.outbox.models import Verzending
from distro.outbox.services import delivery_of
from plugins.agenda import jobs, mails, services
from plugins.agenda.models import Aanmelding, Bezetting

pytestmark = pytest.mark.django_db


def run_job(name):
    outcomes = run_due_jobs(names=[name], force=True)
    assert [o.status for o in outcomes] == ["ok"], outcomes
    return outcomes[0].message


def run_reminders(capture):
    """The reminder job; its mails are queued with its transaction, so they go once it commits."""
    with capture(execute=True):
        return run_job("agenda_herinneringen")


def aanmelden(bijeenkomst, capture, **overrides):
    data = {
        "name": "Fatima",
        "email": "fatima@example.org",
        "persons": 1,
        "role": "ouder",
        "answers": [],
        "language": "nl",
    }
    data.update(overrides)
    with capture(execute=True):
        aanmelding, _ = services.aanmelden(bijeenkomst, **data)
    return aanmelding


def signed_up_days_ago(aanmelding, days):
    Aanmelding.objects.filter(pk=aanmelding.pk).update(created_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def received():
    """What meeting_ended receivers got, as (meeting pk, attendees) tuples."""
    calls = []
    # The demo site has past meetings of its own: announce those first, unheard.
    jobs.announce_ended_meetings()

    def receiver(sender, meeting, attendees, **kwargs):
        calls.append((meeting.pk, attendees))

    # Defined in this test module (core code to the extension point), so it is always called.
    meeting_ended.connect(receiver)
    yield calls
    meeting_ended.disconnect(receiver)


# --- Reminders -----------------------------------------------------------------------------------


def test_reminder_goes_within_the_configured_hours_before_and_only_once(maak_bijeenkomst, capture, settings):
    settings.STEUNPUNT_AGENDA_HERINNERING_UREN = 48
    b = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=47))
    later = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=49))
    a = aanmelden(b, capture)
    aanmelden(later, capture, email="later@example.org")
    signed_up_days_ago(a, 5)
    Aanmelding.objects.filter(bijeenkomst=later).update(created_at=timezone.now() - timedelta(days=5))
    mail.outbox.clear()

    assert run_reminders(capture) == "1 reminders"
    [message] = mail.outbox
    assert message.to == ["fatima@example.org"]
    assert message.subject.startswith(f"Herinnering: {b.title} op ")
    assert "Dit is een herinnering" in message.body and "/agenda/afmelden/" in message.body
    assert Aanmelding.objects.get(pk=a.pk).reminder_sent_at is not None

    assert run_reminders(capture) == "0 reminders"
    assert len(mail.outbox) == 1


def test_default_is_24_hours(maak_bijeenkomst, capture, settings):
    if hasattr(settings, "STEUNPUNT_AGENDA_HERINNERING_UREN"):
        del settings.STEUNPUNT_AGENDA_HERINNERING_UREN  # not set: the default applies
    soon = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=23))
    not_yet = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=25))
    for b in (soon, not_yet):
        signed_up_days_ago(aanmelden(b, capture, email=f"x{b.pk}@example.org"), 5)
    mail.outbox.clear()
    assert run_reminders(capture) == "1 reminders"
    assert mail.outbox[0].to == [f"x{soon.pk}@example.org"]


def test_no_reminder_for_waiting_list_cancelled_or_recent_sign_ups(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=1, waiting_list=True, begint_over=timedelta(hours=10))
    confirmed = aanmelden(b, capture, email="een@example.org")
    waiting = aanmelden(b, capture, email="twee@example.org")
    signed_up_days_ago(confirmed, 5)
    signed_up_days_ago(waiting, 5)
    cancelled_meeting = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=10))
    signed_up_days_ago(aanmelden(cancelled_meeting, capture, email="drie@example.org"), 5)
    cancelled_meeting.cancelled = True
    with capture(execute=True):
        cancelled_meeting.save_revision().publish()
    # Signed up an hour ago, inside the window: the confirmation has everything already.
    recent = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=10))
    aanmelden(recent, capture, email="vier@example.org")
    mail.outbox.clear()

    assert run_reminders(capture) == "1 reminders"
    assert [m.to for m in mail.outbox] == [["een@example.org"]]


def test_no_reminder_after_the_start(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=5))
    signed_up_days_ago(aanmelden(b, capture), 5)
    b.sessies.update(start=timezone.now() - timedelta(minutes=5))
    mail.outbox.clear()
    assert run_reminders(capture) == "0 reminders"
    assert mail.outbox == []


def test_failed_reminder_is_tried_again_by_the_next_run(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=5))
    a = aanmelden(b, capture)
    signed_up_days_ago(a, 5)
    mail.outbox.clear()
    with mock.patch.object(EmailMessage, "send", side_effect=SMTPException("451 later")):
        run_reminders(capture)
    a.refresh_from_db()
    reminder = delivery_of(mails.REMINDER_KIND, a.pk)
    assert reminder.status == Verzending.Status.MISLUKT and "451" in reminder.error
    # The registration itself is untouched.
    assert a.status == Aanmelding.Status.BEVESTIGD
    # Claimed once: the reminder job does not send a second one ...
    assert run_reminders(capture) == "0 reminders"
    # ... the outbox tries this one again after its back-off.
    Verzending.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert run_job("e-mail_opnieuw") == "1 retried"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Herinnering")
    assert delivery_of(mails.REMINDER_KIND, a.pk).status == Verzending.Status.VERSTUURD


def test_failed_reminder_is_not_retried_after_the_start(maak_bijeenkomst, capture):
    b = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=5))
    a = aanmelden(b, capture)
    signed_up_days_ago(a, 5)
    with mock.patch.object(EmailMessage, "send", side_effect=SMTPException("451 later")):
        run_reminders(capture)
    mail.outbox.clear()
    b.sessies.update(start=timezone.now() - timedelta(minutes=5))
    Verzending.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert run_job("e-mail_opnieuw") == "0 retried"
    assert mail.outbox == []


def test_a_course_is_reminded_before_its_first_date(maak_bijeenkomst, capture):
    now = timezone.now()
    b = maak_bijeenkomst(
        capacity=5,
        sessies=[
            (now + timedelta(hours=20), now + timedelta(hours=22)),
            (now + timedelta(days=8), now + timedelta(days=8, hours=2)),
        ],
    )
    signed_up_days_ago(aanmelden(b, capture), 5)
    mail.outbox.clear()
    assert run_reminders(capture) == "1 reminders"
    assert "Datums:" in mail.outbox[0].body


# --- Meeting ended ----------------------------------------------------------------------------------


def test_meeting_ended_fires_once_after_the_end_with_the_attendees(maak_bijeenkomst, capture, received):
    b = maak_bijeenkomst(capacity=5, waiting_list=True, max_persons=2)
    came = aanmelden(b, capture, email="kwam@example.org", name="Kwam", language="en")
    no_show = aanmelden(b, capture, email="weg@example.org", name="Weg")
    unknown = aanmelden(b, capture, email="onbekend@example.org", name="Onbekend")
    cancelled = aanmelden(b, capture, email="afgemeld@example.org", name="Afgemeld")
    with capture(execute=True):
        services.afmelden(cancelled)
    Aanmelding.objects.filter(pk=came.pk).update(attended=True)
    Aanmelding.objects.filter(pk=no_show.pk).update(attended=False)

    # Not over yet: nothing.
    assert run_job("agenda_afgelopen") == "0 meetings ended"
    assert received == []

    b.sessies.update(start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(minutes=1))
    assert run_job("agenda_afgelopen") == "1 meetings ended"
    assert received == [(b.pk, [("Kwam", "kwam@example.org", "en"), ("Onbekend", "onbekend@example.org", "nl")])]
    assert Bezetting.objects.get(bijeenkomst=b).ended_signal_sent is True
    assert unknown.pk  # registered, not checked in: still invited

    # Never twice.
    assert run_job("agenda_afgelopen") == "0 meetings ended"
    jobs.announce_ended_meetings()
    assert len(received) == 1


def test_meeting_without_registrations_or_counts_row_also_ends(maak_bijeenkomst, received):
    b = maak_bijeenkomst(capacity=None, begint_over=timedelta(hours=-3), duur=timedelta(hours=1))
    assert not Bezetting.objects.filter(bijeenkomst=b).exists()
    assert run_job("agenda_afgelopen") == "1 meetings ended"
    assert received == [(b.pk, [])]


def test_cancelled_old_and_unpublished_meetings_do_not_end(maak_bijeenkomst, received, settings):
    settings.STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN = 30
    maak_bijeenkomst(capacity=5, cancelled=True, begint_over=timedelta(hours=-3), duur=timedelta(hours=1))
    maak_bijeenkomst(capacity=5, begint_over=timedelta(days=-40), duur=timedelta(hours=1))
    maak_bijeenkomst(capacity=5, publish=False, begint_over=timedelta(hours=-3), duur=timedelta(hours=1))
    assert run_job("agenda_afgelopen") == "0 meetings ended"
    assert received == []


def test_a_failing_receiver_does_not_make_it_fire_again(maak_bijeenkomst, received):
    def broken(sender, **kwargs):
        raise RuntimeError("evaluatie kapot")

    meeting_ended.connect(broken)
    try:
        maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=-3), duur=timedelta(hours=1))
        assert run_job("agenda_afgelopen") == "1 meetings ended"
        assert run_job("agenda_afgelopen") == "0 meetings ended"
    finally:
        meeting_ended.disconnect(broken)
    assert len(received) == 1
