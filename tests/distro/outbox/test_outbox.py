"""The core outbox: one delivery state, back-off, retry job, lapse, purge and the staff screen for every kind of mail."""

import logging
from datetime import timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from distro.extensions import MailKind, mail_kinds
from distro.jobs.runner import run_due_jobs
from distro.outbox import Lapsed, sending, services
from distro.outbox.models import Verzending
from distro.outbox.tasks import deliver
from distro.roles import STEUNPUNT

pytestmark = pytest.mark.django_db

Status = Verzending.Status
KIND = "test.bron"


class Sources:
    """A stand-in for a plugin's data: source id -> address, or missing (deleted)."""

    def __init__(self):
        self.rows = {}
        self.lapsed = set()
        self.built = []

    def build(self, verzending):
        self.built.append((verzending.object_id, verzending.variant))
        if verzending.object_id not in self.rows or verzending.object_id in self.lapsed:
            raise Lapsed
        return EmailMessage(
            subject=f"Bron {verzending.object_id}", body=self.rows[verzending.object_id], to=["ouder@example.org"]
        )

    def describe(self, ids):
        return {pk: f"Bron {pk}" for pk in ids if pk in self.rows}


@pytest.fixture
def sources():
    found = Sources()
    mail_kinds.register(MailKind(KIND, found.build, found.describe, "Testbron", None, __name__))
    yield found
    mail_kinds.unregister(KIND)


def mine():
    """This test's rows (the site fixture may leave notices of its own)."""
    return Verzending.objects.filter(kind=KIND)


def schedule(object_id, variant=""):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.schedule(KIND, object_id, variant)


def run_job(name="e-mail_opnieuw"):
    outcomes = run_due_jobs(names=[name], force=True)
    assert [o.status for o in outcomes] == ["ok"], outcomes
    return outcomes[0].message


def provider_down(message="451 4.3.0 ouder@example.org tijdelijk niet bereikbaar"):
    return mock.patch.object(EmailMessage, "send", side_effect=SMTPException(message))


def later(minutes):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes))


# --- Sending and failing ------------------------------------------------------------------------


def test_a_scheduled_mail_is_built_from_current_data_and_sent_once(sources):
    sources.rows[1] = "eerste tekst"
    with mock.patch("distro.outbox.tasks.deliver"):  # queued; not yet picked up by the worker
        pk = schedule(1)
    sources.rows[1] = "tekst van nu"
    deliver.enqueue(pk)
    deliver.enqueue(pk)  # the queue may deliver a task twice
    [message] = mail.outbox
    assert message.body == "tekst van nu"
    row = Verzending.objects.get(pk=pk)
    assert (row.status, row.attempts, row.error) == (Status.VERSTUURD, 1, "") and row.sent_at is not None


def test_a_run_that_another_worker_holds_sends_nothing(sources):
    sources.rows[1] = "tekst"
    with mock.patch("distro.outbox.tasks.deliver"):
        pk = schedule(1)
    Verzending.objects.filter(pk=pk).update(sending_until=timezone.now() + timedelta(minutes=5))
    assert sending.send_now(pk) is False
    assert mail.outbox == []


def test_failing_provider_loses_nothing_and_backs_off(sources, caplog):
    sources.rows[1] = "tekst"
    caplog.set_level(logging.WARNING)
    with provider_down():
        pk = schedule(1)
    row = Verzending.objects.get(pk=pk)
    assert (row.status, row.attempts) == (Status.MISLUKT, 1) and "451" in row.error
    # The provider's answer names the address: on the row for staff, never in the log.
    assert not any("ouder@example.org" in r.getMessage() for r in caplog.records)
    assert any("SMTPException" in r.getMessage() for r in caplog.records)
    assert row.next_attempt_at - timezone.now() > timedelta(minutes=4)

    assert run_job() == "0 retried"  # too early
    with provider_down(), later(6):
        assert run_job() == "1 retried"
    row.refresh_from_db()
    assert row.attempts == 2
    # Twice as long after the second failure.
    assert row.next_attempt_at - timezone.now() > timedelta(minutes=15)
    with later(12):
        assert run_job() == "0 retried"
    with later(20):
        assert run_job() == "1 retried"
    assert Verzending.objects.get(pk=pk).status == Status.VERSTUURD
    assert len(mail.outbox) == 1


