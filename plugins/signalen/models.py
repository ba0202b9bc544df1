"""The public pages: "Deel je ervaring" (its form is in views.py) and "Wat we horen".

The registrations and reports are in registraties.py: the views these pages route to need
them, and nothing on that path imports this module back (as in distro.contact).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from distro.core.blocks import RICH_TEXT_FEATURES

# Django registers the models it finds in models.py: the registrations and reports too.
from .presentation import highlights
from .registraties import (
    PaginaWeergave,
    Rapport,
    Registratie,
    StatusWijziging,
    Telling,
    TellingThema,
    Thema,
)
from .views import ervaring_form, ervaring_intro, ervaring_thanks

__all__ = [
    "ErvaringPage",
    "PaginaWeergave",
    "Rapport",
    "Registratie",
    "StatusWijziging",
    "Telling",
    "TellingThema",
    "Thema",
    "WatWeHorenPage",
]


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
        return ervaring_intro(request, self)

    @path("formulier/")
    def form_view(self, request):
        return ervaring_form(request, self)

    @path("bedankt/")
    def thanks_view(self, request):
        return ervaring_thanks(request, self)


class WatWeHorenPage(Page):
    """ "Wat we horen": the highlights of a stored report for everyone, protected as the report is."""

    intro = RichTextField(
        _("introductie"), features=RICH_TEXT_FEATURES, blank=True, help_text=_("Leeg: een standaardtekst.")
    )
    rapport = models.ForeignKey(
        "signalen.Rapport",
        verbose_name=_("verslag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # Only the quarterly reports the system makes and sends to the board: a report someone
        # made for a day or a week would put a small group's figures on the public site.
        limit_choices_to={"automatisch": True},
        help_text=_("Leeg: het nieuwste kwartaalverslag. De pagina toont alleen wat ook in dat verslag staat."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("rapport")]
    # Under a content page only: under the home page every new page would first ask which kind.
    parent_page_types = ["core.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "signalen/wat_we_horen_page.html"

    class Meta:
        verbose_name = _("wat we horen")
        verbose_name_plural = _("wat we horen")

    def shown_report(self):
        automatic = Rapport.objects.filter(automatisch=True)
        if self.rapport_id and automatic.filter(pk=self.rapport_id).exists():
            return self.rapport
        return automatic.order_by("-eind", "-gemaakt_op").first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        rapport = self.shown_report()
        context["rapport"] = rapport
        context["highlights"] = highlights(rapport.inhoud) if rapport else None
        return context
