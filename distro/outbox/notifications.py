"""The core's own kind of mail (``core.melding``): one-off notices to staff, with stored text.

Scheduled with services.send_notification; registered as a kind of mail when
this module is imported (services.py imports it).
"""

from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

from distro.extensions import mail_kind

from .models import Verzending

NOTIFICATION_KIND = "core.melding"
#: Notices with their own text are kept this long.
NOTIFICATION_DAYS = 30


def _describe_notifications(ids):
    return {
        pk: str(_("Melding: %(onderwerp)s") % {"onderwerp": subject})
        for pk, subject in Verzending.objects.filter(kind=NOTIFICATION_KIND, pk__in=ids).values_list("pk", "subject")
    }


@mail_kind(NOTIFICATION_KIND, label=_("Melding aan het steunpunt"), describe=_describe_notifications)
def build_notification(verzending):
    # Plain text, as stored: these notices are written by the core, not by visitors.
    return EmailMessage(subject=verzending.subject, body=verzending.body, to=list(verzending.recipients))
