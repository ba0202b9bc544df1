"""The question's e-mails, delivered by the core outbox (distro.outbox).

* ``contact.vraag``: to the steunpunt mailbox. By default it holds only a link
  to the question in the admin, so the question and the asker's details do not
  travel by mail; ``STEUNPUNT_VRAAG_MAIL_MET_INHOUD`` puts them in.
* ``contact.bevestiging``: to the person who asked, when they gave an e-mail
  address and ticked the box: the question arrived, without its text.

The outbox rows hold only the question's id; the messages are built here at
send time, so the steunpunt's mail always goes to the mailbox as it is set
*then* (``SteunpuntSettings.mailbox``, which only Steunpunt members may change).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from distro.core.models import SteunpuntSettings
from distro.extensions import MailKind, mail_kinds
from distro.outbox import Lapsed, NoMailbox, services

from .times import stamp
from .vraag import Vraag

KIND = "contact.vraag"
CONFIRMATION_KIND = "contact.bevestiging"


def schedule_vraag_mail(vraag_id: int, confirm_to_asker: bool = False) -> None:
    """Call inside the transaction that stores the question (see distro.outbox.services.schedule)."""
    services.schedule(KIND, vraag_id)
    if confirm_to_asker:
        services.schedule(CONFIRMATION_KIND, vraag_id)


def describe(ids):
    return {
        pk: str(_("Vraag %(id)s") % {"id": pk}) for pk in Vraag.objects.filter(pk__in=ids).values_list("pk", flat=True)
    }


def detail_url(vraag) -> str:
    """The question's detail view in the admin, as an absolute address (WAGTAILADMIN_BASE_URL)."""
    path = reverse("wagtailsnippets_contact_vraag:inspect", args=[vraag.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _subject(template, context) -> str:
    return " ".join(render_to_string(template, context).split())


def build_vraag_mail(verzending):
    """Tell the steunpunt mailbox that a question came in."""
    vraag = Vraag.objects.select_related("site").filter(pk=verzending.object_id).first()
    if vraag is None:
        raise Lapsed
    site_settings = SteunpuntSettings.for_site(vraag.site) if vraag.site else None
    mailbox = site_settings.mailbox if site_settings else ""
    if not mailbox:
        raise NoMailbox
    with_content = settings.STEUNPUNT_VRAAG_MAIL_MET_INHOUD
    with translation.override("nl"):
        context = {
            "vraag": vraag,
            "settings": site_settings,
            "with_content": with_content,
            "url": detail_url(vraag),
            "received": stamp(vraag.created_at),
        }
        # Plain text only: the question is shown exactly as typed, and no
        # HTML from a visitor is ever rendered in a mail client.
        return EmailMessage(
            subject=_subject("contact/vraag_email_subject.txt", context),
            body=render_to_string("contact/vraag_email.txt", context),
            to=[mailbox],
            # The asker's address is personal data too: only in the mail when the operator wants it.
            reply_to=[vraag.email] if with_content and vraag.email else None,
        )


def build_confirmation_mail(verzending):
    """Tell the person who asked that the question arrived (in the language of the form, without its text)."""
    vraag = Vraag.objects.select_related("site").filter(pk=verzending.object_id).first()
    if vraag is None or not vraag.email:
        raise Lapsed
    site_settings = SteunpuntSettings.for_site(vraag.site) if vraag.site else None
    with translation.override(vraag.language or "nl"):
        context = {"vraag": vraag, "settings": site_settings, "received": stamp(vraag.created_at)}
        return EmailMessage(
            subject=_subject("contact/bevestiging_email_subject.txt", context),
            body=render_to_string("contact/bevestiging_email.txt", context),
            to=[vraag.email],
            reply_to=[site_settings.email] if site_settings and site_settings.email else None,
        )


def register():
    """Called by ContactConfig.ready()."""
    mail_kinds.register(MailKind(KIND, build_vraag_mail, describe, _("Vraag aan het steunpunt"), module=__name__))
    mail_kinds.register(
        MailKind(CONFIRMATION_KIND, build_confirmation_mail, describe, _("Bevestiging aan de vrager"), module=__name__)
    )
