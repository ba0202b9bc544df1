"""The one task that sends e-mail.

Its path (``distro.outbox.tasks.deliver``) is stored in queued task rows: keep it.
"""

from django_tasks import task

from .sending import send_now


@task()
def deliver(verzending_id: int) -> bool:
    """Send one delivery. Takes only the row's id, so no personal data ends up in the task queue."""
    return send_now(verzending_id)
