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


def ask_question(request, page):
    form_kwargs = {"retention_days": Vraag.retention_days()}
    status = 200
    rate_limited = False
    if request.method == "POST":
        form = VraagForm(request.POST, **form_kwargs)
        if limit_exceeded(request, "vraag"):
            rate_limited, status = True, 429
        elif form.is_valid():
            if form.is_spam:
                # Pretend it worked, so the bot learns nothing.
                return redirect(page.url + page.reverse_subpage("thanks_view"))
            with transaction.atomic():
                vraag = form.save(commit=False)
                vraag.language = (get_language() or "nl")[:10]
                vraag.site = Site.find_for_request(request)
                vraag.save()
                transaction.on_commit(lambda: send_vraag_mail.enqueue(vraag.pk))
            return redirect(page.url + page.reverse_subpage("thanks_view"))
        else:
            status = 400
    else:
        form = VraagForm(**form_kwargs)
    context = page.get_context(request)
    context.update(form=form, rate_limited=rate_limited)
    if rate_limited:
        context["form_error"] = _("U heeft veel berichten achter elkaar gestuurd. Probeer het over een uur opnieuw, of bel ons.")
    elif request.method == "POST":
        context["form_error"] = _("Niet alles is goed ingevuld. Kijk naar de meldingen hieronder.")
    return TemplateResponse(request, "contact/contact_page.html", context, status=status)


def thanks(request, page):
    context = page.get_context(request)
    context["sent"] = True
    return TemplateResponse(request, "contact/contact_page.html", context)
