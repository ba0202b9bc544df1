"""What happens to a question after it is sent: the e-mail, retries, and deletion."""

from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.test import TestCase
from django.utils import timezone

from distro.contact.models import Vraag
from distro.contact.tasks import KIND, schedule_vraag_mail
from distro.core.models import SteunpuntSettings
from distro.jobs.runner import run_due_jobs
from distro.outbox.models import Verzending
from distro.outbox.services import MAX_ATTEMPTS, delivery_of
from distro.outbox.tasks import deliver

RETRY_JOB = "e-mail_opnieuw"

pytestmark = pytest.mark.django_db


def run_job(name):
    outcomes = run_due_jobs(names=[name], force=True)
    assert [o.status for o in outcomes] == ["ok"], outcomes
    return outcomes[0].message


def make_vraag(site, **fields):
    defaults = {
        "email": "ouder@example.org",
        "role": Vraag.Rol.OUDER,
        "question": "Hoe vraag ik een gesprek aan?",
        "site": site,
    }
    return Vraag.objects.create(**(defaults | fields))


def send_vraag_mail(vraag_id):
    """What the view does in its transaction: the outbox row, and its task once that commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        schedule_vraag_mail(vraag_id)


def deliver_again(vraag_id):
    """The same task once more, as when the queue delivers it twice."""
    deliver.enqueue(delivery_of(KIND, vraag_id).pk)


def backoff_passes():
    """As if the wait after the last failure is over."""
    Verzending.objects.filter(status=Verzending.Status.MISLUKT).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def provider_down():
    return mock.patch.object(EmailMessage, "send", side_effect=SMTPException("451 tijdelijk niet beschikbaar"))


def test_provider_failure_keeps_the_question_and_the_retry_job_sends_it(
    client, site, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    with provider_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/stel-je-vraag/", valid_data)
    # The visitor is thanked: the question is safe, only the e-mail is late.
    assert response.status_code == 302
    vraag = Vraag.objects.get()
    assert vraag.mail_status == Vraag.MailStatus.MISLUKT
    assert vraag.mail_attempts == 1 and "451" in vraag.mail_error
    assert mail.outbox == []

    # Not at once: the outbox waits a little before the next try (back-off).
    assert run_job(RETRY_JOB) == "0 retried"
    backoff_passes()
    assert run_job(RETRY_JOB) == "1 retried"
    vraag.refresh_from_db()
    assert vraag.mail_status == Vraag.MailStatus.VERSTUURD
    assert (vraag.mail_attempts, vraag.mail_error) == (2, "")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mailbox@steunpunt.test"]
    # Sent once: the next run has nothing to do.
    backoff_passes()
    assert run_job(RETRY_JOB) == "0 retried"
    assert len(mail.outbox) == 1


def test_retries_stop_after_the_maximum(site):
    vraag = make_vraag(site)
    with provider_down():
        send_vraag_mail(vraag.pk)
        for _ in range(MAX_ATTEMPTS + 2):
            backoff_passes()
            run_job(RETRY_JOB)
    vraag.refresh_from_db()
    assert vraag.mail_status == Vraag.MailStatus.MISLUKT and vraag.mail_attempts == MAX_ATTEMPTS
    backoff_passes()
    assert run_job(RETRY_JOB) == "0 retried"


def test_no_mailbox_configured(site):
    SteunpuntSettings.objects.filter(site=site).update(mailbox="")
    vraag = make_vraag(site)
    send_vraag_mail(vraag.pk)
    vraag.refresh_from_db()
    assert vraag.mail_status == Vraag.MailStatus.GEEN_MAILBOX
    assert vraag.mail_attempts == 0  # not an attempt: nothing was tried
    assert mail.outbox == []
    # Nothing to retry while there is still no mailbox ...
    assert run_job(RETRY_JOB) == "0 retried"
    # ... but once the steunpunt sets one, the waiting questions are sent.
    SteunpuntSettings.objects.filter(site=site).update(mailbox="nieuw@steunpunt.test")
    assert run_job(RETRY_JOB) == "1 retried"
    vraag.refresh_from_db()
    assert vraag.mail_status == Vraag.MailStatus.VERSTUURD
    assert mail.outbox[0].to == ["nieuw@steunpunt.test"]


def test_question_that_was_never_queued_is_sent_by_the_retry_job(site):
    recent = make_vraag(site)
    stuck = make_vraag(site)
    with mock.patch("distro.outbox.tasks.deliver") as lost:  # the queue loses both tasks
        send_vraag_mail(recent.pk)
        send_vraag_mail(stuck.pk)
    assert lost.enqueue.call_count == 2
    Verzending.objects.filter(kind=KIND, object_id=stuck.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    assert run_job(RETRY_JOB) == "1 retried"
    assert Vraag.objects.get(pk=stuck.pk).mail_status == Vraag.MailStatus.VERSTUURD
    # A fresh one is probably still on its way: left alone.
    assert Vraag.objects.get(pk=recent.pk).mail_status == Vraag.MailStatus.WACHT


def test_failure_to_queue_the_mail_still_thanks_the_visitor(
    client, site, valid_data, captcha_passes, django_capture_on_commit_callbacks
):
    broken_task = mock.Mock(**{"enqueue.side_effect": RuntimeError("queue down")})
    with mock.patch("distro.outbox.tasks.deliver", broken_task):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/stel-je-vraag/", valid_data)
    assert response.status_code == 302
    assert broken_task.enqueue.called
    assert Vraag.objects.get().mail_status == Vraag.MailStatus.WACHT


def test_a_question_is_mailed_once_even_if_queued_twice(site):
    vraag = make_vraag(site)
    send_vraag_mail(vraag.pk)
    deliver_again(vraag.pk)
    assert len(mail.outbox) == 1


def test_deleted_question_is_not_mailed(site):
    vraag = make_vraag(site)
    vraag_id = vraag.pk
    with mock.patch("distro.outbox.tasks.deliver"):  # queued, not yet sent
        send_vraag_mail(vraag_id)
    pk = delivery_of(KIND, vraag_id).pk
    Vraag.objects.filter(pk=vraag_id).delete()
    deliver.enqueue(pk)
    assert mail.outbox == []


def test_mail_is_dutch_whatever_the_visitors_language(site, settings):
    from django.utils import translation

    settings.STEUNPUNT_VRAAG_MAIL_MET_INHOUD = True

    vraag = make_vraag(site, language="ar")
    with translation.override("ar"):
        send_vraag_mail(vraag.pk)
    body = mail.outbox[0].body
    assert "Er is een nieuwe vraag binnengekomen" in body and "Taal: ar" in body


# --- Retention -------------------------------------------------------------------------


def test_retention_deletes_old_questions_and_keeps_new_ones(site, settings):
    settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = 30
    old = make_vraag(site)
    new = make_vraag(site)
    Vraag.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    Vraag.objects.filter(pk=new.pk).update(created_at=timezone.now() - timedelta(days=29))
    message = run_job("retentie")
    assert "vragen: 1" in message
    assert list(Vraag.objects.values_list("pk", flat=True)) == [new.pk]


def test_retention_follows_the_configured_period(site, settings):
    vraag = make_vraag(site)
    Vraag.objects.filter(pk=vraag.pk).update(created_at=timezone.now() - timedelta(days=31))
    settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = 90
    run_job("retentie")
    assert Vraag.objects.filter(pk=vraag.pk).exists()
    settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = 30
    run_job("retentie")
    assert not Vraag.objects.filter(pk=vraag.pk).exists()


def test_the_email_names_the_retention_period(site, settings):
    settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = 45
    send_vraag_mail(make_vraag(site).pk)
    assert "Na 45 dagen wordt de vraag automatisch verwijderd" in mail.outbox[0].body


def test_str_of_a_question_has_no_personal_data(site):
    vraag = make_vraag(site, name="Fatima de Vries", email="fatima@example.org")
    assert str(vraag) == f"Vraag {vraag.pk}"


def test_expired_captcha_challenges_are_cleaned_up(client, site):
    from captcha.models import CaptchaStore

    for _ in range(3):
        client.get("/stel-je-vraag/vraag/")
    assert CaptchaStore.objects.count() >= 3
    fresh = CaptchaStore.generate_key()
    CaptchaStore.objects.exclude(hashkey=fresh).update(expiration=timezone.now() - timedelta(minutes=1))
    assert run_job("captcha_opruimen") != "0 removed"
    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == [fresh]
