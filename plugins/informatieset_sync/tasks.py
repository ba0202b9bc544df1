"""Background work started from the admin: a sync, and the change notice mail.

Both take ids only, so task arguments stay small and JSON-serialisable. The
mail task is defined in notices.py, next to the code it runs.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from .models import SyncRun
from .notices import send_change_notice_mail  # noqa: F401 - tasks queued before it moved find it here
from .sync import run_sync


@task()
def run_admin_sync(user_id: int | None = None) -> int:
    """The "Nu synchroniseren" button; returns the id of the SyncRun."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    run = run_sync(trigger=SyncRun.Trigger.ADMIN, user=user)
    return run.pk
