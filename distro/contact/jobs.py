from datetime import timedelta

from captcha.models import CaptchaStore
from django.db.models.signals import post_delete

from distro.extensions import PeriodicJob, RetentionRule, periodic_jobs, retention_rules
from distro.outbox import services

from .tasks import CONFIRMATION_KIND, KIND
from .vraag import Vraag

# Retrying failed question mails is the core outbox's job (distro/outbox/jobs.py).


def purge_questions(cutoff) -> int:
    old = list(Vraag.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True))
    # Their e-mail deliveries go with them (they name the question and may hold a provider's answer).
    services.forget(KIND, old)
    services.forget(CONFIRMATION_KIND, old)
    deleted, _ = Vraag.objects.filter(pk__in=old).delete()
    return deleted


def remove_expired_captchas() -> str:
    # Every view of the contact page stores a challenge; they are only cleaned
    # up when someone posts a form, so pages that are viewed a lot (or
    # crawled) but rarely used would otherwise grow the table without end.
    before = CaptchaStore.objects.count()
    CaptchaStore.remove_expired()
    return f"{before - CaptchaStore.objects.count()} removed"


def forget_mail_of_deleted_question(sender, instance, **kwargs):
    # Staff may delete a question by hand: its delivery goes too.
    services.forget(KIND, [instance.pk])
    services.forget(CONFIRMATION_KIND, [instance.pk])


def register():
    """Called by ContactConfig.ready()."""
    retention_rules.register(
        RetentionRule("vragen", "Questions from the contact form", Vraag.retention_days, purge_questions, __name__)
    )
    periodic_jobs.register(
        PeriodicJob(
            "captcha_opruimen",
            remove_expired_captchas,
            timedelta(hours=1),
            "Delete expired captcha challenges",
            __name__,
        )
    )
    post_delete.connect(forget_mail_of_deleted_question, sender=Vraag, dispatch_uid="contact_forget_mail")
