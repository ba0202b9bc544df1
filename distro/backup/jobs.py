from datetime import timedelta

from django.conf import settings

from distro.extensions import PeriodicJob, periodic_jobs

from . import service


def scheduled_backup() -> str:
    result = service.backup()
    media = (
        "uploads in the bucket, not included" if service.media_root() is None else f"{result.media_files} media files"
    )
    return f"{result.path.name}: {media}, {len(result.removed)} old backups removed"


def register():
    """Called by BackupConfig.ready(); STEUNPUNT_BACKUP_INTERVAL_HOURS=0 leaves the job out."""
    if settings.STEUNPUNT_BACKUP_INTERVAL_HOURS > 0:
        periodic_jobs.register(
            PeriodicJob(
                "backup",
                scheduled_backup,
                timedelta(hours=settings.STEUNPUNT_BACKUP_INTERVAL_HOURS),
                "Back up the database and uploads (steunpunt backup)",
                __name__,
            )
        )
