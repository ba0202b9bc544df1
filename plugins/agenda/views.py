"""Signing up for a meeting and cancelling through the link in the e-mail."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from distro.core.publicforms import Refused, process_post

from . import services
from .formatting import sessie_lines
from .forms import AanmeldenForm
from .links import agenda_reverse
from .models import Aanmelding, Bijeenkomst
from .tokens import OngeldigeLink, aanmelding_for_token

RATE_LIMIT_SCOPE = "agenda_aanmelden"
THANKS_SALT = "agenda.aanmelden.bedankt"


#: What a sign-up POST reads of the meeting. A POST that succeeds only
#: redirects, so the rest of the page is loaded when a page is rendered.
POST_FIELDS = [
    "title",
    "translation_key",
    "locale__language_code",
    "cancelled",
    "capacity",
    "waiting_list",
    "max_persons",
    "signup_opens",
    "signup_closes",
    "extra_questions",
]


def _meeting(request, page_id: int, light: bool = False) -> Bijeenkomst:
    meetings = Bijeenkomst.objects.live().filter(pk=page_id).select_related("locale")
    if light:
        meetings = meetings.only(*POST_FIELDS)
    bijeenkomst = services.met_begin_en_einde(meetings).first()
    if bijeenkomst is None:
        raise Http404
    # Lets the language switcher and the breadcrumbs treat this view as part of the meeting page.
    request.steunpunt_page = bijeenkomst
    return bijeenkomst


def _language(request) -> str:
    return (get_language() or "nl")[:10]


def closed_reason(bijeenkomst) -> str | None:
    """Why signing up is not possible now, shown instead of the form; the service checks again on POST."""
    bijeenkomst = services.hoofdbijeenkomst(bijeenkomst)
    try:
        services.controleer_open(bijeenkomst)
    except services.AanmeldenFout as exc:
        return exc.message
    if not bijeenkomst.waiting_list and services.plaatsen_over(bijeenkomst) == 0:
        return _("Deze bijeenkomst is vol. Er is geen wachtlijst.")
    return None


def _form(bijeenkomst, data=None, initial=None) -> AanmeldenForm:
    return AanmeldenForm(data, initial=initial, bijeenkomst=bijeenkomst, retention_days=Aanmelding.retention_days())


def _render(request, bijeenkomst, form, status=200, form_error=None, closed=None):
    if bijeenkomst.get_deferred_fields():
        bijeenkomst = _meeting(request, bijeenkomst.pk)

    context = {
        "page": bijeenkomst,
        "bijeenkomst": bijeenkomst,
        "form": form,
        "form_error": form_error,
        "closed_reason": closed,
        "sessies": sessie_lines(bijeenkomst),
        "plaatsen_over": services.plaatsen_over(bijeenkomst),
        "rate_limited": status == 429,
    }
    response = TemplateResponse(request, "agenda/aanmelden_pagina.html", context, status=status)
    # It sets the CSRF cookie and holds a captcha of this visitor's own: no cache may keep it.
    add_never_cache_headers(response)
    return response


def _thanks_redirect(bijeenkomst, status: str):
    # The outcome travels signed in the address: no personal data, and nobody
    # can make the page claim a status that was not given.
    outcome = signing.dumps({"s": status}, salt=THANKS_SALT, compress=True)
    return redirect(agenda_reverse("agenda_aanmelden_bedankt", page_id=bijeenkomst.pk) + "?r=" + outcome)


def signup(request, page_id: int):
    bijeenkomst = _meeting(request, page_id, light=request.method == "POST")
    closed = closed_reason(bijeenkomst)
    if closed:
        # A POST to a closed meeting gets the same answer as the page: nothing is stored.
        return _render(request, bijeenkomst, None, status=200 if request.method != "POST" else 400, closed=closed)
    if request.method != "POST":
        return _render(request, bijeenkomst, _form(bijeenkomst))

    def save(form):
        try:
            result = services.aanmelden(
                bijeenkomst,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                persons=form.persons_count,
                role=form.cleaned_data["role"],
                answers=form.answers(),
                language=_language(request),
            )
        except services.AanmeldenFout as exc:
            raise Refused(exc.message, summary=_("U bent niet aangemeld.")) from None
        # result.status, not the registration's: an address that was already
        # signed up sees exactly what a new sign-up would see (services.aanmelden).
        return _thanks_redirect(bijeenkomst, result.status)

    return process_post(
        request,
        scope=RATE_LIMIT_SCOPE,
        make_form=lambda data=None, initial=None: _form(bijeenkomst, data, initial),
        save=save,
        spam_response=lambda: _thanks_redirect(bijeenkomst, Aanmelding.Status.BEVESTIGD),
        render=lambda form, status, form_error: _render(
            request, bijeenkomst, form, status=status, form_error=form_error
        ),
        rate_limited_message=_(
            "U heeft zich veel keren achter elkaar aangemeld. Probeer het over een uur opnieuw, of bel ons."
        ),
    )


def signup_thanks(request, page_id: int):
    bijeenkomst = _meeting(request, page_id)
    try:
        outcome = signing.loads(request.GET.get("r", ""), salt=THANKS_SALT)
    except signing.BadSignature:
        # Someone opened the address by hand: back to the form.
        return redirect(agenda_reverse("agenda_aanmelden", page_id=bijeenkomst.pk))
    context = {
        "page": bijeenkomst,
        "bijeenkomst": bijeenkomst,
        "wachtlijst": outcome.get("s") == Aanmelding.Status.WACHTLIJST,
        "sessies": sessie_lines(bijeenkomst),
    }
    return TemplateResponse(request, "agenda/aanmelden_bedankt.html", context)


# --- Cancelling -------------------------------------------------------------------------------


def _registration_for(token: str):
    """(aanmelding, problem): the registration the link is for, or the reason it cannot be used."""
    try:
        return aanmelding_for_token(token), None
    except OngeldigeLink as exc:
        # Forged, damaged, purged or expired: the tokens module says which, in words for the visitor.
        return None, exc.message


def _cancel_page(request, template, aanmelding=None, problem=None, status=200):
    bijeenkomst = aanmelding.bijeenkomst if aanmelding else None
    context = {
        "aanmelding": aanmelding,
        "bijeenkomst": bijeenkomst,
        "problem": problem,
        "sessies": sessie_lines(bijeenkomst) if bijeenkomst else [],
    }
    response = TemplateResponse(request, template, context, status=status)
    # The address holds a personal link: keep it out of other sites' referrers
    # and out of caches. ("no-referrer" would also make the browser send
    # "Origin: null" with the confirm button, which Django's CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def cancel(request, token: str):
    aanmelding, problem = _registration_for(token)
    if problem:
        return _cancel_page(request, "agenda/afmelden.html", problem=problem, status=400)
    if aanmelding.status == Aanmelding.Status.GEANNULEERD:
        return _cancel_page(
            request,
            "agenda/afmelden.html",
            aanmelding,
            problem=_("U bent al afgemeld voor deze bijeenkomst. U hoeft niets meer te doen."),
        )
    if aanmelding.bijeenkomst.cancelled:
        return _cancel_page(
            request,
            "agenda/afmelden.html",
            aanmelding,
            problem=_("Deze bijeenkomst gaat niet door. U hoeft zich niet af te melden."),
        )
    if request.method == "POST":
        with transaction.atomic():
            services.afmelden(aanmelding)
        return redirect(agenda_reverse("agenda_afgemeld", token=token))
    return _cancel_page(request, "agenda/afmelden.html", aanmelding)


def cancel_done(request, token: str):
    aanmelding, problem = _registration_for(token)
    if problem:
        return _cancel_page(request, "agenda/afmelden.html", problem=problem, status=400)
    if aanmelding.status != Aanmelding.Status.GEANNULEERD:
        # Not cancelled (yet): show the question, never a "done" that is not true.
        return redirect(agenda_reverse("agenda_afmelden", token=token))
    return _cancel_page(request, "agenda/afmelden_klaar.html", aanmelding)
