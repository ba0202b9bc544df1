from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from distro.extensions import HomePanel, home_page_panels
from distro.pagecache import lookups
from distro.pagecache.store import cached_fragment, cached_object
from distro.theming.contrast import HEX_COLOUR, contrast_ratio
from distro.theming.themes import available_themes

from .blocks import RICH_TEXT_FEATURES, AudienceBlock, ContentStreamBlock, PillarBlock
from .forms import SteunpuntSettingsForm
from .toc import page_outline

MIN_CONTRAST = 4.5


class HomePage(Page):
    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)
    pillars = StreamField(
        [("pillar", PillarBlock())],
        verbose_name=_("pijlers"),
        blank=True,
        max_num=3,
        help_text=_("Informeren, steunen en signaleren: wat het steunpunt voor ouders en jongeren doet."),
    )
    body = StreamField(ContentStreamBlock(), verbose_name=_("inhoud"), blank=True)
    show_contact = models.BooleanField(_("contactgegevens tonen"), default=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pagina voor de knop 'Stel je vraag'"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Meestal de contactpagina. Leeg: geen knop. De knop 'Bel ons' komt uit het telefoonnummer."),
    )
    audiences = StreamField(
        [("audience", AudienceBlock())],
        verbose_name=_("ingangen per doelgroep"),
        blank=True,
        max_num=4,
        help_text=_(
            "Bijvoorbeeld voor ouders, voor jongeren en voor professionals. Elke ingang linkt naar een pagina."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        PageChooserPanel("cta_page"),
        FieldPanel("audiences"),
        FieldPanel("pillars"),
        FieldPanel("body"),
        FieldPanel("show_contact"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("startpagina")
        verbose_name_plural = _("startpagina's")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        panels = [
            panel
            for _receiver, panel in home_page_panels.send_robust(sender=type(self), request=request, page=self)
            if isinstance(panel, HomePanel)
        ]
        context["panels"] = sorted(panels, key=lambda p: p.order)
        context.update(self.links_in_language())
        return context

    def links_in_language(self):
        """The button's, ways in's and pillars' pages in the visitor's language, in one query.

        Language copies of the home page point to the Dutch pages; a link goes
        to the page's translation when there is a live one, else to the page itself.
        """
        audiences = [block.value for block in self.audiences if block.value.get("page")]
        pillars = [block.value for block in self.pillars]
        pages = [self.cta_page] + [a["page"] for a in audiences] + [p["page"] for p in pillars]
        pages = [page for page in pages if page is not None]
        translated = {}
        if any(page.locale_id != self.locale_id for page in pages):
            translations = Page.objects.filter(
                translation_key__in=[page.translation_key for page in pages], locale_id=self.locale_id
            ).live()
            translated = {page.translation_key: page for page in translations}

        def local(page):
            return None if page is None else translated.get(page.translation_key, page)

        return {
            "cta_page": local(self.cta_page),
            "audience_links": [{**a, "page": local(a["page"])} for a in audiences],
            "pillar_links": [{**p, "page": local(p["page"])} for p in pillars],
        }


class ContentPage(Page):
    intro = models.TextField(_("samenvatting"), blank=True, max_length=500)
    body = StreamField(ContentStreamBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["core.HomePage", "core.ContentPage"]

    class Meta:
        verbose_name = _("inhoudspagina")
        verbose_name_plural = _("inhoudspagina's")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["outline"] = page_outline(self.body)
        # Pages next to this one, or below it: the side column's "Zie ook".
        # Plain pages suffice (title and URL): no query per page type.
        # The same until the content changes: kept in the render cache (distro.pagecache).
        context["related_pages"] = cached_fragment("related", self.pk, build=self.related_pages)
        return context

    def related_pages(self) -> list[Page]:
        related = list(lookups.public(self.get_children().live())[:6])
        return related or list(lookups.public(self.get_siblings(inclusive=False).live())[:6])


@register_setting(icon="home")
class SteunpuntSettings(BaseSiteSetting):
    """Who runs this site and how to reach the steunpunt."""

    #: The logo is shown in every page's header and the picture on the home page:
    #: load them with the settings instead of one query each.
    select_related = ["logo", "hero_image"]

    @classmethod
    def for_request(cls, request):
        """The site's settings, read from the render cache: every page shows them, they rarely change.

        Each request gets its own copy (``cached_object``). The admin's settings
        screen reads the database itself (``for_site``).
        """
        attr = cls.get_cache_attr_name()
        if not hasattr(request, attr):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            instance = cached_object("site-settings", site.pk, build=lambda: cls.for_site(site))
            instance._request = request  # as Wagtail's for_request: cheaper page URLs
            setattr(request, attr, instance)
        return getattr(request, attr)

    swv_name = models.CharField(_("naam samenwerkingsverband"), max_length=200, default="")
    steunpunt_name = models.CharField(_("naam steunpunt"), max_length=200, default=_("Ouder- en jeugdsteunpunt"))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("afbeelding op de startpagina"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Mag weg. Een rustige foto of tekening naast de welkomsttekst."),
    )
    hero_image_alt = models.CharField(
        _("beschrijving van de afbeelding"),
        max_length=250,
        blank=True,
        help_text=_("Wat staat er op de afbeelding? Voor mensen die hem niet kunnen zien."),
    )
    hero_image_decorative = models.BooleanField(
        _("de afbeelding is alleen versiering"),
        default=False,
        help_text=_("Alleen aanvinken als de afbeelding niets vertelt. Schermlezers slaan hem dan over."),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres voor bezoekers"), blank=True)
    whatsapp = models.CharField(
        _("WhatsApp-nummer"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9 ]{8,20}$", _("Vul een telefoonnummer in, bijvoorbeeld +31 6 12345678."))],
    )
    address = models.TextField(_("adres"), blank=True)
    opening_hours = models.TextField(
        _("bereikbaar"), blank=True, help_text=_("Bijvoorbeeld: maandag tot en met donderdag 9.00 - 17.00 uur")
    )
    walk_in_hours = models.TextField(_("inloopspreekuur"), blank=True)
    mailbox = models.EmailField(
        _("mailbox van het steunpunt"),
        blank=True,
        help_text=_(
            "Vragen uit het contactformulier gaan naar dit adres. Alleen medewerkers van het steunpunt mogen dit lezen."
        ),
    )
    theme = models.CharField(
        _("thema"), max_length=50, blank=True, help_text=_("Leeg: het standaardthema van de installatie.")
    )
    primary_colour = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text=_("Eigen kleur voor knoppen en links, bijvoorbeeld #00539b. Moet goed leesbaar zijn op wit."),
    )
    languages = models.CharField(
        _("talen"),
        max_length=200,
        blank=True,
        help_text=_("Talen in de taalkeuze op de website. Leeg: alle talen van de installatie."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("swv_name"), FieldPanel("steunpunt_name"), FieldPanel("logo")], heading=_("Organisatie")
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt"), FieldPanel("hero_image_decorative")],
            heading=_("Startpagina"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("whatsapp")]),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
                FieldPanel("walk_in_hours"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("mailbox"),
        MultiFieldPanel([FieldPanel("theme"), FieldPanel("primary_colour")], heading=_("Uiterlijk")),
        FieldPanel("languages"),
    ]

    base_form_class = SteunpuntSettingsForm

    class Meta:
        verbose_name = _("steunpunt")

    def clean(self):
        errors = {}
        if self.theme and self.theme not in available_themes():
            errors["theme"] = _("Dit thema bestaat niet. Kies uit: %(themes)s.") % {
                "themes": ", ".join(available_themes())
            }
        if self.primary_colour and HEX_COLOUR.regex.match(self.primary_colour):
            ratio = contrast_ratio(self.primary_colour, "#ffffff")
            if ratio < MIN_CONTRAST:
                errors["primary_colour"] = _(
                    "Deze kleur is te licht: het contrast met wit is %(ratio)s:1, en moet minstens 4,5:1 zijn. Kies een donkerdere kleur."
                ) % {"ratio": number_format(ratio, 1)}
        if self.hero_image_id and not self.hero_image_alt.strip() and not self.hero_image_decorative:
            errors["hero_image_alt"] = _(
                "Beschrijf wat er op de afbeelding staat. Of vink aan dat de afbeelding alleen versiering is."
            )
        codes = self.language_codes
        offered = dict(settings.LANGUAGES)
        unknown = [c for c in codes if c not in offered]
        if unknown:
            errors["languages"] = _("Onbekende taal: %(codes)s. Kies uit: %(offered)s.") % {
                "codes": ", ".join(unknown),
                "offered": ", ".join(offered),
            }
        if errors:
            raise ValidationError(errors)

    @property
    def language_codes(self):
        return [c.strip() for c in self.languages.split(",") if c.strip()]

    def offered_languages(self):
        codes = self.language_codes
        return [(c, name) for c, name in settings.LANGUAGES if not codes or c in codes or c == "nl"]


class MenuItem(Orderable):
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("pagina"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("of een webadres"), blank=True)
    label = models.CharField(_("tekst"), max_length=100, blank=True, help_text=_("Leeg: de titel van de pagina."))

    panels = [PageChooserPanel("page"), FieldPanel("url"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self):
        if bool(self.page_id) == bool(self.url):
            raise ValidationError(_("Kies een pagina óf vul een webadres in."))
        if self.url and not self.label:
            raise ValidationError({"label": _("Vul een tekst in voor deze link.")})


@register_setting(icon="list-ul")
class Navigatie(ClusterableModel, BaseSiteSetting):
    panels = [
        InlinePanel("main_menu_items", heading=_("Hoofdmenu"), label=_("Menu-item")),
        InlinePanel("footer_menu_items", heading=_("Menu onderaan de pagina"), label=_("Link")),
    ]

    class Meta:
        verbose_name = _("menu's")


class MainMenuItem(MenuItem):
    navigatie = ParentalKey(Navigatie, related_name="main_menu_items", on_delete=models.CASCADE)


class FooterMenuItem(MenuItem):
    navigatie = ParentalKey(Navigatie, related_name="footer_menu_items", on_delete=models.CASCADE)
