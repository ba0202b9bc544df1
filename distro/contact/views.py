from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from distro.core.ratelimit import limit_exceeded

from .forms import VraagForm
from .models import Vraag
from .tasks import send_vraag_mail

#: Fields whose input is shown again when a visitor is over the rate limit.
KEPT_FIELDS = ["name", "email", "phone", "role", "question"]


def _thanks(request, page):
    return redirect(page.get_url(request) + page.reverse_subpage("thanks_view"))


def ask_question(request, page):
    form_kwargs = {"retention_days": Vraag.retention_days()}
    status = 200
    form_error = None
    if request.method != "POST":
        form = VraagForm(**form_kwargs)
    elif limit_exceeded(request, "vraag"):
        # Not validated (that would use up the captcha and list errors that
        # do not matter now), but what they typed is kept for later.
        form = VraagForm(initial={name: request.POST.get(name, "") for name in KEPT_FIELDS}, **form_kwargs)
        status = 429
        form_error = _("U heeft veel berichten achter elkaar gestuurd. Probeer het over een uur opnieuw, of bel ons.")
    else:
        form = VraagForm(request.POST, **form_kwargs)
        if form.is_spam:
            # Checked before validation, so a bot learns nothing, not even field errors.
            return _thanks(request, page)
        if form.is_valid():
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
        status = 400
        form_error = _("Niet alles is goed ingevuld. Kijk naar de meldingen hieronder.")
    context = page.get_context(request)
    context.update(form=form, rate_limited=status == 429, form_error=form_error)
    return TemplateResponse(request, "contact/contact_page.html", context, status=status)


def thanks(request, page):
    context = page.get_context(request)
    context["sent"] = True
    return TemplateResponse(request, "contact/contact_page.html", context)
