"""The public "Deel je ervaring" page: its text is the editors', its form is views.ervaring."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from distro.core.blocks import RICH_TEXT_FEATURES

DEFAULT_INTRO = _(
    "Wat je meemaakt met school en onderwijs, helpt het samenwerkingsverband om het beter te doen. "
    "Vertel het ons. We vragen geen naam, geen adres en geen telefoonnummer. Het steunpunt leest je "
    "verhaal en telt het mee, zonder dat iemand weet dat het van jou komt."
)


class ErvaringPage(RoutablePageMixin, Page):
    intro = RichTextField(
        _("introductie"), features=RICH_TEXT_FEATURES, blank=True, help_text=_("Leeg: een standaardtekst.")
    )
    thank_you_text = RichTextField(
        _("tekst na versturen"), features=RICH_TEXT_FEATURES, blank=True, help_text=_("Leeg: een standaardtekst.")
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thank_you_text")]
    parent_page_types = ["core.HomePage", "core.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "signalen/ervaring_page.html"

    class Meta:
        verbose_name = _("deel je ervaring")
        verbose_name_plural = _("deel je ervaring")

    @path("")
    def intro_view(self, request):
        from .views import ervaring_intro

        return ervaring_intro(request, self)

    @path("formulier/")
    def form_view(self, request):
        from .views import ervaring_form

        return ervaring_form(request, self)

    @path("bedankt/")
    def thanks_view(self, request):
        from .views import ervaring_thanks

        return ervaring_thanks(request, self)
