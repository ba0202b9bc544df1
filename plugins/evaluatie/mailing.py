"""Invitations e-mailed to the people who came to a meeting (the agenda's ``meeting_ended``).

1. ``meeting_ended`` (sent once per meeting by the agenda, when it is over):
   for each address one ``Uitnodiging`` (counted for the response rate of the
   meeting and of the channel "mail") and one ``Uitnodigingsmail`` with the
   address, the language and when to send it (``uren_na_afloop`` after the end).
2. The job ``evaluatie_uitnodigingen`` hands due mails to the core outbox and
   deletes the rows of mails that were sent or lapsed: the address is kept
   only as long as the mail is on its way.
3. The outbox's builder makes a fresh code at send time and stores its hash
   on the invitation. The code is in the mail and nowhere else: a retried
   mail gets a new code and the old one stops working.

Without the agenda, nothing here is called and the rest of evaluatie works.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distro.core.models import SteunpuntSettings
from distro.extensions import (
    MailKind,
    PeriodicJob,
    RetentionRule,
    mail_kinds,
    meeting_ended,
    periodic_jobs,
    retention_rules,
)
from distro.outbox import Lapsed
from distro.outbox import services as outbox

from . import services
from .models import Evaluatieformulier, Kanaal, Onderwerp, Uitnodiging, Uitnodigingsmail

KIND = "evaluatie.uitnodiging"
JOB_NAME = "evaluatie_uitnodigingen"
#: How long the code in the mail works.
VALID_DAYS = 30
#: A mail that could not be sent in this time is given up, and its address deleted.
KEEP_UNSENT_DAYS = 14
DONE = (outbox.Status.VERSTUURD, outbox.Status.VERVALLEN)


def meeting_form():
    """The live form that invites after meetings, in the site's source language if it has one."""
    forms = Evaluatieformulier.objects.live().filter(na_bijeenkomst=True).select_related("locale")
    chosen = None
    for form in forms:
        if chosen is None or form.locale.language_code == translation.get_language():
            chosen = form
    return chosen


def subject_key(meeting) -> str:
    return f"{meeting._meta.label_lower}:{meeting.pk}"


def remember_subject(meeting) -> str:
    """Store the meeting's name for the dashboard's filter; returns its key."""
    key = subject_key(meeting)
    moment = getattr(meeting, "starts_at", None)
    name = str(getattr(meeting, "title", "") or meeting)
    if moment:
        name = f"{name} ({date_format(timezone.localtime(moment), 'j F Y')})"
    Onderwerp.objects.update_or_create(sleutel=key, defaults={"naam": name[:200]})
    return key


def invite_attendees(sender, meeting, attendees, **kwargs) -> int:
    """Receiver of ``meeting_ended``: one invitation per address; returns how many."""
    form = meeting_form()
    if form is None or not form.is_open():
        return 0
    key = remember_subject(meeting)
    ended = getattr(meeting, "ends_at", None) or timezone.now()
    send_after = max(ended + timedelta(hours=form.uren_na_afloop), timezone.now())
    # One invitation per address (the first registration with it), then shuffled: invitations
    # are numbered as they are made, and that order must not be the registrations'.
    unique = {}
    for _name, email, language in attendees:
        address = (email or "").strip()
        if address:
            unique.setdefault(address.lower(), (address, language))
    invitees = list(unique.values())
    secrets.SystemRandom().shuffle(invitees)
    made = 0
    for address, language in invitees:
        uitnodiging = Uitnodiging.objects.create(
            formulier=form.translation_key,
            kanaal=Kanaal.MAIL,
            onderwerp=key,
            # A placeholder nobody can type: the real code is made when the mail is built.
            code_hash="-" + secrets.token_hex(20),
            geldig_tot=services.end_of_day(send_after + timedelta(days=VALID_DAYS)),
        )
        Uitnodigingsmail.objects.create(
            uitnodiging=uitnodiging, email=address, taal=(language or "nl").split("-")[0], versturen_na=send_after
        )
        made += 1
    return made


# --- The job ---------------------------------------------------------------------------------


