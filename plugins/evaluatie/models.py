"""Evaluation forms, their anonymous responses, and the invitations to answer them.

Anonymous by construction (docs/evaluatie.md): a ``Reactie`` holds the form,
the language, the month and what it is about (a meeting), and its answers;
no IP address, user agent, account, cookie, code, channel or exact time.
Its key is random, so not even the order of the responses is stored. An
``Uitnodiging`` knows whether it was used, never by which response.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from distro.core.blocks import RICH_TEXT_FEATURES

from .blocks import VragenBlock


class Doelgroep(models.TextChoices):
    OUDERS = "ouders", _("Ouders")
    JONGEREN = "jongeren", _("Jongeren (12 tot 18 jaar)")
    KINDEREN = "kinderen", _("Kinderen")
    IEDEREEN = "iedereen", _("Iedereen")


class Soort(models.TextChoices):
    BIJEENKOMST = "bijeenkomst", _("Na een bijeenkomst")
    GESPREK = "gesprek", _("Na een gesprek met het steunpunt")
    INFORMATIE = "informatie", _("Over de informatie op de site")


class Evaluatieformulier(Page):
    soort = models.CharField(_("waarover"), max_length=20, choices=Soort.choices, default=Soort.BIJEENKOMST)
    doelgroep = models.CharField(_("voor wie"), max_length=20, choices=Doelgroep.choices, default=Doelgroep.OUDERS)
    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)
    vragen = StreamField(VragenBlock(), verbose_name=_("vragen"))
    bedankt = RichTextField(
        _("bedankt-tekst"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Wat iemand ziet nadat hij de vragen heeft beantwoord."),
    )
    open_vanaf = models.DateTimeField(_("open vanaf"), null=True, blank=True)
    open_tot = models.DateTimeField(_("open tot"), null=True, blank=True)
    bewaartermijn_maanden = models.PositiveSmallIntegerField(
        _("reacties bewaren (maanden)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Daarna worden de reacties verwijderd. De cijfers in verslagen blijven."),
    )
    na_bijeenkomst = models.BooleanField(
        _("uitnodigen na bijeenkomsten"),
        default=False,
        help_text=_(
            "Wie bij een bijeenkomst uit de agenda was, krijgt een e-mail met een link naar deze vragenlijst. "
            "Dit kan bij één formulier tegelijk."
        ),
    )
    uren_na_afloop = models.PositiveSmallIntegerField(
        _("e-mail versturen na (uren)"),
        default=2,
        validators=[MaxValueValidator(168)],
        help_text=_("Hoeveel uur na het einde van de bijeenkomst de e-mail gaat (0 tot 168)."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("soort"), FieldPanel("doelgroep")]),
        FieldPanel("intro"),
        FieldPanel("vragen"),
        FieldPanel("bedankt"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("open_vanaf"), FieldPanel("open_tot")]), FieldPanel("bewaartermijn_maanden")],
            heading=_("Open en bewaren"),
        ),
        MultiFieldPanel([FieldPanel("na_bijeenkomst"), FieldPanel("uren_na_afloop")], heading=_("Uitnodigen")),
    ]
    # Under a content page ("Uw mening"), not the home page: there a new page would then always
    # start with a choice of type, where editors now go straight to a content page.
    parent_page_types = ["core.ContentPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evaluatieformulier")
        verbose_name_plural = _("evaluatieformulieren")

    def clean(self):
        super().clean()
        if not self.na_bijeenkomst:
            return
        if self.soort != Soort.BIJEENKOMST:
            raise ValidationError(
                {"na_bijeenkomst": _("Alleen een formulier 'Na een bijeenkomst' kan na bijeenkomsten uitnodigen.")}
            )
        other = (
            Evaluatieformulier.objects.filter(na_bijeenkomst=True).exclude(translation_key=self.translation_key).first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "na_bijeenkomst": _(
                        "Het formulier '%(title)s' nodigt al uit na bijeenkomsten. Zet het daar eerst uit."
                    )
                    % {"title": other.title}
                }
            )

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.open_vanaf is None or self.open_vanaf <= now) and (self.open_tot is None or now < self.open_tot)


def first_of_month(moment=None):
    return timezone.localdate(moment).replace(day=1)


class Reactie(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: The form's translation_key: the answers in every language of one form count together.
    formulier = models.UUIDField(_("formulier"), db_index=True)
    taal = models.CharField(_("taal"), max_length=10)
    maand = models.DateField(_("maand"), default=first_of_month)
    doelgroep = models.CharField(_("voor wie"), max_length=20, choices=Doelgroep.choices)
    #: What it is about, as the inviting plugin names it ("agenda.bijeenkomst:12"); "" for none.
    onderwerp = models.CharField(_("onderwerp"), max_length=100, blank=True)
    #: Counted on the dashboard. New responses are released k at a time (services.release):
    #: looking before and after never shows what one person answered.
    vrijgegeven = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        indexes = [
            models.Index(fields=["formulier", "maand"]),
            # Each answer counts how many wait for release (services.release): a few index entries.
            models.Index(fields=["formulier", "vrijgegeven"], name="evaluatie_reactie_wacht"),
        ]


#: What responses are grouped by, in the dashboard's filters and the kept counts (Telling).
GROUP_FIELDS = ("formulier", "maand", "taal", "doelgroep", "onderwerp")
#: What every answer copies from its response (Antwoord).
RESPONSE_FIELDS = (*GROUP_FIELDS, "vrijgegeven")


class Antwoord(models.Model):
    """One answer to one question (a multiple choice: one row per choice).

    ``formulier``, ``maand``, ``taal``, ``doelgroep`` and ``onderwerp`` are
    copies of the response's, nothing more: with them in one index the
    dashboard counts every filter of a form's answers from that index alone,
    without reading the table or joining the responses (bench/evaluatie.py).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reactie = models.ForeignKey(Reactie, on_delete=models.CASCADE, related_name="antwoorden")
    formulier = models.UUIDField()
    #: The question's block id (the same in every translation).
    vraag = models.CharField(max_length=64)
    waarde = models.SmallIntegerField(null=True, blank=True)
    tekst = models.TextField(blank=True)
    maand = models.DateField()
    taal = models.CharField(max_length=10)
    doelgroep = models.CharField(max_length=20)
    onderwerp = models.CharField(max_length=100, blank=True)
    vrijgegeven = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        indexes = [
            models.Index(
                fields=[
                    "formulier",
                    "vraag",
                    "waarde",
                    "maand",
                    "taal",
                    "doelgroep",
                    "onderwerp",
                    "vrijgegeven",
                    "reactie",
                ],
                name="evaluatie_antwoord_telling",
            )
        ]


