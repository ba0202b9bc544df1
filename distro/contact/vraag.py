"""A question sent through the contact form, apart from the contact page.

The page (models.py) routes to the form's views, and the form and views need
this model: kept here, nothing on that path imports the page back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from distro.outbox.mixins import MailDeliveryMixin
from distro.outbox.models import Verzending


class Vraag(MailDeliveryMixin, models.Model):
    """A question sent through the contact form. Only steunpunt staff can see it."""

    mail_kind = "contact.vraag"

    class Rol(models.TextChoices):
        OUDER = "ouder", _("Ouder of verzorger")
        JONGERE = "jongere", _("Jongere of kind")
        PROFESSIONAL = "professional", _("Professional")
        ANDERS = "anders", _("Anders")

    class Status(models.TextChoices):
        NIEUW = "nieuw", _("Nieuw")
        IN_BEHANDELING = "in_behandeling", _("In behandeling")
        AFGEHANDELD = "afgehandeld", _("Afgehandeld")

    #: The states of the question's e-mail, kept by the core outbox (distro.outbox).
    MailStatus = Verzending.Status

    created_at = models.DateTimeField(_("ontvangen"), auto_now_add=True, db_index=True)
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    role = models.CharField(_("ik ben"), max_length=20, choices=Rol.choices)
    question = models.TextField(_("vraag"))
    language = models.CharField(_("taal"), max_length=10, default="nl")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NIEUW)
    notes = models.TextField(_("notities van het steunpunt"), blank=True)
    site = models.ForeignKey("wagtailcore.Site", null=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("status"), FieldPanel("notes")]

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["-created_at"]

    def __str__(self):
        # No personal data: this text appears in Wagtail's audit log.
        return _("Vraag %(id)s") % {"id": self.pk}

    @staticmethod
    def retention_days() -> int:
        return settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN
