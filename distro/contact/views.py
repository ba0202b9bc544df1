from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from wagtail.models import Site

from distro.core.publicforms import process_post

from .forms import VraagForm
from .tasks import schedule_vraag_mail
from .vraag import Vraag

RATE_LIMIT_SCOPE = "vraag"


def _thanks(request, page):
    return redirect(page.get_url(request) + page.reverse_subpage("thanks_view"))


def ask_question(request, page):
    def make_form(data=None, initial=None):
        return VraagForm(data, initial=initial, retention_days=Vraag.retention_days())

    def render(form, status=200, form_error=None):
        context = page.get_context(request)
        context.update(form=form, rate_limited=status == 429, form_error=form_error)
        response = TemplateResponse(request, "contact/contact_page.html", context, status=status)
        # It sets the CSRF cookie and holds a captcha of this visitor's own: no cache may keep it.
        add_never_cache_headers(response)
        return response

    def save(form):
        with transaction.atomic():
            vraag = form.save(commit=False)
            vraag.language = (get_language() or "nl")[:10]
            vraag.site = Site.find_for_request(request)
            vraag.save()
            # In the same transaction: the core outbox queues the mail so that
            # it commits with the question; if queueing fails, the visitor still
            # gets the thanks page and the outbox's retry job sends it later.
            schedule_vraag_mail(vraag.pk, confirm_to_asker=bool(vraag.email and form.cleaned_data.get("confirm")))
        return _thanks(request, page)

    if request.method != "POST":
        return render(make_form())
    return process_post(
        request,
        scope=RATE_LIMIT_SCOPE,
        make_form=make_form,
        save=save,
        spam_response=lambda: _thanks(request, page),
        render=render,
    )


def contact(request, page):
    """The contact page everyone sees: text, ways to reach us and a link to the form.

    The form has a page of its own (``vraag/``): its captcha and CSRF cookie
    are made only for a visitor who starts it, so this page writes nothing
    and stays in the page cache. A POST here (an old form) still works.
    """
    if request.method == "POST":
        return ask_question(request, page)
    context = page.get_context(request)
    context["form_url"] = page.get_url(request) + page.reverse_subpage("form_view")
    return TemplateResponse(request, "contact/contact_page.html", context)


def thanks(request, page):
    context = page.get_context(request)
    context["sent"] = True
    return TemplateResponse(request, "contact/contact_page.html", context)
