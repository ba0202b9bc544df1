"""``steunpunt sync_informatieset``: fetch the national informatieset and apply it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plugins.informatieset_sync.models import SyncRun
from plugins.informatieset_sync.sync import run_sync


class Command(BaseCommand):
    help = (
        "Fetch the national informatieset feed and apply it to the site: new pages, updates, moves, "
        "and pages that left the feed taken offline. Applies all of it or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", help="URL or path of the feed (default: STEUNPUNT_INFORMATIESET_SOURCE, else the bundled set)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would change, without changing anything.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Apply even if the feed is unchanged (ETag) or older than the revision already applied.",
        )

    def handle(self, *args, **opts):
        self.verbosity = opts["verbosity"]
        self.last_phase = None
        run = run_sync(
            opts["source"],
            force=opts["force"],
            dry_run=opts["dry_run"],
            trigger=SyncRun.Trigger.COMMAND,
            progress=self.progress,
        )
        if run.status == SyncRun.Status.FAILED:
            # CommandError: the exit code is not zero, so cron and install.sh notice.
            raise CommandError(_("Synchroniseren is mislukt: %(error)s") % {"error": run.error})
        if run.status == SyncRun.Status.NOT_MODIFIED:
            self.stdout.write(_("De feed is niet veranderd sinds de vorige keer. Er is niets gedaan."))
            return
        counts = {
            "revision": run.revision,
            "created": run.created,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "unpublished": run.unpublished,
            "republished": run.republished,
            "moved": run.moved,
        }
        summary = (
            _(
                "Revisie %(revision)s: %(created)s nieuw, %(updated)s bijgewerkt, %(unchanged)s ongewijzigd, "
                "%(unpublished)s offline gehaald, %(republished)s weer online, %(moved)s verplaatst."
            )
            % counts
        )
        if run.status == SyncRun.Status.DRY_RUN:
            self.stdout.write(_("Proefrun: er is niets opgeslagen. %(summary)s") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Klaar. %(summary)s") % {"summary": summary}))
        if run.skipped:
            languages = ", ".join(sorted({s["language"] for s in run.skipped}))
            self.stdout.write(
                _("%(count)s pagina's overgeslagen, omdat de site deze talen niet aanbiedt: %(languages)s.")
                % {"count": len(run.skipped), "languages": languages}
            )

    def progress(self, done, total, phase):
        if self.verbosity < 1:
            return
        if total:
            self.stdout.write(f"  {phase}: {done}/{total} items")
        elif phase != self.last_phase:
            self.stdout.write(f"  {phase}")
        self.last_phase = phase
