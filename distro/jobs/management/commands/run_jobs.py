from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from distro.extensions import periodic_jobs
from distro.jobs.models import JobRun
from distro.jobs.runner import run_due_jobs


class Command(BaseCommand):
    help = _(
        "Voer de achtergrondtaken uit die aan de beurt zijn. Plan dit elke paar minuten in (systemd-timer of cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "jobs", nargs="*", help=_("Alleen deze taken (standaard: alle taken die aan de beurt zijn).")
        )
        parser.add_argument(
            "--force", action="store_true", help=_("Ook uitvoeren als de taak nog niet aan de beurt is.")
        )
        parser.add_argument("--list", action="store_true", help=_("Toon de taken en stop."))

    def handle(self, *args, jobs, force, list, **options):
        known = {job.name: job for job in periodic_jobs.all()}
        if list:
            for job in known.values():
                self.stdout.write(
                    _("%(name)s  elke %(every)s  %(description)s")
                    % {"name": job.name.ljust(30), "every": job.every, "description": job.description}
                )
            return
        unknown = [name for name in jobs if name not in known]
        if unknown:
            raise CommandError(
                _("Onbekende taak: %(unknown)s. Bekende taken: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
            )
        outcomes = run_due_jobs(jobs or None, force=force)
        labels = dict(JobRun.Status.choices)
        for outcome in outcomes:
            first_line = outcome.message.splitlines()[0] if outcome.message else ""
            self.stdout.write(f"{outcome.name}: {str(labels[outcome.status]).lower()} {first_line}".rstrip())
        if not outcomes:
            self.stdout.write(_("Er was geen taak aan de beurt."))
        failed = [o.name for o in outcomes if o.status == JobRun.Status.FAILED]
        if failed:
            # A non-zero exit makes systemd or cron report it to the operator.
            raise CommandError(
                _(
                    "Mislukt: %(failed)s. De foutmelding staat hierboven en in het beheer onder Instellingen > Achtergrondtaken."
                )
                % {"failed": ", ".join(failed)}
            )
