"""The public side of an evaluation form: enter a code, answer, thank you.

One page (``Evaluatieformulier.serve``) in four states, none of which a cache
may keep (each holds a CSRF token, the form also a captcha):

- no ticket: the introduction and a field for the code from the invitation;
- a valid ticket (``?t=``, after a code): the questions;
- sent (``?bedankt=1``): the thank-you text;
- closed: a notice, and nothing is taken.

An invitation link (``/evaluatie/c/<code>/``) first shows a start button: mail
scanners that open every link in a message would otherwise use up the code.
The code then travels in a POST, not in the address of the form.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from distro.core import speech
from distro.core.publicforms import Refused, process_post
from distro.core.ratelimit import limit_exceeded

from . import services
from .forms import EvaluatieForm, spoken_text
from .models import Evaluatieformulier, Uitnodiging

RATE_LIMIT_SCOPE = "evaluatie"
CODE_LIMIT_SCOPE = "evaluatie-code"
#: Codes a visitor may try per hour: enough for typing mistakes, far too few to guess one.
CODE_TRIES_PER_HOUR = 20


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Uw code"),
        help_text=gettext_lazy("Die staat in de e-mail of op het briefje van het steunpunt, bijvoorbeeld K7QM-3XPA."),
        max_length=20,
        error_messages={"required": gettext_lazy("Vul de code in.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


def _respond(request, page, state: str, status: int = 200, **context):
    response = TemplateResponse(
        request,
        "evaluatie/evaluatieformulier.html",
        {"page": page, "self": page, "state": state, **context},
        status=status,
    )
    add_never_cache_headers(response)
    return response


def _with_ticket(page, ticket: services.Ticket):
    return redirect(page.url + "?t=" + ticket.sign())


def serve_form(page: Evaluatieformulier, request):
    if not page.is_open():
        return _respond(request, page, "gesloten", status=400 if request.method == "POST" else 200)
    if request.GET.get("bedankt") == "1" and request.method != "POST":
        return _respond(request, page, "bedankt")
    if request.method == "POST" and "code" in request.POST:
        return _redeem_code(request, page)
    signed = request.POST.get("toegang") if request.method == "POST" else request.GET.get("t")
    if not signed:
        return _respond(request, page, "code", code_form=CodeForm())
    try:
        ticket = services.read_ticket(signed, page)
    except Refused as refused:
        return _respond(request, page, "code", status=400, code_form=CodeForm(), problem=refused.message)
    if request.method != "POST":
        return _respond(request, page, "vragen", form=EvaluatieForm(formulier=page, initial={"toegang": signed}))

    def save(form):
        services.store_response(page, ticket, form.answers())
        return redirect(page.url + "?bedankt=1")

    return process_post(
        request,
        scope=RATE_LIMIT_SCOPE,
        make_form=lambda data=None, initial=None: EvaluatieForm(data, initial=initial, formulier=page),
        save=save,
        spam_response=lambda: redirect(page.url + "?bedankt=1"),
        render=lambda form, status, form_error: _respond(
            request, page, "vragen", status=status, form=form, form_error=form_error
        ),
    )


def _redeem_code(request, page):
    form = CodeForm(request.POST)
    if limit_exceeded(request, CODE_LIMIT_SCOPE, CODE_TRIES_PER_HOUR):
        return _respond(
            request,
            page,
            "code",
            status=429,
            code_form=form,
            problem=_("U heeft veel codes achter elkaar geprobeerd. Probeer het over een uur opnieuw, of bel ons."),
        )
    if not form.is_valid():
        return _respond(request, page, "code", status=400, code_form=form)
    target = Uitnodiging.objects.filter(code_hash=services.code_hash(form.cleaned_data["code"])).first()
    if target is not None and str(target.formulier) != str(page.translation_key):
        try:
            other = _form_for(str(target.formulier), request)
        except Http404:
            other = None
        if other is None or not other.is_open():
            # Checked before the code is used: a closed form must not use it up.
            form.add_error("code", services.CLOSED)
            return _respond(request, page, "code", status=400, code_form=form)
    try:
        ticket = services.redeem(form.cleaned_data["code"])
    except Refused as refused:
        form.add_error("code", refused.message)
        return _respond(request, page, "code", status=400, code_form=form)
    if ticket.formulier != str(page.translation_key):
        # A valid code of another form: open that one (it is used now).
        page = _form_for(ticket.formulier, request)
    return _with_ticket(page, ticket)


def _form_for(translation_key: str, request) -> Evaluatieformulier:
    """The live form with this translation key, in the visitor's language if it has one."""
    forms_ = Evaluatieformulier.objects.live().filter(translation_key=translation_key)
    try:
        return forms_.get(locale=Locale.get_active())
    except Evaluatieformulier.DoesNotExist:
        page = forms_.filter(locale__language_code="nl").first() or forms_.first()
    if page is None:
        raise Http404
    return page


def invitation(request, code: str):
    """The link in an invitation: a start button that posts the code to its form.

    A code that does not work gets a page that says so with status 200, not a 404: the
    server's log writes the address of every 404, and this address holds the code. Unknown
    codes count towards the same hourly limit as codes typed into a form.
    """
    found = Uitnodiging.objects.filter(code_hash=services.code_hash(code)).first()
    page = None
    if found is not None:
        try:
            page = _form_for(str(found.formulier), request)
        except Http404:
            page = None
    if page is None or not page.is_open():
        if found is None and limit_exceeded(request, CODE_LIMIT_SCOPE, CODE_TRIES_PER_HOUR):
            problem = _("U heeft veel codes achter elkaar geprobeerd. Probeer het over een uur opnieuw, of bel ons.")
        elif found is None:
            problem = services.UNKNOWN_CODE
        else:
            problem = services.CLOSED
        context = {"problem": problem}
    else:
        context = {"page": page, "self": page, "code": code}
    response = TemplateResponse(request, "evaluatie/uitnodiging.html", context)
    add_never_cache_headers(response)
    return response


def read_aloud(request, page_id: int, block_id: str):
    """``/evaluatie/voorlezen/<form>/<question>.wav``: one question of a published form, spoken."""
    page = Evaluatieformulier.objects.live().public().filter(pk=page_id).first()
    block = next((b for b in page.vragen if b.id == block_id), None) if page else None
    if block is None:
        raise Http404
    try:
        wav = speech.speak(spoken_text(block))
    except speech.SpeechUnavailable:
        return HttpResponseNotFound(_("Voorlezen is hier niet beschikbaar."), content_type="text/plain; charset=utf-8")
    response = HttpResponse(wav, content_type="audio/wav")
    # The same for everyone and without cookies: browsers and caches may keep it.
    response["Cache-Control"] = "public, max-age=86400"
    return response
