from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The last run of one periodic job; the row doubles as its lock."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Bezig")
        OK = "ok", _("Gelukt")
        FAILED = "failed", _("Mislukt")

    name = models.CharField(_("taak"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("gestart"), null=True)
    finished_at = models.DateTimeField(_("klaar"), null=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True)
    message = models.TextField(_("melding"), blank=True)

    class Meta:
        verbose_name = _("uitgevoerde taak")
        verbose_name_plural = _("uitgevoerde taken")
        ordering = ["name"]

    def __str__(self):
        return self.name
