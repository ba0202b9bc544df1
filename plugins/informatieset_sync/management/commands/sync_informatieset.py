"""``steunpunt sync_informatieset``: fetch the national informatieset and apply it."""

from django.core.management.base import BaseCommand, CommandError

from plugins.informatieset_sync.models import SyncRun
from plugins.informatieset_sync.sync import run_sync


class Command(BaseCommand):
    help = (
        "Fetch the national informatieset feed and apply it to the site: new pages, updates, moves, "
        "and pages that left the feed taken offline. Applies all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="URL or path of the feed (default: STEUNPUNT_INFORMATIESET_SOURCE or the bundled set).")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, without changing anything.")
        parser.add_argument(
            "--force", action="store_true",
            help="Apply even if the feed is unchanged (ETag) or older than the revision already applied.",
        )

    def handle(self, *args, **opts):
        self.last_phase = None
        run = run_sync(opts["source"], force=opts["force"], dry_run=opts["dry_run"], trigger=SyncRun.Trigger.COMMAND, progress=self.progress)
        if run.status == SyncRun.Status.FAILED:
            raise CommandError(f"Synchronisatie mislukt: {run.error}")
        if run.status == SyncRun.Status.NOT_MODIFIED:
            self.stdout.write(f"De feed is niet veranderd sinds de vorige keer (revisie {run.revision}). Niets gedaan.")
            return
        prefix = "Proefrun, niets opgeslagen. Zou geven: " if run.status == SyncRun.Status.DRY_RUN else "Klaar. "
        self.stdout.write(self.style.SUCCESS(
            f"{prefix}Revisie {run.revision}: {run.created} nieuw, {run.updated} bijgewerkt, "
            f"{run.unchanged} ongewijzigd, {run.unpublished} offline gehaald, {run.republished} weer online, "
            f"{run.moved} verplaatst."
        ))
        if run.skipped:
            languages = sorted({s["language"] for s in run.skipped})
            self.stdout.write(
                f"{len(run.skipped)} pagina's overgeslagen: deze site biedt deze talen niet aan: {', '.join(languages)}."
            )

    def progress(self, done, total, phase):
        if self.verbosity < 1:
            return
        if total:
            # One line per step of 25 items keeps logs of cron runs readable.
            self.stdout.write(f"  {phase}: {done}/{total} items")
        elif phase != self.last_phase:
            self.stdout.write(f"  {phase}")
        self.last_phase = phase