def test_backoff_doubles_up_to_a_maximum():
    assert [sending.backoff(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert sending.backoff(30) == sending.MAX_BACKOFF


def test_retry_job_stops_after_max_attempts_and_staff_can_still_retry(sources):
    sources.rows[1] = "tekst"
    with provider_down():
        pk = schedule(1)
        for _ in range(services.MAX_ATTEMPTS + 2):
            Verzending.objects.filter(pk=pk).update(next_attempt_at=timezone.now())
            run_job()
    row = Verzending.objects.get(pk=pk)
    assert (row.status, row.attempts) == (Status.MISLUKT, services.MAX_ATTEMPTS)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert services.retry([pk]) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.VERSTUURD, services.MAX_ATTEMPTS + 1)


def test_stuck_waiting_rows_are_picked_up_fresh_ones_left_alone(sources):
    sources.rows.update({1: "a", 2: "b"})
    with mock.patch("distro.outbox.tasks.deliver"):  # the queue loses both
        fresh, stuck = schedule(1), schedule(2)
    Verzending.objects.filter(pk=stuck).update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    assert run_job() == "1 retried"
    assert Verzending.objects.get(pk=stuck).status == Status.VERSTUURD
    assert Verzending.objects.get(pk=fresh).status == Status.WACHT
    # After STUCK_AFTER the fresh one counts as lost too.
    with later(16):
        assert run_job() == "1 retried"
    assert len(mail.outbox) == 2


def test_lapsed_source_sends_nothing_and_is_not_retried(sources):
    with mock.patch("distro.outbox.tasks.deliver"):
        pk = schedule(7)  # no such source (deleted)
    deliver.enqueue(pk)
    assert Verzending.objects.get(pk=pk).status == Status.VERVALLEN
    with later(60):
        assert run_job() == "0 retried"
    assert mail.outbox == []


def test_scheduling_again_resets_the_row_and_keeps_the_variant(sources):
    sources.rows[1] = "tekst"
    with provider_down():
        pk = schedule(1)
    assert schedule(1, "wijziging") == pk  # one row per source
    row = Verzending.objects.get(pk=pk)
    assert (row.status, row.attempts, row.error, row.variant) == (Status.VERSTUURD, 1, "", "wijziging")
    assert sources.built[-1] == (1, "wijziging")


def test_a_send_that_finishes_after_a_new_schedule_does_not_hide_the_new_mail(sources):
    sources.rows[1] = "tekst"
    with mock.patch("distro.outbox.tasks.deliver"):
        pk = schedule(1)

    def reschedule_while_sending(self):
        with mock.patch("distro.outbox.tasks.deliver"):
            schedule(1)  # e.g. a promotion while the confirmation is on its way

    with mock.patch.object(EmailMessage, "send", reschedule_while_sending):
        sending.send_now(pk)
    assert Verzending.objects.get(pk=pk).status == Status.WACHT  # the new mail still goes


def test_rolled_back_caller_leaves_no_row_and_mails_nobody(sources, django_capture_on_commit_callbacks):
    sources.rows[1] = "tekst"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.schedule(KIND, 1)
            raise RuntimeError("sign-up failed after the insert")
    assert callbacks == [] and not mine().exists() and mail.outbox == []


def test_with_the_database_queue_the_task_row_rolls_back_with_the_caller(sources, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sources.rows[1] = "tekst"
    with pytest.raises(RuntimeError), transaction.atomic():
        services.schedule(KIND, 1)
        assert DBTaskResult.objects.filter(task_path="distro.outbox.tasks.deliver").count() == 1
        raise RuntimeError
    assert not DBTaskResult.objects.exists() and not mine().exists()
    pk = services.schedule(KIND, 1)
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [pk]  # only the row's id in the queue


def test_a_refusing_queue_still_keeps_the_row_for_the_retry_job(sources):
    sources.rows[1] = "tekst"
    with mock.patch("distro.outbox.tasks.deliver", mock.Mock(**{"enqueue.side_effect": RuntimeError("down")})):
        pk = schedule(1)
    assert Verzending.objects.get(pk=pk).status == Status.WACHT
    with later(16):
        assert run_job() == "1 retried"
    assert len(mail.outbox) == 1


def test_kind_of_a_switched_off_plugin_is_left_alone(sources):
    sources.rows[1] = "tekst"
    with mock.patch("distro.outbox.tasks.deliver"):
        pk = schedule(1)
    mail_kinds.unregister(KIND)
    with later(16):
        assert run_job() == "0 retried"
    assert sending.send_now(pk) is False
    assert Verzending.objects.get(pk=pk).status == Status.WACHT


# --- Notices with stored text -----------------------------------------------------------------------


def test_notification_is_sent_with_its_text_and_purged_after_30_days(sources):
    with TestCase.captureOnCommitCallbacks(execute=True):
        pk = services.send_notification(
            ["lid@steunpunt.test", ""], "Nieuw lid\nvan het steunpunt", "Piet is lid geworden."
        )
    [message] = mail.outbox
    assert message.to == ["lid@steunpunt.test"] and message.subject == "Nieuw lid van het steunpunt"
    assert message.body == "Piet is lid geworden."
    assert services.send_notification([], "x", "y") is None
    Verzending.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=29))
    run_job("retentie")
    assert Verzending.objects.filter(pk=pk).exists()
    Verzending.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(days=31))
    assert "e-mail: 1" in run_job("retentie")
    assert not Verzending.objects.filter(pk=pk).exists()


