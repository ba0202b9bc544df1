"""The core's health checks: the database, the e-mail outbox, the periodic jobs and the media bucket.

Registered by CoreConfig.ready() (:func:`register`); run by distro/health.py.
Messages are counts and job names only: never an address, a name or an error
text a provider sent (those can hold personal data).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distro.extensions import HealthCheck, HealthResult, health_checks, periodic_jobs
from distro.jobs.models import JobRun
from distro.jobs.runner import STALE_AFTER
from distro.outbox import services
from distro.outbox.models import Verzending

logger = logging.getLogger(__name__)

#: Failed e-mail younger than this counts; older failures staff have seen (or not) in the outbox screen.
FAILED_MAIL_WINDOW = timedelta(days=7)
#: A waiting e-mail this long past its time means nothing picks the outbox up.
OVERDUE_MAIL_AFTER = timedelta(hours=1)
#: No job at all for this long: the timer (steunpunt-jobs.timer or cron) is not running,
#: so personal data is not removed on time either. An error, not a warning.
JOBS_DEAD_AFTER = timedelta(hours=24)


def database() -> HealthResult:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HealthResult.error(_("De database is niet bereikbaar. Zie het log van de site."))
    return HealthResult.ok(_("De database is bereikbaar."))


def outbox() -> HealthResult:
    now = timezone.now()
    failed = Verzending.objects.filter(
        status=Verzending.Status.MISLUKT,
        attempts__gte=services.MAX_ATTEMPTS,
        created_at__gte=now - FAILED_MAIL_WINDOW,
    ).count()
    overdue = Verzending.objects.filter(
        status=Verzending.Status.WACHT, next_attempt_at__lt=now - OVERDUE_MAIL_AFTER
    ).count()
    no_mailbox = Verzending.objects.filter(status=Verzending.Status.GEEN_MAILBOX).count()
    problems = []
    if failed:
        problems.append(
            ngettext(
                "%(count)s e-mail kon de afgelopen week niet worden verstuurd.",
                "%(count)s e-mails konden de afgelopen week niet worden verstuurd.",
                failed,
            )
            % {"count": failed}
        )
    if overdue:
        problems.append(
            ngettext(
                "%(count)s e-mail wacht al meer dan een uur; draaien de worker en de vaste taken?",
                "%(count)s e-mails wachten al meer dan een uur; draaien de worker en de vaste taken?",
                overdue,
            )
            % {"count": overdue}
        )
    if no_mailbox:
        problems.append(
            ngettext(
                "%(count)s e-mail wacht omdat er geen mailbox is ingesteld (Instellingen > Steunpunt).",
                "%(count)s e-mails wachten omdat er geen mailbox is ingesteld (Instellingen > Steunpunt).",
                no_mailbox,
            )
            % {"count": no_mailbox}
        )
    if problems:
        return HealthResult.warning(" ".join(problems + [_("Zie E-mail in het beheer.")]))
    return HealthResult.ok(_("Geen mislukte of vastgelopen e-mail."))


def jobs() -> HealthResult:
    now = timezone.now()
    registered = periodic_jobs.all()
    runs = {run.name: run for run in JobRun.objects.filter(name__in=[job.name for job in registered])}
    started = [run.started_at for run in runs.values() if run.started_at]
    if not started:
        return HealthResult.warning(
            _("De vaste taken hebben nog nooit gedraaid. Zet de timer aan (steunpunt-jobs.timer) of cron.")
        )
    if now - max(started) > JOBS_DEAD_AFTER:
        return HealthResult.error(
            _(
                "De vaste taken hebben sinds %(when)s niet gedraaid, dus ook oude persoonsgegevens worden niet "
                "verwijderd. Controleer de timer (steunpunt-jobs.timer) of cron."
            )
            % {"when": timezone.localtime(max(started)).strftime("%d-%m-%Y %H:%M")}
        )
    late, failed, stuck = [], [], []
    for job in registered:
        run = runs.get(job.name)
        if run is None or run.started_at is None or now - run.started_at > job.every * 2 + timedelta(hours=1):
            late.append(job.name)
        elif run.status == JobRun.Status.RUNNING and now - run.started_at > STALE_AFTER:
            stuck.append(job.name)
        elif run.status == JobRun.Status.FAILED:
            failed.append(job.name)
    problems = []
    if failed:
        problems.append(_("Mislukt bij de laatste keer: %(jobs)s.") % {"jobs": ", ".join(failed)})
    if stuck:
        problems.append(_("Al lang bezig (vastgelopen?): %(jobs)s.") % {"jobs": ", ".join(stuck)})
    if late:
        problems.append(_("Niet op tijd gedraaid: %(jobs)s.") % {"jobs": ", ".join(late)})
    if problems:
        return HealthResult.warning(" ".join(problems + [_("Zie 'steunpunt run_jobs --list' en het log.")]))
    return HealthResult.ok(
        ngettext("%(count)s vaste taak draait op tijd.", "%(count)s vaste taken draaien op tijd.", len(registered))
        % {"count": len(registered)}
    )


def media_bucket() -> HealthResult:
    bucket = settings.STEUNPUNT_MEDIA_S3_BUCKET
    try:
        default_storage.connection.meta.client.head_bucket(Bucket=bucket)
    except Exception:
        logger.exception("The media bucket %s cannot be reached", bucket)
        return HealthResult.error(
            _("De bucket voor uploads (%(bucket)s) is niet bereikbaar. Zie het log van de site.") % {"bucket": bucket}
        )
    return HealthResult.ok(_("De bucket voor uploads (%(bucket)s) is bereikbaar.") % {"bucket": bucket})


def register():
    checks = [
        ("kern.database", database, gettext_lazy("Kan de site de database bereiken?")),
        ("kern.e-mail", outbox, gettext_lazy("Mislukte of vastgelopen e-mail in de outbox.")),
        ("kern.taken", jobs, gettext_lazy("Draaien de vaste taken (steunpunt run_jobs) op tijd?")),
    ]
    if settings.STEUNPUNT_MEDIA_S3_BUCKET:
        checks.append(("kern.uploads", media_bucket, gettext_lazy("Kan de site de bucket voor uploads bereiken?")))
    for name, check, description in checks:
        health_checks.register(HealthCheck(name, check, description, module=__name__))
