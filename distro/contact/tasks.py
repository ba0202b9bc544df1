from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from distro.core.models import SteunpuntSettings

from .models import Vraag

MAX_ATTEMPTS = 5


@task()
def send_vraag_mail(vraag_id: int):
    """Forward a question to the steunpunt mailbox. Failures are kept for a retry."""
    vraag = Vraag.objects.select_related("site").filter(pk=vraag_id).first()
    if vraag is None or vraag.mail_status == Vraag.MailStatus.VERSTUURD:
        return
    site_settings = SteunpuntSettings.for_site(vraag.site) if vraag.site else None
    mailbox = site_settings.mailbox if site_settings else ""
    if not mailbox:
        Vraag.objects.filter(pk=vraag.pk).update(mail_status=Vraag.MailStatus.GEEN_MAILBOX)
        return
    with translation.override("nl"):
        context = {"vraag": vraag, "settings": site_settings}
        message = EmailMessage(
            subject=render_to_string("contact/vraag_email_subject.txt", context).strip(),
            body=render_to_string("contact/vraag_email.txt", context),
            to=[mailbox],
            reply_to=[vraag.email] if vraag.email else None,
        )
    try:
        message.send()
    except Exception as exc:  # the provider failed; the question stays and is retried
        Vraag.objects.filter(pk=vraag.pk).update(
            mail_status=Vraag.MailStatus.MISLUKT, mail_attempts=vraag.mail_attempts + 1, mail_error=str(exc)[:1000]
        )
        return
    Vraag.objects.filter(pk=vraag.pk).update(
        mail_status=Vraag.MailStatus.VERSTUURD, mail_attempts=vraag.mail_attempts + 1, mail_error=""
    )
