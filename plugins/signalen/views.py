"""Public views: "Deel je ervaring" (on the core's protected form) and the page-view counter."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from distro.core.publicforms import process_post

from . import services
from .public_forms import ErvaringForm
from .registraties import Bron, PaginaWeergave, Registratie, Status

RATE_LIMIT_SCOPE = "ervaring"
#: The page types whose views are counted, by label (signalen imports no other plugin).
COUNTED_PAGE_TYPES = {"core.contentpage", "informatieset_sync.informatiesetpage"}
DEFAULT_INTRO = _(
    "Wat je meemaakt met school en onderwijs, helpt het samenwerkingsverband om het beter te doen. "
    "Vertel het ons. We vragen geen naam, geen adres en geen telefoonnummer. Het steunpunt leest je "
    "verhaal en telt het mee, zonder dat iemand weet dat het van jou komt."
)


def _render(request, page, **extra):
    context = page.get_context(request)
    context["default_intro"] = DEFAULT_INTRO
    context.update(extra)
    return TemplateResponse(request, "signalen/ervaring_page.html", context, status=extra.pop("status", 200))


def ervaring_intro(request, page):
    """The page everyone sees: text and a link to the form. It writes nothing, so it stays cached."""
    return _render(request, page, form_url=page.get_url(request) + page.reverse_subpage("form_view"))


def _thanks(request, page):
    return redirect(page.get_url(request) + page.reverse_subpage("thanks_view"))


def ervaring_form(request, page):
    def render(form, status=200, form_error=None):
        response = _render(request, page, form=form, form_error=form_error, rate_limited=status == 429, status=status)
        # The CSRF cookie and a captcha of this visitor's own: no cache may keep it.
        add_never_cache_headers(response)
        return response

    def save(form):
        data = form.cleaned_data
        # The day only: an exact time could be matched with the web server's log of this request.
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        registratie = Registratie(
            aangemaakt=today,
            kanaal="website",
            vraagsteller=data["wie"],
            schoolsoort=data["schoolsoort"],
            status=Status.OPEN,
            bron=Bron.ERVARING,
            notitie=data["ervaring"],
        )
        services.save(registratie, user=None, old_status=None, when=today)
        return _thanks(request, page)

    if request.method != "POST":
        return render(ErvaringForm())
    return process_post(
        request,
        scope=RATE_LIMIT_SCOPE,
        make_form=lambda data=None, initial=None: ErvaringForm(data, initial=initial),
        save=save,
        spam_response=lambda: _thanks(request, page),
        render=render,
    )


def ervaring_thanks(request, page):
    return _render(request, page, sent=True)


def _pixel():
    # An empty stylesheet: the page links it like its other styles (see teller.html).
    response = HttpResponse(b"", content_type="text/css")
    # Every view is a request: a browser or proxy that kept the image would stop the counting.
    response["Cache-Control"] = "no-store"
    return response


def count_view(request, page_id):
    """Add one to this page's count for this month. Reads no cookie, keeps no address."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    # Link prefetching is not a visit.
    if request.headers.get("Sec-Purpose", "").startswith("prefetch") or request.headers.get("Purpose") == "prefetch":
        return _pixel()
    page = Page.objects.live().public().filter(pk=page_id).select_related("content_type").first()
    if page is None or f"{page.content_type.app_label}.{page.content_type.model}" not in COUNTED_PAGE_TYPES:
        return _pixel()
    month = services.this_month()
    if not PaginaWeergave.objects.filter(pagina_id=page.pk, maand=month).update(aantal=F("aantal") + 1):
        try:
            with transaction.atomic():
                PaginaWeergave.objects.create(pagina_id=page.pk, maand=month, aantal=1)
        except IntegrityError:  # made by a request alongside
            PaginaWeergave.objects.filter(pagina_id=page.pk, maand=month).update(aantal=F("aantal") + 1)
    return _pixel()
