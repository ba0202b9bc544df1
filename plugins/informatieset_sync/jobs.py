"""The periodic sync: `steunpunt run_jobs` fetches the informatieset every interval."""

from datetime import timedelta

from distro.extensions import PeriodicJob, periodic_jobs

from . import conf
from .models import SyncRun
from .sync import run_sync


def sync_informatieset() -> str:
    run = run_sync(trigger=SyncRun.Trigger.JOB)
    if run.status == SyncRun.Status.FAILED:
        # Marks the job as failed in the job overview; the SyncRun has the details.
        raise RuntimeError(f"Informatieset sync failed: {run.error}")
    return (
        f"{run.get_status_display()}: revision {run.revision}, {run.created} new, {run.updated} updated, "
        f"{run.unchanged} unchanged, {run.unpublished} unpublished, {run.republished} republished, {run.moved} moved"
    )


def register():
    """Called by InformatiesetSyncConfig.ready()."""
    periodic_jobs.register(
        PeriodicJob(
            "informatieset-sync",
            sync_informatieset,
            timedelta(minutes=conf.interval_minutes()),
            "Fetch the national informatieset and apply it (STEUNPUNT_INFORMATIESET_INTERVAL_MINUTES)",
            __name__,
        )
    )
