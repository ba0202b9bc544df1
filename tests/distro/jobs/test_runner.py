"""Periodic jobs: `steunpunt run_jobs` runs what is due, once, and reports failures."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from distro.contact.models import Vraag
from distro.extensions import PeriodicJob, RetentionRule, periodic_jobs, retention_rules
from distro.jobs.models import JobRun
from distro.jobs.runner import STALE_AFTER, run_due_jobs


@pytest.fixture
def register(db):
    """Register periodic jobs for one test only."""
    names = []

    def add(name, func, every=timedelta(hours=1), module=__name__):
        periodic_jobs.register(PeriodicJob(name, func, every, "test job", module))
        names.append(name)

    yield add
    for name in names:
        periodic_jobs.unregister(name)


def counting():
    calls = []

    def job():
        calls.append(timezone.now())
        return f"{len(calls)} keer"

    return job, calls


def run_jobs(*args):
    out = StringIO()
    call_command("run_jobs", *args, stdout=out)
    return out.getvalue()


def test_a_due_job_runs_once_and_its_run_is_recorded(register):
    job, calls = counting()
    register("test_tellen", job)

    first = run_due_jobs(["test_tellen"])
    second = run_due_jobs(["test_tellen"])

    assert len(calls) == 1
    assert [(o.name, o.status, o.message) for o in first] == [("test_tellen", "ok", "1 keer")]
    assert second == []
    run = JobRun.objects.get(name="test_tellen")
    assert run.status == JobRun.Status.OK
    assert run.started_at <= run.finished_at


def test_a_job_runs_again_once_its_interval_has_passed(register):
    job, calls = counting()
    register("test_tellen", job, every=timedelta(hours=1))
    run_due_jobs(["test_tellen"])

    JobRun.objects.filter(name="test_tellen").update(started_at=timezone.now() - timedelta(minutes=59))
    run_due_jobs(["test_tellen"])
    assert len(calls) == 1

    JobRun.objects.filter(name="test_tellen").update(started_at=timezone.now() - timedelta(minutes=61))
    run_due_jobs(["test_tellen"])
    assert len(calls) == 2


def test_force_runs_a_job_that_is_not_due(register):
    job, calls = counting()
    register("test_tellen", job)
    run_jobs("test_tellen")

    output = run_jobs("test_tellen")
    assert len(calls) == 1
    assert "Er was geen taak aan de beurt." in output

    output = run_jobs("test_tellen", "--force")
    assert len(calls) == 2
    assert "test_tellen: gelukt" in output


def test_a_failing_job_is_recorded_and_makes_run_jobs_fail(register):
    def broken():
        raise ConnectionError("De landelijke bron is niet bereikbaar")

    ok, ok_calls = counting()
    register("test_kapot", broken)
    register("test_goed", ok)

    with pytest.raises(CommandError) as error:
        run_jobs("test_kapot", "test_goed")

    assert "test_kapot" in str(error.value)
    assert "test_goed" not in str(error.value)
    assert len(ok_calls) == 1  # one failing job does not stop the others
    run = JobRun.objects.get(name="test_kapot")
    assert run.status == JobRun.Status.FAILED
    assert "De landelijke bron is niet bereikbaar" in run.message
    assert run.finished_at is not None


def test_an_unknown_job_name_is_an_error_that_names_it(register):
    register("test_tellen", counting()[0])

    with pytest.raises(CommandError, match="bestaatniet"):
        run_jobs("test_tellen", "bestaatniet")

    assert not JobRun.objects.filter(name="test_tellen").exists()  # nothing ran


def test_list_shows_the_registered_jobs(register):
    register("test_tellen", counting()[0], every=timedelta(minutes=15))

    output = run_jobs("--list")

    assert "test_tellen" in output
    assert "retentie" in output
    assert not JobRun.objects.exists()


def test_a_job_that_is_running_is_not_started_a_second_time(register):
    inner_outcomes = []

    def slow():
        # While this job runs, a second `run_jobs` (cron firing again) starts.
        inner_outcomes.extend(run_due_jobs(["test_traag"], force=True))

    register("test_traag", slow)

    outer = run_due_jobs(["test_traag"])

    assert [o.status for o in outer] == ["ok"]
    assert inner_outcomes == []


def test_a_job_marked_running_by_another_process_is_skipped(register):
    job, calls = counting()
    register("test_tellen", job, every=timedelta(minutes=5))
    JobRun.objects.create(
        name="test_tellen", status=JobRun.Status.RUNNING, started_at=timezone.now() - timedelta(minutes=30)
    )

    assert run_due_jobs(["test_tellen"]) == []
    assert run_due_jobs(["test_tellen"], force=True) == []
    assert calls == []


def test_a_run_that_crashed_long_ago_does_not_block_the_job_forever(register):
    job, calls = counting()
    register("test_tellen", job, every=timedelta(minutes=5))
    JobRun.objects.create(
        name="test_tellen", status=JobRun.Status.RUNNING, started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )

    run_due_jobs(["test_tellen"])

    assert len(calls) == 1
    assert JobRun.objects.get(name="test_tellen").status == JobRun.Status.OK


# --- Retention ---------------------------------------------------------------------


def vraag_of_age(days):
    vraag = Vraag.objects.create(
        role=Vraag.Rol.OUDER, question=f"Vraag van {days} dagen oud", email="ouder@example.org"
    )
    Vraag.objects.filter(pk=vraag.pk).update(created_at=timezone.now() - timedelta(days=days))
    return vraag


@override_settings(STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN=30)
def test_the_retention_job_deletes_questions_past_their_retention_period(db):
    _old, _borderline_old, recent = vraag_of_age(45), vraag_of_age(31), vraag_of_age(29)

    [outcome] = run_due_jobs(["retentie"], force=True)

    assert outcome.status == "ok"
    assert "vragen: 2" in outcome.message
    assert list(Vraag.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_retention_job_uses_each_rules_own_period(db):
    cutoffs = {}
    for name, days in [("test_kort", 7), ("test_lang", 365)]:
        retention_rules.register(
            RetentionRule(
                name,
                "test",
                lambda days=days: days,
                lambda cutoff, name=name: cutoffs.setdefault(name, cutoff) and 0,
                __name__,
            )
        )
    try:
        before = timezone.now()
        run_due_jobs(["retentie"], force=True)
        after = timezone.now()
    finally:
        retention_rules.unregister("test_kort")
        retention_rules.unregister("test_lang")

    assert before - timedelta(days=7) <= cutoffs["test_kort"] <= after - timedelta(days=7)
    assert before - timedelta(days=365) <= cutoffs["test_lang"] <= after - timedelta(days=365)


def test_the_retention_job_skips_rules_of_disabled_plugins(db):
    called = []
    retention_rules.register(
        RetentionRule(
            "test_signalen", "test", lambda: 1, lambda cutoff: called.append(cutoff) or 0, "plugins.signalen.retention"
        )
    )
    try:
        with override_settings(STEUNPUNT_ENABLED_PLUGINS=["agenda"]):
            run_due_jobs(["retentie"], force=True)
    finally:
        retention_rules.unregister("test_signalen")

    assert called == []
