from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from distro.extensions import periodic_job, retention_rule

from .models import Vraag
from .tasks import MAX_ATTEMPTS, send_vraag_mail

#: A question still waiting this long was never picked up (queueing failed, or the worker lost it).
STUCK_AFTER = timedelta(minutes=15)


@retention_rule("vragen", "Questions from the contact form", days=Vraag.retention_days)
def purge_questions(cutoff) -> int:
    deleted, _ = Vraag.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def questions_to_send():
    """Questions whose e-mail failed, got stuck, or can go now that a mailbox is set."""
    from distro.core.models import SteunpuntSettings

    sites_with_mailbox = SteunpuntSettings.objects.exclude(mailbox="").values("site_id")
    return Vraag.objects.filter(
        Q(mail_status=Vraag.MailStatus.MISLUKT, mail_attempts__lt=MAX_ATTEMPTS)
        | Q(mail_status=Vraag.MailStatus.WACHT, created_at__lt=timezone.now() - STUCK_AFTER)
        | Q(mail_status=Vraag.MailStatus.GEEN_MAILBOX, site_id__in=sites_with_mailbox)
    )


@periodic_job("vragen_mail_opnieuw", every=timedelta(minutes=15), description="Retry questions whose e-mail failed")
def retry_failed_question_mails() -> str:
    ids = list(questions_to_send().values_list("pk", flat=True))
    for vraag_id in ids:
        send_vraag_mail.enqueue(vraag_id)
    return f"{len(ids)} retried"


@periodic_job("captcha_opruimen", every=timedelta(hours=1), description="Delete expired captcha challenges")
def remove_expired_captchas() -> str:
    # Every view of the contact page stores a challenge; they are only cleaned
    # up when someone posts a form, so pages that are viewed a lot (or
    # crawled) but rarely used would otherwise grow the table without end.
    from captcha.models import CaptchaStore

    before = CaptchaStore.objects.count()
    CaptchaStore.remove_expired()
    return f"{before - CaptchaStore.objects.count()} removed"
