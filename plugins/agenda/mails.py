"""Rendering the agenda's mails to people who signed up: subject and body from the templates.

What to send and when is decided elsewhere (scheduling.py hands mails to the
core outbox, jobs.py claims the reminders, tasks.py and bericht.py are the
outbox's builders); this module only turns a registration and a kind of mail
(mailkinds.py) into a message, from what is true at the moment it is built.

Mails are in the registrant's language when the site offers that language
and the agenda has a translation for it; otherwise in Dutch, so a mail is
never half in one language and half in another. Dates and times are written
as on the pages (formatting.py).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distro.core.models import SteunpuntSettings

from .formatting import format_date, format_moment, sessie_lines
from .ical import build_calendar
from .links import cancel_url
from .mailkinds import (  # noqa: F401  (the kinds are read as mails.AANMELDING etc.)
    AANMELDING,
    AFGELAST,
    AL_AANGEMELD,
    HERINNERING,
    MESSAGE_KIND,
    PROMOTIE,
    REMINDER_KIND,
    STATUS_KIND,
    WACHTLIJST,
    WIJZIGING,
)
from .models import Aanmelding

logger = logging.getLogger(__name__)


# --- Language ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def translated_languages() -> frozenset[str]:
    """Languages the agenda has a compiled translation for (Dutch is the source)."""
    locale_dir = Path(__file__).resolve().parent / "locale"
    found = {"nl"}
    if locale_dir.is_dir():
        found |= {p.parent.parent.name for p in locale_dir.glob("*/LC_MESSAGES/django.mo")}
    return frozenset(found)


def mail_language(aanmelding, site=None) -> str:
    """The registrant's language if the site offers it and the agenda speaks it; else Dutch."""
    language = (aanmelding.language or "nl").split("-")[0]
    if language == "nl":
        return "nl"
    offered = {code for code, _name in settings.LANGUAGES}
    if site is not None:
        offered = {code for code, _name in SteunpuntSettings.for_site(site).offered_languages()}
    if language in offered and language in translated_languages():
        return language
    return "nl"


# --- Building a mail ---------------------------------------------------------------------------


def current_soort(aanmelding, soort: str | None = None) -> str:
    """What the status mail tells now: a cancelled meeting overrules everything."""
    if aanmelding.bijeenkomst.cancelled:
        return AFGELAST
    if soort in (WIJZIGING, AL_AANGEMELD):
        return soort
    if aanmelding.status == Aanmelding.Status.WACHTLIJST:
        return WACHTLIJST
    if aanmelding.promoted_at:
        return PROMOTIE
    return AANMELDING


def _subject(soort: str, aanmelding, bijeenkomst) -> str:
    title = bijeenkomst.title
    if soort == AANMELDING:
        subject = _("U bent aangemeld: %(titel)s") % {"titel": title}
    elif soort == WACHTLIJST:
        subject = _("U staat op de wachtlijst: %(titel)s") % {"titel": title}
    elif soort == PROMOTIE:
        subject = _("Er is plek voor u: %(titel)s") % {"titel": title}
    elif soort == WIJZIGING:
        subject = _("Gewijzigd: %(titel)s") % {"titel": title}
    elif soort == AFGELAST:
        subject = _("Afgelast: %(titel)s") % {"titel": title}
    elif soort == AL_AANGEMELD:
        subject = _("U bent al aangemeld: %(titel)s") % {"titel": title}
    else:
        starts = bijeenkomst.starts_at
        subject = _("Herinnering: %(titel)s op %(datum)s") % {
            "titel": title,
            "datum": format_date(starts, year=False) if starts else "",
        }
    # A header may not contain line breaks; a title never should, but be sure.
    return " ".join(subject.split())


# A title that ends a sentence itself ("..., hoe werkt het?") gets no full stop after it: never "?.".
_DOUBLE_STOP = re.compile(r"([?!؟])\.(?=\s|$)")


