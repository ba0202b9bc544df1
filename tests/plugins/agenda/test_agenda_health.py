"""The agenda's health check: do the reminders go out? (plugins/agenda/health.py)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from distro.jobs.models import JobRun
from plugins.agenda import health, services
from plugins.agenda.models import Aanmelding

pytestmark = pytest.mark.django_db


def job_ran(minutes_ago, status=JobRun.Status.OK):
    at = timezone.now() - timedelta(minutes=minutes_ago)
    JobRun.objects.update_or_create(
        name="agenda_herinneringen", defaults={"started_at": at, "finished_at": at, "status": status}
    )


def signed_up(bijeenkomst, gegevens, days_ago, **overrides):
    aanmelding, _ = services.aanmelden(bijeenkomst, **gegevens(**overrides))
    Aanmelding.objects.filter(pk=aanmelding.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return aanmelding


def test_the_reminders_job_never_ran_is_a_warning():
    JobRun.objects.filter(name="agenda_herinneringen").delete()

    result = health.reminders_go_out()

    assert result.status == "warning"
    assert "nog nooit" in result.message


def test_the_reminders_job_ran_recently_is_ok():
    job_ran(minutes_ago=10)

    assert health.reminders_go_out().status == "ok"


@pytest.mark.parametrize(
    ("minutes_ago", "status", "words"),
    [(3 * 60, JobRun.Status.OK, "het laatst op"), (10, JobRun.Status.FAILED, "ging het mis")],
)
def test_a_late_or_failed_reminders_job_is_a_warning(minutes_ago, status, words):
    job_ran(minutes_ago, status)

    result = health.reminders_go_out()

    assert result.status == "warning"
    assert words in result.message


def test_missed_reminders_are_counted(maak_bijeenkomst, gegevens, settings, django_capture_on_commit_callbacks):
    settings.STEUNPUNT_AGENDA_HERINNERING_UREN = 24
    job_ran(minutes_ago=5)
    soon = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=20))  # reminder was due 4 hours ago
    just_now = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=23, minutes=30))  # due 30 minutes ago
    with django_capture_on_commit_callbacks():
        missed = signed_up(soon, gegevens, days_ago=5)
        signed_up(just_now, gegevens, days_ago=5, email="net@example.org")
        # Signed up inside the window: the confirmation had it all, no reminder due.
        signed_up(soon, gegevens, days_ago=0, email="laat@example.org")

    result = health.reminders_go_out()
    assert result.status == "warning"
    assert result.message.startswith("1 aanmelding kreeg de herinnering niet op tijd")
    assert "example.org" not in result.message

    Aanmelding.objects.filter(pk=missed.pk).update(reminder_sent_at=timezone.now())
    assert health.reminders_go_out().status == "ok"
