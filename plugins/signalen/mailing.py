"""The quarterly report by e-mail to the board, through the core outbox, with the PDF attached.

The delivery row holds only the report's number: addresses are read when the
mail is built (``STEUNPUNT_SIGNALEN_BESTUUR_EMAILS``, or the Bestuur group's
members), so a board member who left gets nothing. The PDF is made from the
stored report, so it is the report the board can also read in the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distro.extensions import MailKind, mail_kinds
from distro.outbox import Lapsed
from distro.roles import BESTUUR

from .registraties import Rapport

KIND = "signalen.rapport"


def board_addresses() -> list[str]:
    configured = [a for a in getattr(settings, "STEUNPUNT_SIGNALEN_BESTUUR_EMAILS", []) if a]
    if configured:
        return sorted(set(configured))
    members = get_user_model().objects.filter(groups__name=BESTUUR, is_active=True).exclude(email="")
    return sorted(set(members.values_list("email", flat=True)))


def build(verzending) -> EmailMessage:
    from .pdf import render_pdf  # WeasyPrint is loaded only when a mail is really built

    rapport = Rapport.objects.filter(pk=verzending.object_id).first()
    recipients = board_addresses()
    if rapport is None or not recipients:
        raise Lapsed
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "rapport": rapport,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("signalen_rapporten:detail", args=[rapport.pk]),
        }
        # Each board member gets the same mail without seeing the others' addresses.
        message = EmailMessage(
            subject=_("%(titel)s van het steunpunt") % {"titel": rapport.titel},
            body=render_to_string("signalen/mail/rapport.txt", context),
            bcc=recipients,
        )
        message.attach(f"{rapport.titel}.pdf", render_pdf(rapport), "application/pdf")
    message.track_clicks = False
    message.track_opens = False
    return message


def describe(ids) -> dict[int, str]:
    return {pk: str(titel) for pk, titel in Rapport.objects.filter(pk__in=ids).values_list("pk", "titel")}


def register():
    mail_kinds.register(MailKind(KIND, build, describe, gettext_lazy("Verslag aan het bestuur"), module=__name__))
