"""Running the health checks of the core and the enabled plugins (``distro.extensions.health_checks``).

Three ways in, all built on :func:`run_checks`: the endpoint ``/gezond`` for
monitoring, the command ``steunpunt gezondheid``, and ``steunpunt check``
(the system check below). A check that raises counts as an error: one broken
plugin check must never take the endpoint or the command down with it.
"""

from __future__ import annotations

import contextlib
import contextvars
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from distro.extensions import HealthCheck, HealthResult, health_checks
from distro.jobs.models import JobRun

logger = logging.getLogger(__name__)

STATUSES = (HealthResult.OK, HealthResult.WARNING, HealthResult.ERROR)
_SEVERITY = {status: rank for rank, status in enumerate(STATUSES)}


@dataclass
class Outcome:
    check: HealthCheck
    result: HealthResult

    def as_dict(self, with_message=True) -> dict:
        row = {"name": self.check.name, "status": self.result.status}
        if with_message:
            row["message"] = self.result.message
        return row


def run_check(check: HealthCheck) -> HealthResult:
    try:
        result = check.check()
    except Exception:
        # The exception text may hold a database address or personal data: log, don't show.
        logger.exception("Health check %s raised", check.name)
        return HealthResult.error(_("De controle zelf ging mis; de details staan in het log van de site."))
    if not isinstance(result, HealthResult) or result.status not in STATUSES:
        logger.error("Health check %s returned %r instead of a HealthResult", check.name, result)
        return HealthResult.error(_("De controle gaf geen geldig antwoord; de details staan in het log van de site."))
    return result


def run_checks() -> list[Outcome]:
    """Every check of the core and the enabled plugins, by name."""
    return [Outcome(check, run_check(check)) for check in health_checks.all()]


def overall(outcomes: list[Outcome]) -> str:
    """The worst status among ``outcomes`` ("ok" if there are none)."""
    return max((o.result.status for o in outcomes), key=_SEVERITY.__getitem__, default=HealthResult.OK)


# --- Helpers for checks ------------------------------------------------------------


def job_is_running(name: str, every: timedelta, label) -> HealthResult:
    """Whether the periodic job ``name`` ran lately: for checks like "the reminders go out".

    Late means no start for twice its interval plus an hour (the runner itself
    starts every 5 minutes); a failed last run is a warning too.
    """
    run = JobRun.objects.filter(name=name).first()
    if run is None or run.started_at is None:
        return HealthResult.warning(
            _("%(label)s: de taak heeft nog nooit gedraaid. Draait 'steunpunt run_jobs' (de timer)?") % {"label": label}
        )
    if timezone.now() - run.started_at > every * 2 + timedelta(hours=1):
        return HealthResult.warning(
            _("%(label)s: de taak draaide het laatst op %(when)s. Draait 'steunpunt run_jobs' (de timer)?")
            % {"label": label, "when": _when(run.started_at)}
        )
    if run.status == JobRun.Status.FAILED:
        return HealthResult.warning(
            _("%(label)s: de laatste keer ging het mis (%(when)s). Zie 'steunpunt run_jobs --list' en het log.")
            % {"label": label, "when": _when(run.started_at)}
        )
    return HealthResult.ok(
        _("%(label)s: de taak draaide op %(when)s.") % {"label": label, "when": _when(run.started_at)}
    )


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


# --- steunpunt check -------------------------------------------------------------

_in_check_command = contextvars.ContextVar("in_check_command", default=False)


@contextlib.contextmanager
def for_check_command():
    """Set by ``steunpunt check``: only there do health checks become system checks.

    Every other command runs the system checks first and stops on an error;
    ``run_jobs`` or ``migrate`` refusing to run because a mail failed would
    keep an operator from fixing it.
    """
    token = _in_check_command.set(True)
    try:
        yield
    finally:
        _in_check_command.reset(token)


def _database_is_migrated() -> bool:
    try:
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return True  # unreachable: run the checks, the database check says so


def system_check(app_configs=None, **kwargs):
    """Health check errors as system check errors, warnings as warnings (id steunpunt.E100 / W100)."""
    # Before 'migrate' the tables the checks read are missing; Django reports that itself.
    if not _in_check_command.get() or not _database_is_migrated():
        return []
    messages = []
    for outcome in run_checks():
        text = f"{outcome.check.name}: {outcome.result.message}"
        if outcome.result.status == HealthResult.ERROR:
            messages.append(checks.Error(text, id="steunpunt.E100"))
        elif outcome.result.status == HealthResult.WARNING:
            messages.append(checks.Warning(text, id="steunpunt.W100"))
    return messages


# --- /gezond --------------------------------------------------------------------


def _has_token(request) -> bool | None:
    """True for the right token, False for a wrong one, None when none is sent."""
    sent = request.headers.get("Authorization", "")
    if not sent:
        return None
    expected = getattr(settings, "STEUNPUNT_GEZOND_TOKEN", "")
    scheme, _space, value = sent.partition(" ")
    return bool(expected) and scheme.lower() == "bearer" and hmac.compare_digest(value.strip(), expected)


@require_safe
@never_cache
def gezond(request):
    """The site's health for monitoring: 200 unless a check has an error (then 503).

    Everyone sees the names and statuses; the messages only with the token
    (``Authorization: Bearer <STEUNPUNT_GEZOND_TOKEN>``), because they say
    more about the site than a stranger needs to know.
    """
    authorised = _has_token(request)
    if authorised is False:
        return JsonResponse({"error": _("Het token klopt niet.")}, status=403)
    outcomes = run_checks()
    status = overall(outcomes)
    body = {"status": status, "checks": [o.as_dict(with_message=bool(authorised)) for o in outcomes]}
    return JsonResponse(body, status=503 if status == HealthResult.ERROR else 200)
