"""Health checks: the registry, the core's checks, /gezond, `steunpunt gezondheid` and `steunpunt check`."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.utils import timezone

from distro import health
from distro.core import health as core_health
from distro.extensions import HealthCheck, HealthResult, health_checks, periodic_jobs
from distro.jobs.models import JobRun
from distro.outbox import services
from distro.outbox.models import Verzending

pytestmark = pytest.mark.django_db

ALL_PLUGINS = ["agenda", "evaluatie", "informatieset_sync", "signalen"]


@pytest.fixture
def extra_check():
    """Register a check of the core for one test: ``extra_check(result_or_exception)``."""
    added = []

    def add(outcome, name="test.extra"):
        def check():
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

        health_checks.register(HealthCheck(name, check, "Een controle van de test", module=__name__))
        added.append(name)

    yield add
    for name in added:
        health_checks.unregister(name)


@pytest.fixture
def all_jobs_ran():
    """Every registered job ran a minute ago and went well: the jobs check is quiet."""
    now = timezone.now() - timedelta(minutes=1)
    for job in periodic_jobs.all():
        JobRun.objects.update_or_create(
            name=job.name, defaults={"started_at": now, "finished_at": now, "status": JobRun.Status.OK}
        )


def results():
    return {o.check.name: o.result for o in health.run_checks()}


# --- The registry and the runner ---------------------------------------------------


def test_results_are_made_with_their_status():
    assert HealthResult.ok("goed") == HealthResult("ok", "goed")
    assert HealthResult.warning("let op").status == "warning"
    assert HealthResult.error("kapot").status == "error"


def test_the_core_and_the_enabled_plugins_contribute_checks():
    names = [check.name for check in health_checks.all()]

    assert {"kern.database", "kern.e-mail", "kern.taken"} <= set(names)
    assert "agenda.herinneringen" in names
    assert "informatieset_sync.synchronisatie" in names
    assert names == sorted(names)


def test_a_disabled_plugin_contributes_no_check():
    with override_settings(STEUNPUNT_ENABLED_PLUGINS=["signalen"]):
        names = [check.name for check in health_checks.all()]

    assert "agenda.herinneringen" not in names
    assert "informatieset_sync.synchronisatie" not in names
    assert "kern.database" in names


def test_a_check_that_raises_is_an_error_without_the_exception_text(extra_check, caplog):
    extra_check(RuntimeError("postgres://geheim@db/steunpunt"))

    result = results()["test.extra"]

    assert result.status == "error"
    assert "geheim" not in result.message
    assert "log" in result.message
    assert "test.extra" in caplog.text  # the details are in the log for the operator


def test_a_check_that_returns_nonsense_is_an_error(extra_check):
    extra_check("alles goed", name="test.onzin")

    assert results()["test.onzin"].status == "error"


def test_the_overall_status_is_the_worst_one(extra_check):
    assert health.overall([]) == "ok"
    extra_check(HealthResult.warning("let op"), name="test.a")
    assert health.overall(health.run_checks()) in ("warning", "error")
    extra_check(HealthResult.error("kapot"), name="test.b")
    assert health.overall(health.run_checks()) == "error"


# --- The core's checks ----------------------------------------------------------------


def test_the_database_check_says_it_is_reachable():
    assert core_health.database() == HealthResult.ok("De database is bereikbaar.")


def test_failed_and_overdue_mail_is_counted_without_addresses():
    now = timezone.now()
    assert core_health.outbox().status == "ok"
    Verzending.objects.create(
        kind="core.melding",
        status=Verzending.Status.MISLUKT,
        attempts=services.MAX_ATTEMPTS,
        error="550 fatima@example.org bestaat niet",
    )
    Verzending.objects.create(
        kind="core.melding", status=Verzending.Status.WACHT, next_attempt_at=now - timedelta(hours=2)
    )
    # Failed, but the retry job will try again: not yet a problem.
    Verzending.objects.create(kind="core.melding", status=Verzending.Status.MISLUKT, attempts=1)

    result = core_health.outbox()

    assert result.status == "warning"
    assert "1 e-mail kon de afgelopen week niet worden verstuurd" in result.message
    assert "1 e-mail wacht al meer dan een uur" in result.message
    assert "example.org" not in result.message


def test_old_failures_no_longer_count():
    Verzending.objects.create(
        kind="core.melding",
        status=Verzending.Status.MISLUKT,
        attempts=services.MAX_ATTEMPTS,
        created_at=timezone.now() - timedelta(days=8),
    )

    assert core_health.outbox().status == "ok"


def test_jobs_that_never_ran_are_a_warning():
    result = core_health.jobs()

    assert result.status == "warning"
    assert "nog nooit" in result.message


def test_jobs_are_ok_when_all_ran_on_time(all_jobs_ran):
    assert core_health.jobs().status == "ok"


def test_a_failed_or_late_job_is_named(all_jobs_ran):
    JobRun.objects.filter(name="retentie").update(status=JobRun.Status.FAILED)
    JobRun.objects.filter(name="e-mail_opnieuw").update(started_at=timezone.now() - timedelta(hours=3))

    result = core_health.jobs()

    assert result.status == "warning"
    assert "Mislukt bij de laatste keer: retentie." in result.message
    assert "Niet op tijd gedraaid: e-mail_opnieuw." in result.message


def test_no_job_for_a_day_is_an_error_because_personal_data_stays(all_jobs_ran):
    JobRun.objects.update(started_at=timezone.now() - timedelta(hours=25))

    result = core_health.jobs()

    assert result.status == "error"
    assert "persoonsgegevens" in result.message


# --- /gezond ------------------------------------------------------------------------------


def test_gezond_gives_names_and_statuses_to_anyone(client, all_jobs_ran):
    response = client.get("/gezond")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF or language cookie
    body = response.json()
    assert body["status"] in ("ok", "warning")
    checks = {row["name"]: row for row in body["checks"]}
    assert checks["kern.database"] == {"name": "kern.database", "status": "ok"}  # no message for strangers
    assert "agenda.herinneringen" in checks


@override_settings(STEUNPUNT_GEZOND_TOKEN="monitor-token-123")
def test_gezond_gives_the_messages_with_the_token(client):
    response = client.get("/gezond", headers={"Authorization": "Bearer monitor-token-123"})

    assert response.status_code == 200
    checks = {row["name"]: row for row in response.json()["checks"]}
    assert checks["kern.database"]["message"] == "De database is bereikbaar."


@pytest.mark.parametrize("token", ["", "monitor-token-123"])
def test_gezond_refuses_a_wrong_token(client, settings, token):
    settings.STEUNPUNT_GEZOND_TOKEN = token  # also: no token configured means no token is right

    response = client.get("/gezond", headers={"Authorization": "Bearer fout"})

    assert response.status_code == 403
    assert "checks" not in response.json()


def test_gezond_is_503_when_a_check_has_an_error(client, extra_check):
    extra_check(HealthResult.error("Kapot"), name="test.kapot")

    response = client.get("/gezond")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert {"name": "test.kapot", "status": "error"} in body["checks"]


def test_a_crashing_check_does_not_crash_gezond(client, extra_check):
    extra_check(ZeroDivisionError("oeps"), name="test.crash")

    response = client.get("/gezond")

    assert response.status_code == 503
    assert {"name": "test.crash", "status": "error"} in response.json()["checks"]


def test_gezond_leaves_out_disabled_plugins(client):
    with override_settings(STEUNPUNT_ENABLED_PLUGINS=["signalen"]):
        names = [row["name"] for row in client.get("/gezond").json()["checks"]]

    assert "agenda.herinneringen" not in names
    assert "kern.database" in names


def test_gezond_only_answers_get_and_head(client):
    assert client.post("/gezond").status_code == 405
    assert client.head("/gezond").status_code in (200, 503)


# --- steunpunt gezondheid and steunpunt check -------------------------------------------------


def test_gezondheid_prints_each_check_and_exits_0_on_warnings(extra_check):
    extra_check(HealthResult.warning("Let op: iets"), name="test.let_op")
    out = StringIO()

    call_command("gezondheid", stdout=out)

    lines = {line.split()[1]: line for line in out.getvalue().splitlines() if len(line.split()) > 1}
    assert lines["test.let_op"].startswith("waarschuwing")
    assert lines["test.let_op"].endswith("Let op: iets")
    assert lines["kern.database"].startswith("ok")


def test_gezondheid_exits_1_on_an_error_and_has_json(extra_check):
    extra_check(HealthResult.error("Kapot"), name="test.kapot")
    out = StringIO()

    with pytest.raises(SystemExit) as exit_:
        call_command("gezondheid", "--json", stdout=out)

    assert exit_.value.code == 1
    body = json.loads(out.getvalue())
    assert body["status"] == "error"
    assert {"name": "test.kapot", "status": "error", "message": "Kapot"} in body["checks"]


def test_steunpunt_check_turns_errors_into_check_errors(extra_check):
    extra_check(HealthResult.error("Kapot"), name="test.kapot")

    with pytest.raises(SystemCheckError) as error:
        call_command("check", stdout=StringIO(), stderr=StringIO())

    assert "steunpunt.E100" in str(error.value)
    assert "test.kapot: Kapot" in str(error.value)


def test_steunpunt_check_shows_warnings(extra_check):
    extra_check(HealthResult.warning("Let op"), name="test.let_op")
    err = StringIO()

    call_command("check", stdout=StringIO(), stderr=err)

    assert "steunpunt.W100" in err.getvalue()
    assert "test.let_op: Let op" in err.getvalue()


def test_other_commands_do_not_stop_on_a_health_error(extra_check):
    # run_jobs refusing to run because a check fails would keep the operator from fixing it.
    extra_check(HealthResult.error("Kapot"), name="test.kapot")

    call_command("run_jobs", "--list", stdout=StringIO())
