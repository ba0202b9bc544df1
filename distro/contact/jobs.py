from datetime import timedelta

from distro.extensions import periodic_job, retention_rule

from .models import Vraag
from .tasks import MAX_ATTEMPTS, send_vraag_mail


@retention_rule("vragen", "Questions from the contact form", days=Vraag.retention_days)
def purge_questions(cutoff) -> int:
    deleted, _ = Vraag.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@periodic_job("vragen_mail_opnieuw", every=timedelta(minutes=15), description="Retry questions whose e-mail failed")
def retry_failed_question_mails() -> str:
    ids = list(
        Vraag.objects.filter(mail_status=Vraag.MailStatus.MISLUKT, mail_attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    )
    for vraag_id in ids:
        send_vraag_mail.enqueue(vraag_id)
    return f"{len(ids)} retried"