def send_due(now=None) -> str:
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Uitnodigingsmail.objects.select_for_update()
            .filter(ingepland=False, versturen_na__lte=now)
            .values_list("pk", flat=True)
        )
        Uitnodigingsmail.objects.filter(pk__in=due).update(ingepland=True)
        outbox.schedule_many(KIND, due)
    done = Uitnodigingsmail.objects.annotate(status=outbox.status_subquery(KIND)).filter(status__in=DONE)
    deleted = Uitnodigingsmail.objects.filter(pk__in=list(done.values_list("pk", flat=True))).delete()[0]
    return f"{len(due)} invitations queued, {deleted} addresses deleted"


def purge(cutoff=None) -> int:
    """Retention: addresses of mails that could not be sent within KEEP_UNSENT_DAYS."""
    old = Uitnodigingsmail.objects.filter(versturen_na__lt=timezone.now() - timedelta(days=KEEP_UNSENT_DAYS))
    ids = list(old.values_list("pk", flat=True))
    outbox.forget(KIND, ids)
    return Uitnodigingsmail.objects.filter(pk__in=ids).delete()[0]


# --- The outbox's builder ---------------------------------------------------------------------


def describe(ids):
    rows = Uitnodigingsmail.objects.filter(pk__in=ids).values_list("pk", "uitnodiging__onderwerp")
    names = dict(Onderwerp.objects.filter(sleutel__in=[key for _pk, key in rows]).values_list("sleutel", "naam"))
    return {pk: str(_("Uitnodiging evaluatie – %(naam)s") % {"naam": names.get(key, key)}) for pk, key in rows}


def _form_in(language: str, key):
    forms = Evaluatieformulier.objects.live().filter(translation_key=key).select_related("locale")
    by_language = {form.locale.language_code: form for form in forms}
    return by_language.get(language) or by_language.get(translation.get_language()) or next(iter(forms), None)


def build(verzending) -> EmailMultiAlternatives:
    row = Uitnodigingsmail.objects.select_related("uitnodiging").filter(pk=verzending.object_id).first()
    if row is None:
        raise Lapsed
    invitation = row.uitnodiging
    form = _form_in(row.taal, invitation.formulier)
    if form is None or not form.is_open():
        raise Lapsed
    site = form.get_site()
    code = services.new_code()
    Uitnodiging.objects.filter(pk=invitation.pk).update(
        code_hash=services.code_hash(code), geldig_tot=services.end_of_day(timezone.now() + timedelta(days=VALID_DAYS))
    )
    language = form.locale.language_code
    with translation.override(language):
        steunpunt = SteunpuntSettings.for_site(site) if site else None
        root = site.root_url.rstrip("/") if site else ""
        subject = Onderwerp.objects.filter(sleutel=invitation.onderwerp).values_list("naam", flat=True).first()
        context = {
            "language": language,
            "bidi": translation.get_language_bidi(),
            "subject": _("Hoe was het? Vertel het ons"),
            "bijeenkomst": subject or "",
            "link": root + reverse("evaluatie:uitnodiging", kwargs={"code": code}),
            "code": code,
            "valid_days": VALID_DAYS,
            "steunpunt_name": (steunpunt.steunpunt_name if steunpunt else "") or _("Ouder- en jeugdsteunpunt"),
        }
        message = EmailMultiAlternatives(
            subject=context["subject"],
            body=render_to_string("evaluatie/mail/uitnodiging.txt", context),
            to=[row.email],
            reply_to=[steunpunt.email] if steunpunt and steunpunt.email else None,
        )
        message.attach_alternative(render_to_string("evaluatie/mail/uitnodiging.html", context), "text/html")
    # A provider that tracks clicks would learn who opened which code, and when (django-anymail).
    message.track_clicks = False
    message.track_opens = False
    return message


def register() -> None:
    """Called by EvaluatieConfig.ready()."""
    meeting_ended.connect(invite_attendees, dispatch_uid="evaluatie_invite_attendees")
    mail_kinds.register(
        MailKind(KIND, build, describe, gettext_lazy("Uitnodiging voor een evaluatie"), module=__name__)
    )
    periodic_jobs.register(
        PeriodicJob(JOB_NAME, send_due, timedelta(minutes=15), "E-mail evaluation invitations after meetings", __name__)
    )
    retention_rules.register(
        RetentionRule(
            "evaluatie-uitnodigingsmail",
            "Addresses of evaluation invitations that could not be sent",
            lambda: KEEP_UNSENT_DAYS,
            purge,
            __name__,
        )
    )