def test_rows_whose_source_is_gone_are_purged(sources):
    sources.rows.update({1: "a", 2: "b"})
    schedule(1)
    schedule(2)
    del sources.rows[2]  # deleted by staff, or with its page
    run_job("retentie")
    assert list(mine().values_list("object_id", flat=True)) == [1]


def test_forget_deletes_the_rows_of_purged_sources(sources):
    sources.rows.update({1: "a", 2: "b"})
    schedule(1)
    schedule(2)
    assert services.forget(KIND, [2]) == 1
    assert list(mine().values_list("object_id", flat=True)) == [1]


# --- The staff screen ------------------------------------------------------------------------------


URL = "/admin/e-mail/"


@pytest.fixture
def failed(sources):
    sources.rows[12] = "tekst"
    with provider_down("550 5.1.1 <ouder@example.org>: Recipient address rejected"):
        return schedule(12)


def test_steunpunt_sees_failed_mail_with_kind_source_attempts_and_error(client, steunpunt_medewerker, failed):
    client.force_login(steunpunt_medewerker)
    response = client.get(URL)
    assert response.status_code == 200
    row = response.content.decode().split(f'id="e-mail-{failed}"', 1)[1].split("</tr>", 1)[0]
    assert "Testbron" in row and "Bron 12" in row and "Mislukt" in row and ">1<" in row and "550 5.1.1" in row
    assert "Opnieuw proberen" in row
    # In the menu.
    assert URL in client.get("/admin/").content.decode()


def test_steunpunt_retries_a_failed_mail(client, steunpunt_medewerker, failed, django_capture_on_commit_callbacks):
    client.force_login(steunpunt_medewerker)
    assert client.get(f"{URL}{failed}/opnieuw/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{failed}/opnieuw/")
    assert response.status_code == 302
    assert Verzending.objects.get(pk=failed).status == Status.VERSTUURD
    assert len(mail.outbox) == 1
    assert f'id="e-mail-{failed}"' not in client.get(URL).content.decode()  # sent: nothing left to show
    # Once more: nothing to do, and a clear message instead of an error.
    assert client.post(f"{URL}{failed}/opnieuw/", follow=True).status_code == 200
    assert client.post(f"{URL}999999/opnieuw/").status_code == 302


@pytest.mark.parametrize("role", ["redacteur", "beheerder", "bestuurder", "superuser"])
def test_nobody_outside_the_steunpunt_group_sees_or_retries_mail(client, request, role, failed):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert client.post(f"{URL}{failed}/opnieuw/").status_code == 403
    assert Verzending.objects.get(pk=failed).status == Status.MISLUKT  # the refused retry changed nothing
    assert URL not in client.get("/admin/").content.decode()


def test_superuser_in_the_steunpunt_group_sees_it(client, superuser, failed):
    superuser.groups.add(Group.objects.get(name=STEUNPUNT))
    client.force_login(superuser)
    assert client.get(URL).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client, failed):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(f"{URL}{failed}/opnieuw/").status_code == 302
    assert Verzending.objects.get(pk=failed).status == Status.MISLUKT
