from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verzending(models.Model):
    """One e-mail to deliver: which kind, for which source object, and how far it got.

    No copy of personal data: the message is built from the source at send
    time (``distro.extensions.MailKind``). Only one-off notices of the core
    (kind ``core.melding``) carry their own addresses and text, and are purged
    after 30 days. ``error`` may quote an address (providers do); it stays on
    the row for staff and is never logged.
    """

    class Status(models.TextChoices):
        WACHT = "wacht", _("Wordt verstuurd")
        VERSTUURD = "verstuurd", _("Verstuurd")
        MISLUKT = "mislukt", _("Mislukt")
        VERVALLEN = "vervallen", _("Niet verstuurd (vervallen)")
        GEEN_MAILBOX = "geen_mailbox", _("Geen mailbox ingesteld")

    kind = models.CharField(_("soort"), max_length=50)
    object_id = models.PositiveBigIntegerField(_("nummer van de bron"), null=True, blank=True)
    #: A hint for the builder (e.g. "wijziging"), never personal data.
    variant = models.CharField(max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WACHT)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now, db_index=True)
    #: Last time it was (re)scheduled; also tells a send that finishes late that a newer mail was asked for.
    queued_at = models.DateTimeField(_("in de wachtrij gezet"), default=timezone.now)
    #: When the retry job may queue it again (back-off after a failure; a waiting row is "stuck" after this).
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    #: Claimed by a running task until then, so two runs of the same task send once.
    sending_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    # Only for kind "core.melding" (notices to staff, no parents' data).
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One delivery per source and kind (NULL object ids, the notices, never collide).
            models.UniqueConstraint(fields=["kind", "object_id"], name="outbox_een_per_bron"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        # No personal data: this text may appear in logs and the audit log.
        return _("E-mail %(id)s") % {"id": self.pk}
