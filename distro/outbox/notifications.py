"""The core's own kind of mail (``core.melding``): one-off notices to staff, with stored text.

Scheduled with services.send_notification; registered as a kind of mail by
OutboxConfig.ready() (``register()`` below).
"""

from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from distro.extensions import MailKind, mail_kinds

from .models import Verzending

NOTIFICATION_KIND = "core.melding"
#: Notices with their own text are kept this long.
NOTIFICATION_DAYS = 30


def _describe_notifications(ids):
    return {
        pk: str(_("Melding: %(onderwerp)s") % {"onderwerp": subject})
        for pk, subject in Verzending.objects.filter(kind=NOTIFICATION_KIND, pk__in=ids).values_list("pk", "subject")
    }


def build_notification(verzending):
    # Plain text, as stored: these notices are written by the core, not by visitors.
    return EmailMessage(subject=verzending.subject, body=verzending.body, to=list(verzending.recipients))


def register():
    """Called by OutboxConfig.ready()."""
    mail_kinds.register(
        MailKind(
            NOTIFICATION_KIND,
            build_notification,
            _describe_notifications,
            _("Melding aan het steunpunt"),
            module=__name__,
        )
    )
