"""The periodic sync: `steunpunt run_jobs` fetches the informatieset every interval."""

from datetime import timedelta

from distro.extensions import periodic_job

from . import conf
from .models import SyncRun
from .sync import run_sync


@periodic_job(
    "informatieset-sync",
    every=timedelta(minutes=conf.interval_minutes()),
    description="Fetch the national informatieset and apply it (STEUNPUNT_INFORMATIESET_INTERVAL_MINUTES)",
)
def sync_informatieset() -> str:
    run = run_sync(trigger=SyncRun.Trigger.JOB)
    if run.status == SyncRun.Status.FAILED:
        # Marks the job as failed in the job overview; the SyncRun has the details.
        raise RuntimeError(f"Informatieset sync failed: {run.error}")
    return (
        f"{run.get_status_display()}: revision {run.revision}, {run.created} new, {run.updated} updated, "
        f"{run.unchanged} unchanged, {run.unpublished} unpublished, {run.republished} republished, {run.moved} moved"
    )
