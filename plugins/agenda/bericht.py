"""The message staff send to all registrants of a meeting (see admin_views.message).

One task per registration, queued after the request's transaction commits:
one address that fails does not stop the others, and the task carries only
the registration's id plus the staff's own text, no visitor data.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django_tasks import task

from . import mails
from .models import Aanmelding

logger = logging.getLogger(__name__)

#: Attempts within one task; a provider hiccup is usually over by the next try.
ATTEMPTS = 3


def _site_settings(page):
    from distro.core.models import SteunpuntSettings

    site = page.get_site()
    return SteunpuntSettings.for_site(site) if site else None


@task()
def stuur_bericht(aanmelding_id: int, onderwerp: str, tekst: str) -> bool:
    aanmelding = (
        Aanmelding.objects.select_related("bijeenkomst")
        .filter(pk=aanmelding_id, anonymised_at__isnull=True)
        .exclude(status=Aanmelding.Status.GEANNULEERD)
        .first()
    )
    # Cancelled or anonymised between the click and now: nothing to send.
    if aanmelding is None or not aanmelding.email:
        return False
    meeting = aanmelding.bijeenkomst
    site = meeting.get_site()
    site_settings = _site_settings(meeting)
    # The wrapper (greeting, why you get this, the cancel link) in the
    # registrant's language, as the other agenda mails; the staff's own text as written.
    language = mails.mail_language(aanmelding, site)
    with translation.override(language):
        first = meeting.sessies.order_by("start").first()
        context = {
            "aanmelding": aanmelding,
            "meeting": meeting,
            "when": formats.date_format(timezone.localtime(first.start), "DATETIME_FORMAT") if first else "",
            "tekst": tekst,
            "onderwerp": onderwerp,
            "settings": site_settings,
            "cancel_url": mails.cancel_url(aanmelding, site),
            "LANGUAGE_CODE": language,
        }
        message = EmailMultiAlternatives(
            subject=onderwerp,
            body=render_to_string("agenda/admin/bericht_email.txt", context),
            to=[aanmelding.email],
            reply_to=[a for a in [(site_settings.email or site_settings.mailbox) if site_settings else ""] if a] or None,
        )
        # Autoescaped: whatever staff typed is shown as text, never as HTML.
        message.attach_alternative(render_to_string("agenda/admin/bericht_email.html", context), "text/html")
    for attempt in range(1, ATTEMPTS + 1):
        try:
            message.send()
            return True
        except Exception:  # the provider failed; log without the address
            logger.warning("Message to registration %s failed (attempt %s)", aanmelding_id, attempt, exc_info=True)
    return False
