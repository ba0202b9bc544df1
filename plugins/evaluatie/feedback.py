"""'Was deze informatie nuttig?' below every content and informatieset page.

The widget is a plain form (no JavaScript, no cookie, no CSRF token, no
captcha): the page it sits on comes from the page cache, so it can hold
nothing per visitor. What keeps it honest instead: a per-IP rate limit
(hashed addresses, distro.core.ratelimit), a honeypot, a check that the page
is live and public, and counters only (a vote leaves no row of its own).
"""

from __future__ import annotations

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page

from distro.core.ratelimit import limit_exceeded
from distro.extensions import PagePanel, page_panels

from .models import PaginaOordeel, PaginaOpmerking, first_of_month

#: The page types that get the widget, by label (evaluatie imports no other plugin).
PAGE_TYPES = {"core.contentpage", "informatieset_sync.informatiesetpage"}
SCOPE = "evaluatie-nuttig"
VOTES_PER_HOUR = 30
COMMENT_MAX_LENGTH = 1000


class FeedbackForm(forms.Form):
    nuttig = forms.ChoiceField(
        choices=[("ja", _("Ja")), ("nee", _("Nee"))],
        error_messages={"required": _("Kies ja of nee."), "invalid_choice": _("Kies ja of nee.")},
    )
    opmerking = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        error_messages={"max_length": _("Uw opmerking is te lang: maximaal %(limit_value)d tekens.")},
    )
    website = forms.CharField(required=False)  # the honeypot


def panel(sender, request, page, **kwargs):
    if page._meta.label_lower in PAGE_TYPES:
        return PagePanel("evaluatie/includes/nuttig.html", {"max_length": COMMENT_MAX_LENGTH}, order=10)
    return None


def _count(page, useful: bool) -> None:
    column = "ja" if useful else "nee"
    month = first_of_month()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                row, _created = PaginaOordeel.objects.get_or_create(
                    pagina_id=page.pk, maand=month, defaults={"taal": page.locale.language_code}
                )
                PaginaOordeel.objects.filter(pk=row.pk).update(**{column: F(column) + 1})
                return
        except IntegrityError:  # two first votes of the month at once: the other one made the row
            continue


def _answer(request, page, state: str, status: int = 200, form=None):
    context = {"page": page, "self": page, "state": state, "form": form}
    return TemplateResponse(request, "evaluatie/nuttig_bedankt.html", context, status=status)


def _page(value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    page = Page.objects.live().public().filter(pk=pk).specific().first()
    return page if page is not None and page._meta.label_lower in PAGE_TYPES else None


@csrf_exempt  # the form sits on cached pages (see the module's docstring); a vote changes only counters
def vote(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = _page(request.POST.get("pagina"))
    if page is None:
        return _answer(request, None, "geen-pagina", status=400)
    if request.POST.get("website"):
        return redirect(page.url)  # a bot: the normal answer, nothing counted
    if limit_exceeded(request, SCOPE, VOTES_PER_HOUR):
        return _answer(request, page, "te-veel", status=429)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _answer(request, page, "fout", status=400, form=form)
    useful = form.cleaned_data["nuttig"] == "ja"
    _count(page, useful)
    if form.cleaned_data["opmerking"]:
        PaginaOpmerking.objects.create(
            pagina_id=page.pk, taal=page.locale.language_code, nuttig=useful, tekst=form.cleaned_data["opmerking"]
        )
    return _answer(request, page, "bedankt")


def connect() -> None:
    page_panels.connect(panel, dispatch_uid="evaluatie_nuttig")
