from django.core.management.base import BaseCommand, CommandError

from distro.extensions import periodic_jobs
from distro.jobs.runner import run_due_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (schedule this every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("jobs", nargs="*", help="Only these jobs (default: all that are due).")
        parser.add_argument("--force", action="store_true", help="Run even if the job is not due yet.")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and stop.")

    def handle(self, *args, jobs, force, list, **options):
        known = {job.name: job for job in periodic_jobs.all()}
        if list:
            for job in known.values():
                self.stdout.write(f"{job.name:<30} every {job.every}  {job.description}")
            return
        unknown = [name for name in jobs if name not in known]
        if unknown:
            raise CommandError(f"Unknown job(s): {', '.join(unknown)}. Known: {', '.join(known)}.")
        outcomes = run_due_jobs(jobs or None, force=force)
        failed = [o for o in outcomes if o.status == "failed"]
        for outcome in outcomes:
            self.stdout.write(f"{outcome.name}: {outcome.status} {outcome.message.splitlines()[0] if outcome.message else ''}")
        if not outcomes:
            self.stdout.write("No job was due.")
        if failed:
            raise CommandError(f"{len(failed)} job(s) failed: {', '.join(o.name for o in failed)}.")
