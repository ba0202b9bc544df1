"""The site's own backup and restore, with the settings filled in (used by the commands and the job)."""

from django.conf import settings
from django.db import connections

from . import archive


def media_root():
    """The uploads folder, or None when the uploads are in a bucket (which keeps its own versions)."""
    return None if settings.STEUNPUNT_MEDIA_S3_BUCKET else settings.MEDIA_ROOT


def backup(key_file=None, keep=None):
    return archive.create_backup(
        settings.STEUNPUNT_BACKUP_DIR,
        connections["default"].settings_dict,
        media_root(),
        key_file=settings.STEUNPUNT_BACKUP_KEY_FILE if key_file is None else key_file,
        keep=settings.STEUNPUNT_BACKUP_KEEP if keep is None else keep,
    )


def restore(path, key_file=None, force=False):
    db = connections["default"].settings_dict
    # The restore writes the database through its own connection.
    connections.close_all()
    return archive.restore_backup(
        path,
        db,
        media_root(),
        key_file=settings.STEUNPUNT_BACKUP_KEY_FILE if key_file is None else key_file,
        force=force,
    )
