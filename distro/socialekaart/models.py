"""The sociale kaart: regional organisations that support parents and young people."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from distro.core.blocks import RICH_TEXT_FEATURES
from distro.core.richtext import PrefetchableRichText, prefetch_rich_text
from distro.pagecache import lookups

from .forms import FilterForm


def with_fallback(queryset, locale_id, default_locale_id):
    """Items in the given language, plus the Dutch (default) ones not translated into it yet.

    One query, so a half-translated sociale kaart shows every organisation:
    the translated ones in the visitor's language, the others in Dutch.
    """
    if locale_id == default_locale_id:
        return queryset.filter(locale_id=locale_id)
    translated = queryset.model.objects.filter(locale_id=locale_id).values("translation_key")
    return queryset.filter(
        models.Q(locale_id=locale_id)
        | (models.Q(locale_id=default_locale_id) & ~models.Q(translation_key__in=translated))
    )


class Thema(TranslatableMixin, models.Model):
    name = models.CharField(_("naam"), max_length=100)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Gemeente(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)

    panels = [FieldPanel("name")]

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisatie(TranslatableMixin, index.Indexed, ClusterableModel):
    name = models.CharField(_("naam"), max_length=200)
    description = RichTextField(_("wat doen ze?"), features=RICH_TEXT_FEATURES)
    themes = ParentalManyToManyField(Thema, verbose_name=_("thema's"), blank=True, related_name="organisaties")
    municipalities = ParentalManyToManyField(
        Gemeente,
        verbose_name=_("gemeenten"),
        blank=True,
        related_name="organisaties",
        help_text=_("Leeg: de hele regio."),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    address = models.TextField(_("adres"), blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("municipalities", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]), FieldPanel("address"), FieldPanel("website")],
            heading=_("Contact"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SocialeKaartPage(Page):
    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["core.HomePage", "core.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("sociale kaart")
        verbose_name_plural = _("sociale kaarten")

    def organisations(self, default_locale):
        return with_fallback(Organisatie.objects.all(), self.locale_id, default_locale.pk)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        default_locale = lookups.default_locale()
        form = FilterForm(
            request.GET or None,
            themes=with_fallback(Thema.objects.all(), self.locale_id, default_locale.pk),
            municipalities=Gemeente.objects.all(),
        )
        organisaties = self.organisations(default_locale)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("thema"):
                # Themes are matched across languages, so a Dutch organisation
                # shown on the English page still matches an English theme.
                organisaties = organisaties.filter(themes__translation_key=data["thema"].translation_key)
            if data.get("gemeente"):
                # No municipalities means the whole region: always shown.
                organisaties = organisaties.filter(
                    models.Q(municipalities=data["gemeente"]) | models.Q(municipalities__isnull=True)
                )
            if data.get("q"):
                organisaties = organisaties.filter(
                    models.Q(name__icontains=data["q"]) | models.Q(description__icontains=data["q"])
                )
        organisaties = list(organisaties.distinct().prefetch_related("themes", "municipalities"))
        # Expand the links in all descriptions at once rather than per card;
        # the template's |richtext filter passes a RichText through unchanged.
        for organisatie in organisaties:
            organisatie.description = PrefetchableRichText(organisatie.description)
        prefetch_rich_text([o.description for o in organisaties])
        context["filter_form"] = form
        context["organisaties"] = organisaties
        return context
