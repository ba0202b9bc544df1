"""The sign-up mail with the production task queue (django-tasks-db): queued with the sign-up, or not at all.

With django-tasks-db the queue is a table in the site's own database, so the
task row is written in the sign-up's transaction: it commits with the
registration or rolls back with it. No mail for a sign-up that was not
stored, and no stored sign-up without its mail. (With the immediate backend
the mail goes after the commit; test_agenda_mail.py covers that.)
"""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from distro.outbox.models import Verzending
from plugins.agenda import services
from plugins.agenda.models import Aanmelding, Bezetting

SEND_STATUS_MAIL = "distro.outbox.tasks.deliver"  # the core outbox sends every mail


class Afgebroken(Exception):
    """Something that goes wrong after the sign-up, in the same transaction."""


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # django-tasks resets its backends when TASKS changes (setting_changed); the
    # tests below mean nothing if that ever stops working, so check it.
    assert isinstance(task_backends["default"], DatabaseBackend)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path=SEND_STATUS_MAIL)


def run_worker():
    """What the task worker (db_worker) of an installed site does with each queued task.

    Worker.run_task rather than the command: the command closes the database
    connection between tasks, and with it the test's transaction.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for queued in DBTaskResult.objects.ready().order_by("enqueued_at"):
        queued.claim(worker.worker_id)
        worker.run_task(queued)


@pytest.mark.django_db
def test_sign_up_queues_one_mail_task_in_its_own_transaction(
    bijeenkomst, gegevens, db_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        aanmelding, created = services.aanmelden(bijeenkomst, **gegevens())
        # Already there before anything runs "after the commit".
        [queued] = mail_tasks()
    assert after_commit == []
    assert created
    # The task carries only the outbox row's id, and that row only the registration's id.
    [delivery] = Verzending.objects.filter(object_id=aanmelding.pk, kind__startswith="agenda.")
    assert (delivery.kind, delivery.object_id) == ("agenda.status", aanmelding.pk)
    assert queued.status == "READY" and queued.args_kwargs["args"] == [delivery.pk]
    assert delivery.recipients == [] and delivery.body == "" and delivery.subject == ""
    assert "fatima" not in str(queued.args_kwargs).lower()  # only the id goes into the queue
    assert mail.outbox == []  # the worker sends it, not the web request
    assert Aanmelding.objects.get().mail_status == Aanmelding.MailStatus.WACHT

    run_worker()
    [message] = mail.outbox
    assert message.to == ["fatima@example.org"] and message.subject == f"U bent aangemeld: {bijeenkomst.title}"
    assert Aanmelding.objects.get().mail_status == Aanmelding.MailStatus.VERSTUURD
    assert mail_tasks().get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_rolled_back_sign_up_leaves_neither_registration_nor_mail_task(bijeenkomst, gegevens, db_queue):
    # A real transaction (not the test's own), as in a web request that fails after the sign-up.
    deliveries = Verzending.objects.count()
    with pytest.raises(Afgebroken), transaction.atomic():
        services.aanmelden(bijeenkomst, **gegevens())
        assert mail_tasks().count() == 1
        assert Verzending.objects.count() == deliveries + 1
        raise Afgebroken
    assert not Aanmelding.objects.filter(bijeenkomst=bijeenkomst).exists()
    assert not mail_tasks().exists()
    assert Verzending.objects.count() == deliveries  # the outbox row rolled back with the sign-up
    assert not Bezetting.objects.filter(bijeenkomst=bijeenkomst, confirmed__gt=0).exists()
    run_worker()
    assert mail.outbox == []


@pytest.mark.django_db
def test_refused_sign_up_queues_nothing(maak_bijeenkomst, gegevens, db_queue):
    vol = maak_bijeenkomst(capacity=1, waiting_list=False)
    services.aanmelden(vol, **gegevens(email="een@example.org"))
    with pytest.raises(services.Vol):
        services.aanmelden(vol, **gegevens(email="twee@example.org"))
    assert mail_tasks().count() == 1
    assert list(Aanmelding.objects.values_list("email", flat=True)) == ["een@example.org"]


@pytest.mark.django_db
def test_same_address_in_another_case_changes_nothing_and_queues_one_mail_to_its_owner(bijeenkomst, gegevens, db_queue):
    # The second submission first tries a plain insert; the unique index refuses
    # it and that attempt is rolled back whole: its place count and its mail task too.
    first, created = services.aanmelden(bijeenkomst, **gegevens(email="Fatima@Example.org", persons=1))
    run_worker()
    second, created_again = services.aanmelden(bijeenkomst, **gegevens(email="fatima@EXAMPLE.org ", persons=2))
    assert created and not created_again and second.pk == first.pk
    assert Aanmelding.objects.filter(bijeenkomst=bijeenkomst).count() == 1
    assert Bezetting.objects.get(bijeenkomst=bijeenkomst).confirmed == 1
    assert mail_tasks().count() == 2
    assert Aanmelding.objects.get().mail_status == Aanmelding.MailStatus.WACHT
    run_worker()
    assert [m.to for m in mail.outbox] == [["Fatima@Example.org"], ["Fatima@Example.org"]]
    assert mail.outbox[-1].subject.startswith("U bent al aangemeld")
    assert Aanmelding.objects.get().persons == 1


# The first attempt of a sign-up inserts without looking for the address first.
# On a full meeting it may never reach the insert (no waiting list), or reach it
# only as a waiting-list entry: either way the registration that is there stays
# as it is, and the visitor hears what anyone would hear.
@pytest.mark.django_db
@pytest.mark.parametrize("waiting_list", [True, False])
@pytest.mark.parametrize("persons", [1, 2])
def test_already_signed_up_on_a_full_meeting_changes_nothing(maak_bijeenkomst, gegevens, waiting_list, persons):
    full = maak_bijeenkomst(capacity=2, max_persons=2, waiting_list=waiting_list)
    first, _created = services.aanmelden(full, **gegevens(email="fatima@example.org", persons=2))
    if waiting_list:
        again = services.aanmelden(full, **gegevens(email="Fatima@Example.org", persons=persons, answers=["nieuw"]))
        assert not again[1] and again[0].pk == first.pk and again.status == Aanmelding.Status.WACHTLIJST
    else:
        with pytest.raises(services.Vol):
            services.aanmelden(full, **gegevens(email="Fatima@Example.org", persons=persons, answers=["nieuw"]))
    first.refresh_from_db()
    assert (first.status, first.persons, first.answers) == (Aanmelding.Status.BEVESTIGD, 2, [])
    assert Aanmelding.objects.filter(bijeenkomst=full).count() == 1
    bez = Bezetting.objects.get(bijeenkomst=full)
    assert (bez.confirmed, bez.waiting) == (2, 0)