class Kanaal(models.TextChoices):
    MAIL = "mail", _("E-mail na een bijeenkomst")
    GESPREK = "gesprek", _("Na een gesprek")
    OPEN = "open", _("Open link")


class Uitnodiging(models.Model):
    """A code to answer a form once (or, for an open link, any number of times until it expires).

    Only a keyed hash of the code is stored: someone who reads the database cannot use it.
    """

    formulier = models.UUIDField(_("formulier"), db_index=True)
    kanaal = models.CharField(_("kanaal"), max_length=10, choices=Kanaal.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=100, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    aangemaakt = models.DateField(_("gemaakt op"), default=timezone.localdate)
    geldig_tot = models.DateTimeField(_("geldig tot"))
    #: Single use: whether it was used. Open link: how often. Never which response came of it.
    keer_gebruikt = models.PositiveIntegerField(_("keer gebruikt"), default=0)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")


class Onderwerp(models.Model):
    """The name of what responses are about, for the dashboard's filter ("Thema-avond dyslexie, 12 maart")."""

    sleutel = models.CharField(max_length=100, primary_key=True)
    naam = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("onderwerp")
        verbose_name_plural = _("onderwerpen")


class Uitnodigingsmail(models.Model):
    """An invitation still to be e-mailed to someone who came to a meeting.

    Holds the address only until the mail is sent or lapses (jobs.py deletes
    the row then) and never the code: the code is made when the mail is built
    and only its hash is stored, on the invitation.
    """

    uitnodiging = models.OneToOneField(Uitnodiging, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    taal = models.CharField(max_length=10)
    versturen_na = models.DateTimeField(db_index=True)
    ingepland = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("uitnodiging per e-mail")
        verbose_name_plural = _("uitnodigingen per e-mail")


class GebruikteToegang(models.Model):
    """A spent ticket (see services.py): it cannot be used for a second response.

    Holds a hash of the ticket's random part and the first day of a month
    after the ticket has surely expired (then the row goes): no time finer than
    the month that a response has, and nothing that says which response it gave.
    """

    sleutel = models.CharField(max_length=64, primary_key=True)
    weg_na = models.DateField()


class Telling(models.Model):
    """Counts kept when the retention job deletes responses, so figures already shown stay.

    Per form, month, language, audience and subject: the number of responses
    (``vraag`` "") and, per question and value, of answers. Open answers are
    not kept.
    """

    formulier = models.UUIDField(db_index=True)
    maand = models.DateField()
    taal = models.CharField(max_length=10)
    doelgroep = models.CharField(max_length=20)
    onderwerp = models.CharField(max_length=100, blank=True)
    vraag = models.CharField(max_length=64, blank=True)
    waarde = models.SmallIntegerField(null=True)
    aantal = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("bewaarde telling")
        verbose_name_plural = _("bewaarde tellingen")


class PaginaOordeel(models.Model):
    """ "Was deze informatie nuttig?": the yes and no votes of one page (in one language) in one month.

    Only counters: a vote leaves no row of its own, so nothing says who voted or when.
    """

    pagina = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    taal = models.CharField(max_length=10)
    maand = models.DateField(default=first_of_month)
    ja = models.PositiveIntegerField(default=0)
    nee = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("oordeel over een pagina")
        verbose_name_plural = _("oordelen over pagina's")
        constraints = [models.UniqueConstraint(fields=["pagina", "maand"], name="evaluatie_oordeel_per_maand")]


class PaginaOpmerking(models.Model):
    """The optional comment with a vote: its page, language, month and text, nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pagina = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    taal = models.CharField(max_length=10)
    maand = models.DateField(default=first_of_month)
    nuttig = models.BooleanField()
    tekst = models.TextField()

    class Meta:
        verbose_name = _("opmerking over een pagina")
        verbose_name_plural = _("opmerkingen over pagina's")
