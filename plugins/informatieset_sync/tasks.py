"""Background work started from the admin: a sync, and the change notice mail.

Both take ids only, so task arguments stay small and JSON-serialisable.
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_admin_sync(user_id: int | None = None) -> int:
    """The "Nu synchroniseren" button; returns the id of the SyncRun."""
    from django.contrib.auth import get_user_model

    from .models import SyncRun
    from .sync import run_sync

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    run = run_sync(trigger=SyncRun.Trigger.ADMIN, user=user)
    return run.pk


@task()
def send_change_notice_mail(notice_ids: list[int]) -> int:
    """Tell Redacteuren and Beheerders which national pages changed; returns the number of mails sent."""
    from .notices import send_change_notice_mail_now

    return send_change_notice_mail_now(notice_ids)
