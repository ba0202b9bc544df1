"""The blocks of national text: one block type per block type of feed v1.

A feed block becomes exactly one of these, so the page stores every field of
the feed and an export gives the same feed back. Rich text keeps the feed's
own HTML subset; ``informatieset:<key>`` links are stored as
``<a linktype="informatieset" key="...">`` and resolved when the page is shown,
so a link to a page that arrives in a later sync works without touching the
page that links to it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from distro.core.blocks import ImageChooserBlock, RichTextBlock
from distro.core.richtext import prefetch_rich_text

NATIONAL_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _rich_text(label, **kwargs):
    return RichTextBlock(label=label, features=NATIONAL_RICH_TEXT_FEATURES, **kwargs)


class NationalHeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tekst"), max_length=255)
    level = blocks.ChoiceBlock(label=_("Niveau"), choices=[("2", _("Kop")), ("3", _("Tussenkop"))], default="2")

    class Meta:
        icon = "title"
        label = _("Kop")
        template = "informatieset_sync/blocks/heading.html"


class NationalFAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Vraag"))
    answer = _rich_text(_("Antwoord"))


class NationalCalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Soort"),
        choices=[("info", _("Informatie")), ("tip", _("Tip")), ("let-op", _("Let op"))],
        default="info",
    )
    text = _rich_text(_("Tekst"))

    class Meta:
        icon = "warning"
        label = _("Opvallend blok")
        template = "informatieset_sync/blocks/callout.html"


class NationalStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Stap"))
    text = _rich_text(_("Uitleg"))


class NationalImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Afbeelding"))
    alt = blocks.CharBlock(label=_("Alternatieve tekst"), required=False)
    decorative = blocks.BooleanBlock(label=_("Alleen versiering"), required=False)
    caption = blocks.CharBlock(label=_("Onderschrift"), required=False)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "informatieset_sync/blocks/image.html"


class RegionalContactBlock(blocks.StaticBlock):
    class Meta:
        icon = "mail"
        label = _("Contactgegevens van het steunpunt in de regio")
        admin_text = _("Hier toont elke website de contactgegevens van het eigen steunpunt.")
        template = "informatieset_sync/blocks/regional_contact.html"


class NationalStreamBlock(blocks.StreamBlock):
    heading = NationalHeadingBlock()
    paragraph = _rich_text(_("Tekst"), template="informatieset_sync/blocks/paragraph.html", icon="pilcrow")
    faq = blocks.ListBlock(
        NationalFAQItemBlock(),
        label=_("Veelgestelde vragen"),
        min_num=1,
        icon="help",
        template="informatieset_sync/blocks/faq.html",
    )
    callout = NationalCalloutBlock()
    steps = blocks.ListBlock(
        NationalStepBlock(),
        label=_("Stappen"),
        min_num=1,
        icon="list-ol",
        template="informatieset_sync/blocks/steps.html",
    )
    image = NationalImageBlock()
    regional_contact = RegionalContactBlock()

    class Meta:
        label = _("Landelijke tekst")

    def render_basic(self, value, context=None):
        prefetch_rich_text(value)
        return super().render_basic(value, context=context)


class ExperienceBlock(blocks.StructBlock):
    """A story of a parent or young person from the region, added by the steunpunt."""

    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    story = RichTextBlock(label=_("Verhaal"), features=["bold", "italic", "link", "ol", "ul"])
    teller = blocks.CharBlock(
        label=_("Wie vertelt"),
        required=False,
        max_length=120,
        help_text=_("Zonder naam, bijvoorbeeld: een moeder van een leerling in groep 7."),
    )

    class Meta:
        icon = "openquote"
        label = _("Ervaringsverhaal")
        template = "informatieset_sync/blocks/experience.html"