def _sentences(lines: list[str]) -> list[str]:
    return [_DOUBLE_STOP.sub(r"\1", str(line)) for line in lines]


def _intro(soort: str, aanmelding, bijeenkomst) -> list[str]:
    return _sentences(_intro_lines(soort, aanmelding, bijeenkomst))


def _intro_lines(soort: str, aanmelding, bijeenkomst) -> list[str]:
    persons = aanmelding.persons
    if soort == AANMELDING:
        return [
            _("U bent aangemeld voor %(titel)s.") % {"titel": bijeenkomst.title},
            (
                ngettext("U komt met %(aantal)s persoon.", "U komt met %(aantal)s personen.", persons)
                % {"aantal": persons}
                if persons > 1
                else _("U komt alleen.")
            ),
            _("In de bijlage staat een agenda-bestand. Zo zet u de bijeenkomst in uw agenda."),
        ]
    if soort == WACHTLIJST:
        return [
            _("De bijeenkomst %(titel)s is vol. U staat op de wachtlijst.") % {"titel": bijeenkomst.title},
            _("Komt er een plek vrij? Dan krijgt u vanzelf een e-mail. U hoeft niets te doen."),
        ]
    if soort == PROMOTIE:
        return [
            _("Goed nieuws: er is een plek vrijgekomen bij %(titel)s.") % {"titel": bijeenkomst.title},
            _("U stond op de wachtlijst. Nu bent u aangemeld. U hoeft niets te doen."),
            _("In de bijlage staat een agenda-bestand. Zo zet u de bijeenkomst in uw agenda."),
        ]
    if soort == WIJZIGING:
        return [
            _("Er is iets veranderd aan de bijeenkomst %(titel)s.") % {"titel": bijeenkomst.title},
            _("Kijk hieronder naar de nieuwe datum, tijd en plek."),
        ]
    if soort == AFGELAST:
        lines = [_("De bijeenkomst %(titel)s gaat niet door. Dat spijt ons.") % {"titel": bijeenkomst.title}]
        if bijeenkomst.cancel_reason:
            lines.append(_("De reden: %(reden)s") % {"reden": bijeenkomst.cancel_reason})
        lines.append(_("U hoeft niets te doen. Uw aanmelding vervalt."))
        return lines
    if soort == AL_AANGEMELD:
        waiting = aanmelding.status == aanmelding.Status.WACHTLIJST
        return [
            _("U bent al aangemeld voor %(titel)s.") % {"titel": bijeenkomst.title},
            _("Er kwam nog een aanmelding binnen met dit e-mailadres. We hebben niets aan uw aanmelding veranderd."),
            _("U staat op de wachtlijst.") if waiting else _("U heeft een plek."),
            _(
                "Wilt u met meer of minder personen komen? Meld u dan eerst af met de link hieronder. "
                "Meld u daarna opnieuw aan. Of neem contact op met het steunpunt."
            ),
            _("Let op: is de bijeenkomst vol? Dan komt u bij opnieuw aanmelden op de wachtlijst."),
            _("Heeft u dit niet zelf gedaan? Dan hoeft u niets te doen."),
        ]
    return [
        _("Dit is een herinnering. U bent aangemeld voor %(titel)s.") % {"titel": bijeenkomst.title},
        _("Kunt u toch niet komen? Meld u dan af. Dan kan iemand anders uw plek krijgen."),
    ]


