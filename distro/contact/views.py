from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from wagtail.models import Site

from distro.core.publicforms import process_post

from .forms import VraagForm
from .models import Vraag
from .tasks import send_vraag_mail

RATE_LIMIT_SCOPE = "vraag"


def _thanks(request, page):
    return redirect(page.get_url(request) + page.reverse_subpage("thanks_view"))


def ask_question(request, page):
    def make_form(data=None, initial=None):
        return VraagForm(data, initial=initial, retention_days=Vraag.retention_days())

    def render(form, status=200, form_error=None):
        context = page.get_context(request)
        context.update(form=form, rate_limited=status == 429, form_error=form_error)
        return TemplateResponse(request, "contact/contact_page.html", context, status=status)

    def save(form):
        with transaction.atomic():
            vraag = form.save(commit=False)
            vraag.language = (get_language() or "nl")[:10]
            vraag.site = Site.find_for_request(request)
            vraag.save()
            # Mailed after the commit, so the task always finds the question.
            # robust: if queueing fails, the visitor still gets the thanks
            # page and the retry job sends the mail later. (A lambda, not
            # functools.partial: Django logs a failing callback by its
            # __qualname__, which a partial lacks.)
            transaction.on_commit(lambda: send_vraag_mail.enqueue(vraag.pk), robust=True)
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


def thanks(request, page):
    context = page.get_context(request)
    context["sent"] = True
    return TemplateResponse(request, "contact/contact_page.html", context)
