"""The contact page; the question model is in vraag.py (see there why)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from distro.core.blocks import RICH_TEXT_FEATURES, ContentStreamBlock

from .views import ask_question, contact, thanks

# Django registers the models it finds in models.py; Vraag is one of them.
from .vraag import Vraag

__all__ = ["ContactPage", "Vraag"]


class ContactPage(RoutablePageMixin, Page):
    """Contact details of the steunpunt and the "stel je vraag" form."""

    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("inhoud"), blank=True)
    form_title = models.CharField(_("titel boven het formulier"), max_length=200, default=_("Stel je vraag"))
    form_intro = RichTextField(_("tekst boven het formulier"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you_text = RichTextField(
        _("tekst na versturen"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Leeg: een standaardtekst."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("form_title"), FieldPanel("form_intro"), FieldPanel("thank_you_text")], heading=_("Formulier")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["core.HomePage", "core.ContentPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact en vraag")
        verbose_name_plural = _("contact en vraag")

    @path("")
    def contact_view(self, request):
        return contact(request, self)

    @path("vraag/")
    def form_view(self, request):
        return ask_question(request, self)

    @path("bedankt/")
    def thanks_view(self, request):
        return thanks(request, self)
