"""The one task that sends e-mail, and the core's own kind of mail (``core.melding``)."""

from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from distro.extensions import mail_kind

from . import services
from .models import Verzending


@task()
def deliver(verzending_id: int) -> bool:
    """Send one delivery. Takes only the row's id, so no personal data ends up in the task queue."""
    return services.send_now(verzending_id)


def _describe_notifications(ids):
    return {
        pk: str(_("Melding: %(onderwerp)s") % {"onderwerp": subject})
        for pk, subject in Verzending.objects.filter(kind=services.NOTIFICATION_KIND, pk__in=ids).values_list(
            "pk", "subject"
        )
    }


@mail_kind(services.NOTIFICATION_KIND, label=_("Melding aan het steunpunt"), describe=_describe_notifications)
def build_notification(verzending):
    # Plain text, as stored: these notices are written by the core, not by visitors.
    return EmailMessage(subject=verzending.subject, body=verzending.body, to=list(verzending.recipients))
