from datetime import timedelta

from django.conf import settings

from distro.extensions import periodic_job

from . import service

if settings.STEUNPUNT_BACKUP_INTERVAL_HOURS > 0:

    @periodic_job(
        "backup",
        every=timedelta(hours=settings.STEUNPUNT_BACKUP_INTERVAL_HOURS),
        description="Back up the database and uploads (steunpunt backup)",
    )
    def scheduled_backup() -> str:
        result = service.backup()
        return f"{result.path.name}: {result.media_files} media files, {len(result.removed)} old backups removed"
