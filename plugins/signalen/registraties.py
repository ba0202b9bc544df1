"""Registrations of contacts and signals, their status history, stored reports and page views.

The public pages are in models.py (they route to views.py, which needs these).

A registration holds no name, address or contact detail: only what the
board's figures need, plus an optional short note that is scrubbed of
personal data before it is saved and deleted after its retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The longest note staff (or a visitor in "Deel je ervaring") can write.
NOTE_MAX_LENGTH = 2000
#: A contact of more than a working day is a typing error.
MAX_MINUTES = 600


class Thema(models.Model):
    """A theme of the registrations: by default those of the national informatieset."""

    naam = models.CharField(_("naam"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=80, blank=True, help_text=_("Code van het landelijke thema."))
    volgorde = models.PositiveIntegerField(_("volgorde"), default=0)
    actief = models.BooleanField(_("kiezen bij registreren"), default=True)

    class Meta:
        verbose_name = _("thema van registraties")
        verbose_name_plural = _("thema's van registraties")
        ordering = ["volgorde", "naam"]

    def __str__(self):
        return self.naam


class Kanaal(models.TextChoices):
    TELEFOON = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SPREEKUUR = "spreekuur", _("Spreekuur")
    WEBSITE = "website", _("Website")
    BIJEENKOMST = "bijeenkomst", _("Bijeenkomst")


class Vraagsteller(models.TextChoices):
    OUDER = "ouder", _("Ouder")
    JONGERE = "jongere", _("Jongere")
    PROFESSIONAL = "professional", _("Professional")
    ANDERS = "anders", _("Anders")


class Schoolsoort(models.TextChoices):
    PO = "po", _("Basisonderwijs (po)")
    VO = "vo", _("Voortgezet onderwijs (vo)")
    SO = "so", _("Speciaal onderwijs (so)")
    VSO = "vso", _("Voortgezet speciaal onderwijs (vso)")
    MBO = "mbo", _("Mbo")
    ANDERS = "anders", _("Anders")


class Aard(models.TextChoices):
    VRAAG = "vraag", _("Vraag")
    ZORG = "zorg", _("Zorg")
    KLACHT = "klacht", _("Klacht")
    SIGNAAL = "signaal", _("Signaal")
    COMPLIMENT = "compliment", _("Compliment")


class Afhandeling(models.TextChoices):
    INFORMATIE = "informatie", _("Informatie gegeven")
    ADVIES = "advies", _("Advies")
    DOORVERWEZEN = "doorverwezen", _("Doorverwezen")
    BEMIDDELING = "bemiddeling", _("Bemiddeling")
    ANDERS = "anders", _("Anders")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEROND = "afgerond", _("Afgerond")
    HEROPEND = "heropend", _("Heropend")


class Bron(models.TextChoices):
    MEDEWERKER = "medewerker", _("Geregistreerd door het steunpunt")
    VRAAG = "vraag", _("Vraag via de website")
    ERVARING = "ervaring", _("Deel je ervaring")


class Registratie(models.Model):
    """One contact, question or signal, as the steunpunt's statistics."""

    #: Wagtail's "used by" counts on an organisation, municipality or theme would tell anyone who
    #: may edit those how many registrations point to them.
    wagtail_reference_index_ignore = True

    datum = models.DateField(_("datum"), default=timezone.localdate, db_index=True)
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices, blank=True)
    vraagsteller = models.CharField(_("wie vraagt"), max_length=20, choices=Vraagsteller.choices, blank=True)
    schoolsoort = models.CharField(_("soort school"), max_length=20, choices=Schoolsoort.choices, blank=True)
    gemeente = models.ForeignKey(
        "socialekaart.Gemeente",
        verbose_name=_("gemeente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themas = models.ManyToManyField(Thema, verbose_name=_("thema's"), blank=True, related_name="registraties")
    aard = models.CharField(_("soort contact"), max_length=20, choices=Aard.choices, blank=True)
    afhandeling = models.CharField(_("afhandeling"), max_length=20, choices=Afhandeling.choices, blank=True)
    doorverwezen_naar = models.ForeignKey(
        "socialekaart.Organisatie",
        verbose_name=_("doorverwezen naar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minuten = models.PositiveIntegerField(_("tijd in minuten"), default=0, validators=[MaxValueValidator(MAX_MINUTES)])
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    notitie = models.TextField(_("korte notitie"), max_length=NOTE_MAX_LENGTH, blank=True)
    bron = models.CharField(_("bron"), max_length=20, choices=Bron.choices, default=Bron.MEDEWERKER)
    #: The contact-form question this came from (its number only: nothing of the sender is copied).
    vraag_nummer = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    aangemaakt = models.DateTimeField(_("geregistreerd op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        ordering = ["-datum", "-pk"]
        indexes = [models.Index(fields=["datum", "status"], name="signalen_registratie_datum")]

    def __str__(self):
        # No content: this text appears in Wagtail's audit log.
        return _("Registratie %(id)s") % {"id": self.pk}

    def clean(self):
        if self.afhandeling != Afhandeling.DOORVERWEZEN and self.doorverwezen_naar_id:
            self.doorverwezen_naar = None

    @staticmethod
    def note_days() -> int:
        return settings.STEUNPUNT_SIGNALEN_NOTITIE_BEWAARTERMIJN_DAGEN


class Telling(models.Model):
    """A registration as the reports count it, frozen the first time a stored report covers it.

    Reports are compared with each other (a year with its quarters), so a day once reported
    must keep the same registrations with the same categories: a change later would show up
    as the difference between two reports, and that is a few people. Staff still change the
    registration itself; the reports keep counting this copy. No foreign keys: deleting a
    registration, a municipality or an organisation changes no report.
    """

    registratie_id = models.PositiveBigIntegerField(null=True, db_index=True)
    #: The day it counts on: its date, or the day it was entered if its date was reported already.
    teldatum = models.DateField(db_index=True)
    kanaal = models.CharField(max_length=20, blank=True)
    vraagsteller = models.CharField(max_length=20, blank=True)
    schoolsoort = models.CharField(max_length=20, blank=True)
    gemeente_id = models.PositiveBigIntegerField(null=True)
    aard = models.CharField(max_length=20, blank=True)
    afhandeling = models.CharField(max_length=20, blank=True)
    doorverwezen_naar_id = models.PositiveBigIntegerField(null=True)
    minuten = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("telling")
        verbose_name_plural = _("tellingen")


class TellingThema(models.Model):
    telling = models.ForeignKey(Telling, on_delete=models.CASCADE, related_name="themas")
    thema_id = models.PositiveBigIntegerField(db_index=True)


class StatusWijziging(models.Model):
    """One step in a registration's history. Appended, never changed."""

    registratie = models.ForeignKey(Registratie, on_delete=models.CASCADE, related_name="geschiedenis")
    van = models.CharField(_("van"), max_length=20, choices=Status.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=Status.choices)
    wanneer = models.DateTimeField(_("wanneer"), default=timezone.now)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("door"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["wanneer", "pk"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A status change is history: it is never edited.")
        super().save(*args, **kwargs)


class Rapport(models.Model):
    """A report for the board as it was made: its parameters and exactly what it published."""

    class Soort(models.TextChoices):
        MAAND = "maand", _("Maand")
        KWARTAAL = "kwartaal", _("Kwartaal")
        JAAR = "jaar", _("Jaar")
        ANDERS = "anders", _("Andere periode")

    titel = models.CharField(_("titel"), max_length=200)
    soort = models.CharField(_("soort periode"), max_length=20, choices=Soort.choices)
    start = models.DateField(_("van"))
    eind = models.DateField(_("tot en met"))
    k = models.PositiveSmallIntegerField(_("kleinste getoonde aantal"))
    #: The published figures only (hidden cells without their values): see report.py.
    inhoud = models.JSONField(_("inhoud"))
    gemaakt_op = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    automatisch = models.BooleanField(_("door de vaste taak gemaakt"), default=False)

    class Meta:
        verbose_name = _("verslag")
        verbose_name_plural = _("verslagen")
        ordering = ["-eind", "-gemaakt_op"]

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("A report is stored as it was made: it is never changed.")
        super().save(*args, **kwargs)


class PaginaWeergave(models.Model):
    """How often a page was viewed in a month. A counter only: nothing about who viewed it."""

    pagina = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    maand = models.DateField()
    aantal = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("paginaweergave")
        verbose_name_plural = _("paginaweergaven")
        constraints = [models.UniqueConstraint(fields=["pagina", "maand"], name="signalen_weergave_per_maand")]
