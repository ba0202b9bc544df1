"""The question's e-mail to the steunpunt mailbox, delivered by the core outbox (distro.outbox).

The outbox row holds only the question's id; the message is built here at
send time, so it always goes to the mailbox as it is set *then*
(``SteunpuntSettings.mailbox``, which only Steunpunt members may change).
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from distro.core.models import SteunpuntSettings
from distro.extensions import MailKind, mail_kinds
from distro.outbox import Lapsed, NoMailbox, services

from .vraag import Vraag

KIND = "contact.vraag"


def schedule_vraag_mail(vraag_id: int) -> None:
    """Call inside the transaction that stores the question (see distro.outbox.services.schedule)."""
    services.schedule(KIND, vraag_id)


def describe(ids):
    return {
        pk: str(_("Vraag %(id)s") % {"id": pk}) for pk in Vraag.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }


def build_vraag_mail(verzending):
    """Forward a question to the steunpunt mailbox."""
    vraag = Vraag.objects.select_related("site").filter(pk=verzending.object_id).first()
    if vraag is None:
        raise Lapsed
    site_settings = SteunpuntSettings.for_site(vraag.site) if vraag.site else None
    mailbox = site_settings.mailbox if site_settings else ""
    if not mailbox:
        raise NoMailbox
    with translation.override("nl"):
        context = {"vraag": vraag, "settings": site_settings}
        # Plain text only: the question is shown exactly as typed, and no
        # HTML from a visitor is ever rendered in a mail client.
        return EmailMessage(
            subject=" ".join(render_to_string("contact/vraag_email_subject.txt", context).split()),
            body=render_to_string("contact/vraag_email.txt", context),
            to=[mailbox],
            reply_to=[vraag.email] if vraag.email else None,
        )


def register():
    """Called by ContactConfig.ready()."""
    mail_kinds.register(MailKind(KIND, build_vraag_mail, describe, _("Vraag aan het steunpunt"), module=__name__))
