from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from distro.core.models import SteunpuntSettings

from .models import Vraag

#: After this many failed attempts the retry job gives up; staff see "Mislukt" in the admin.
MAX_ATTEMPTS = 5


@task()
def send_vraag_mail(vraag_id: int):
    """Forward a question to the steunpunt mailbox. Failures are kept for a retry.

    Takes only the id, so no personal data ends up in the task queue.
    """
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
        # Plain text only: the question is shown exactly as typed, and no
        # HTML from a visitor is ever rendered in a mail client.
        message = EmailMessage(
            subject=" ".join(render_to_string("contact/vraag_email_subject.txt", context).split()),
            body=render_to_string("contact/vraag_email.txt", context),
            to=[mailbox],
            reply_to=[vraag.email] if vraag.email else None,
        )
    try:
        message.send()
    except Exception as exc:  # the provider failed; the question stays and is retried
        Vraag.objects.filter(pk=vraag.pk).update(
            mail_status=Vraag.MailStatus.MISLUKT, mail_attempts=F("mail_attempts") + 1, mail_error=str(exc)[:1000]
        )
        return
    Vraag.objects.filter(pk=vraag.pk).update(
        mail_status=Vraag.MailStatus.VERSTUURD, mail_attempts=F("mail_attempts") + 1, mail_error=""
    )
