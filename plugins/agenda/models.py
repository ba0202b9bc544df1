"""Bijeenkomsten (meetings) with sign-up, capacity, waiting list and retention.

``Bijeenkomst`` is a Wagtail page; its dates are ``Sessie`` rows (one for a
single evening, several for a course people sign up for together). Places are
counted in ``Bezetting``, a row of its own that sign-ups update with a
conditional UPDATE, so the count is never overwritten by publishing a page
revision and can never exceed the capacity, whatever arrives at once.
``Aanmelding`` holds the personal data, visible to steunpunt staff only, and
is anonymised by the retention job after the meeting.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, get_translatable_fields

from distro.core.blocks import RICH_TEXT_FEATURES, ContentStreamBlock
from distro.outbox.mixins import MailDeliveryMixin
from distro.outbox.models import Verzending
from distro.outbox.services import delivery_of, status_label

# The taxonomies ("Voor wie", "Thema's") live in their own module; models.Thema etc. still work.
from .taxonomy import Doelgroep, Thema


class AgendaIndexPage(Page):
    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["core.HomePage", "core.ContentPage"]
    subpage_types = ["agenda.Bijeenkomst"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agenda's")


class ExtraVraagBlock(blocks.StructBlock):
    """An extra question on the sign-up form, e.g. "Wat wilt u bespreken?"."""

    label = blocks.CharBlock(label=_("Vraag"), max_length=200)
    help_text = blocks.CharBlock(label=_("Uitleg"), required=False, max_length=300)
    required = blocks.BooleanBlock(label=_("Verplicht"), required=False)
    long_answer = blocks.BooleanBlock(label=_("Lang antwoord (meer regels)"), required=False)

    class Meta:
        icon = "help"
        label = _("Extra vraag")


class Bijeenkomst(Page):
    class Soort(models.TextChoices):
        THEMA_AVOND = "thema-avond", _("Thema-avond")
        OUDERBIJEENKOMST = "ouderbijeenkomst", _("Ouderbijeenkomst")
        SPREEKUUR = "spreekuur", _("Spreekuur")
        ONLINE = "online-sessie", _("Online sessie")
        CURSUS = "cursus", _("Cursus")

    soort = models.CharField(_("soort"), max_length=30, choices=Soort.choices, default=Soort.THEMA_AVOND)
    summary = models.TextField(_("samenvatting"), max_length=400, blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("beschrijving"), blank=True)
    audiences = ParentalManyToManyField(
        Doelgroep,
        verbose_name=_("voor wie"),
        blank=True,
        related_name="bijeenkomsten",
        help_text=_("Mist er een groep? Voeg hem toe in het menu Thema's en doelgroepen."),
    )
    themes = ParentalManyToManyField(
        Thema,
        verbose_name=_("thema's"),
        blank=True,
        related_name="bijeenkomsten",
        help_text=_("Mist er een thema? Voeg het toe in het menu Thema's en doelgroepen."),
    )
    organiser = models.CharField(_("organisator"), max_length=200, blank=True)

    online = models.BooleanField(_("online"), default=False)
    location_name = models.CharField(_("naam van de plek"), max_length=200, blank=True)
    address = models.TextField(_("adres"), blank=True)
    accessibility = models.TextField(
        _("toegankelijkheid"), blank=True, help_text=_("Bijvoorbeeld: rolstoeltoegankelijk, ringleiding, parkeren.")
    )
    # Sent to registered people only; never shown on the site.
    meeting_link = models.URLField(_("link naar de online bijeenkomst"), blank=True)

    capacity = models.PositiveIntegerField(_("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: onbeperkt."))
    signup_opens = models.DateTimeField(_("aanmelden kan vanaf"), null=True, blank=True)
    signup_closes = models.DateTimeField(_("aanmelden kan tot"), null=True, blank=True)
    waiting_list = models.BooleanField(_("wachtlijst als het vol is"), default=True)
    max_persons = models.PositiveSmallIntegerField(_("maximaal aantal personen per aanmelding"), default=2)
    extra_questions = StreamField([("question", ExtraVraagBlock())], verbose_name=_("extra vragen"), blank=True)

    cancelled = models.BooleanField(_("afgelast"), default=False)
    cancel_reason = models.TextField(_("reden van afgelasten"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("soort"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            ]
        ),
        FieldPanel("organiser"),
        InlinePanel("sessies", label=_("Datums"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("online"),
                FieldPanel("location_name"),
                FieldPanel("address"),
                FieldPanel("accessibility"),
                FieldPanel("meeting_link"),
            ],
            heading=_("Plek"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldRowPanel([FieldPanel("signup_opens"), FieldPanel("signup_closes")]),
                FieldPanel("waiting_list"),
                FieldPanel("max_persons"),
                FieldPanel("extra_questions"),
            ],
            heading=_("Aanmelden"),
        ),
        MultiFieldPanel([FieldPanel("cancelled"), FieldPanel("cancel_reason")], heading=_("Afgelasten")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["agenda.AgendaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")

    def clean(self):
        super().clean()
        if not self.online and not (self.location_name or self.address):
            raise ValidationError({"address": _("Vul een plek in, of kies 'online'.")})
        if self.signup_opens and self.signup_closes and self.signup_closes <= self.signup_opens:
            raise ValidationError({"signup_closes": _("Het aanmelden moet sluiten na het openen.")})

    @property
    def starts_at(self):
        first = self.sessies.order_by("start").first()
        return first.start if first else None

    @property
    def ends_at(self):
        last = self.sessies.order_by("-end").first()
        return last.end if last else None


def declare_translatable_fields() -> None:
    """Let wagtail-localize copy "Voor wie" and "Thema's" to a meeting's translations.

    wagtail-localize leaves many-to-many fields out of what it derives by
    itself, so "Vertaling bijwerken" would keep the audiences and themes the
    translation had when it was made. Declared as synchronised, a translation
    always has the source page's choices (the lists are shared by all languages;
    their shipped names come from the catalogue). Called from ready(): deriving
    the other fields needs the app registry.
    """
    if "translatable_fields" in Bijeenkomst.__dict__:
        return
    derived = get_translatable_fields(Bijeenkomst)
    Bijeenkomst.translatable_fields = derived + [SynchronizedField("audiences"), SynchronizedField("themes")]


class Sessie(Orderable):
    """One date of a meeting. A course has several; people sign up for all of them together."""

    bijeenkomst = ParentalKey(Bijeenkomst, on_delete=models.CASCADE, related_name="sessies")
    start = models.DateTimeField(_("begin"))
    end = models.DateTimeField(_("einde"))

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("datum")
        verbose_name_plural = _("datums")

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Het einde moet na het begin liggen.")})


class Bezetting(models.Model):
    """Persons confirmed and waiting per meeting; updated only with conditional UPDATEs."""

    bijeenkomst = models.OneToOneField(Bijeenkomst, on_delete=models.CASCADE, related_name="bezetting")
    confirmed = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)
    # Anonymous counts kept after the personal data is purged, for the signal report.
    attended = models.PositiveIntegerField(default=0)
    no_show = models.PositiveIntegerField(default=0)
    by_role = models.JSONField(default=dict, blank=True)
    ended_signal_sent = models.BooleanField(default=False)


class Aanmelding(MailDeliveryMixin, models.Model):
    mail_kind = "agenda.status"

    class Rol(models.TextChoices):
        OUDER = "ouder", _("Ouder of verzorger")
        JONGERE = "jongere", _("Jongere")
        PROFESSIONAL = "professional", _("Professional")

    class Status(models.TextChoices):
        BEVESTIGD = "bevestigd", _("Aangemeld")
        WACHTLIJST = "wachtlijst", _("Op de wachtlijst")
        GEANNULEERD = "geannuleerd", _("Afgemeld")

    #: States of the status mail, kept by the core outbox (distro.outbox).
    MailStatus = Verzending.Status

    bijeenkomst = models.ForeignKey(Bijeenkomst, on_delete=models.CASCADE, related_name="aanmeldingen")
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    persons = models.PositiveSmallIntegerField(_("aantal personen"), default=1)
    role = models.CharField(_("ik ben"), max_length=20, choices=Rol.choices)
    name = models.CharField(_("naam"), max_length=100)
    email = models.EmailField(_("e-mailadres"))
    answers = models.JSONField(_("antwoorden"), default=list, blank=True)
    language = models.CharField(_("taal"), max_length=10, default="nl")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("van de wachtlijst gehaald op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["bijeenkomst", "status"])]
        constraints = [
            # One active registration per e-mail address per meeting. The sign-up
            # service merges a second sign-up into the first; this index makes that
            # race-free when two arrive at once (the loser gets an IntegrityError
            # and retries as a merge). Cancelled and anonymised rows are left out:
            # people may sign up again after cancelling, and purged rows have no
            # address any more.
            models.UniqueConstraint(
                Lower("email"),
                F("bijeenkomst"),
                condition=Q(status__in=["bevestigd", "wachtlijst"], anonymised_at__isnull=True),
                name="agenda_aanmelding_een_per_email",
            ),
        ]

    def __str__(self):
        # No personal data: this text appears in Wagtail's audit log.
        return _("Aanmelding %(id)s") % {"id": self.pk}

    @staticmethod
    def retention_days() -> int:
        return getattr(settings, "STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN", 30)

    def purge_after(self):
        ends = self.bijeenkomst.ends_at
        return ends + timedelta(days=self.retention_days()) if ends else None

    # --- The status mail, read from the core outbox (kind "agenda.status") -----------------


class Bericht(models.Model):
    """A message staff sent to the registrants of a meeting ("Bericht aan alle aanmeldingen").

    The text is kept so a failed delivery can be retried later, and is purged
    with the registrations (retention.py): it may well name people or situations.
    """

    bijeenkomst = models.ForeignKey(Bijeenkomst, on_delete=models.CASCADE, related_name="berichten")
    onderwerp = models.CharField(_("onderwerp"), max_length=150)
    tekst = models.TextField(_("bericht"))
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # No subject or text: this may end up in logs and the audit log.
        return _("Bericht %(id)s") % {"id": self.pk}


class BerichtVerzending(models.Model):
    """The delivery of one ``Bericht`` to one registration; failed ones are retried by jobs.py."""

    #: States of the delivery, kept by the core outbox (kind "agenda.bericht").
    #: "Vervallen" here means: the registration was cancelled before the message went out.
    Status = Verzending.Status

    bericht = models.ForeignKey(Bericht, on_delete=models.CASCADE, related_name="verzendingen")
    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="berichten")

    class Meta:
        verbose_name = _("verzending van een bericht")
        verbose_name_plural = _("verzendingen van berichten")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["bericht", "aanmelding"], name="agenda_bericht_een_per_aanmelding")
        ]

    def __str__(self):
        return _("Verzending %(id)s") % {"id": self.pk}

    # --- The delivery, read from the core outbox ------------------------------------------

    @property
    def delivery(self):
        """The outbox row; the message screen attaches them all in one query."""
        if "_delivery" not in self.__dict__:
            self.__dict__["_delivery"] = delivery_of("agenda.bericht", self.pk)
        return self.__dict__["_delivery"]

    @delivery.setter
    def delivery(self, value):
        self.__dict__["_delivery"] = value

    @property
    def status(self) -> str | None:
        return self.delivery.status if self.delivery else None

    def get_status_display(self) -> str:
        if self.status == self.Status.VERVALLEN:
            return str(_("Niet verstuurd (afgemeld)"))
        return status_label(self.status)

    @property
    def attempts(self) -> int:
        return self.delivery.attempts if self.delivery else 0

    @property
    def error(self) -> str:
        return self.delivery.error if self.delivery else ""

    @property
    def sent_at(self):
        return self.delivery.sent_at if self.delivery else None