def build_message(aanmelding, soort: str) -> EmailMultiAlternatives:
    """The mail for ``aanmelding``, rendered in the active language. Personal text is escaped in HTML."""
    # A registration belongs to the source-language meeting (services.hoofdbijeenkomst);
    # the mail shows its published translation in the mail's language, if there is one.
    bijeenkomst = aanmelding.bijeenkomst.localized
    site = bijeenkomst.get_site()
    steunpunt = SteunpuntSettings.for_site(site) if site else None
    confirmed = aanmelding.status == Aanmelding.Status.BEVESTIGD
    ended = bijeenkomst.ends_at is not None and bijeenkomst.ends_at <= timezone.now()
    can_cancel = soort != AFGELAST and aanmelding.status != Aanmelding.Status.GEANNULEERD and not ended
    context = {
        "soort": soort,
        "aanmelding": aanmelding,
        "bijeenkomst": bijeenkomst,
        "language": translation.get_language(),
        "bidi": translation.get_language_bidi(),
        "subject": _subject(soort, aanmelding, bijeenkomst),
        "intro": _intro(soort, aanmelding, bijeenkomst),
        "sessies": sessie_lines(bijeenkomst),
        # The link to an online meeting goes only to people who have a place.
        "meeting_link": bijeenkomst.meeting_link if (bijeenkomst.online and confirmed and soort != AFGELAST) else "",
        "page_url": bijeenkomst.get_full_url() or "",
        "cancel_url": cancel_url(aanmelding, site) if can_cancel else "",
        "steunpunt": steunpunt,
        "steunpunt_name": (steunpunt.steunpunt_name if steunpunt else "") or _("Ouder- en jeugdsteunpunt"),
        "retention_days": Aanmelding.retention_days(),
    }
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string("agenda/mail/bericht.txt", context),
        to=[aanmelding.email],
        reply_to=[steunpunt.email] if steunpunt and steunpunt.email else None,
    )
    message.attach_alternative(render_to_string("agenda/mail/bericht.html", context), "text/html")
    if confirmed:
        # Also for a cancelled meeting: the file then takes it out of the calendar.
        message.attach("bijeenkomst.ics", ics_for(aanmelding, bool(context["meeting_link"])), "text/calendar")
    return message


def ics_for(aanmelding, include_meeting_link: bool = False) -> str:
    """The calendar file for the attachment: every date of the meeting (A2's builder).

    Only this private copy may carry the link to an online meeting; a
    cancelled meeting comes out as STATUS:CANCELLED, so calendars drop it.
    """
    return build_calendar([aanmelding.bijeenkomst], include_meeting_link=include_meeting_link).to_ical().decode()


def render(aanmelding, soort: str) -> EmailMultiAlternatives:
    """The mail in the registrant's language (what the outbox sends)."""
    language = mail_language(aanmelding, aanmelding.bijeenkomst.get_site())
    with translation.override(language):
        return build_message(aanmelding, soort)


def send(aanmelding, soort: str) -> None:
    """Render and send right away, outside the outbox (previews and tests). Raises if the provider fails."""
    render(aanmelding, soort).send()


def render_bericht(verzending) -> EmailMultiAlternatives:
    """A staff message (``BerichtVerzending``) to one registrant: the staff's text in the agenda's wrapper."""
    aanmelding = verzending.aanmelding
    bericht = verzending.bericht
    meeting = aanmelding.bijeenkomst
    site = meeting.get_site()
    site_settings = SteunpuntSettings.for_site(site) if site else None
    # The wrapper (greeting, why you get this, the cancel link) in the
    # registrant's language, as the other agenda mails; the staff's own text as written.
    language = mail_language(aanmelding, site)
    with translation.override(language):
        first = meeting.sessies.order_by("start").first()
        context = {
            "aanmelding": aanmelding,
            "meeting": meeting,
            "when": format_moment(first.start, empty="") if first else "",
            "tekst": bericht.tekst,
            "onderwerp": bericht.onderwerp,
            "settings": site_settings,
            "cancel_url": cancel_url(aanmelding, site),
            "LANGUAGE_CODE": language,
        }
        message = EmailMultiAlternatives(
            subject=bericht.onderwerp,
            body=render_to_string("agenda/admin/bericht_email.txt", context),
            to=[aanmelding.email],
            reply_to=[a for a in [(site_settings.email or site_settings.mailbox) if site_settings else ""] if a]
            or None,
        )
        # Autoescaped: whatever staff typed is shown as text, never as HTML.
        message.attach_alternative(render_to_string("agenda/admin/bericht_email.html", context), "text/html")
    return message
