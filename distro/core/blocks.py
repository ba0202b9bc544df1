"""StreamField blocks shared by every page type, core and plugins alike."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock

from .richtext import PrefetchableRichText, prefetch_rich_text

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class RichTextBlock(blocks.RichTextBlock):
    """Wagtail's rich text block, whose values a ContentStreamBlock can expand all at once.

    The stored data is exactly that of Wagtail's block, so migrations keep
    referring to Wagtail's class and plugins that reuse these blocks get no
    migration changes from this.
    """

    canonical_module_path = "wagtail.blocks.RichTextBlock"

    def to_python(self, value):
        return PrefetchableRichText(value)


class ImageChooserBlock(WagtailImageChooserBlock):
    """Fetches the images of a page together with their renditions.

    Without this, each image costs a query for its rendition whenever the
    rendition cache is cold (after a restart, or with a per-process cache).
    """

    canonical_module_path = "wagtail.images.blocks.ImageChooserBlock"

    def bulk_to_python(self, values):
        images = self.model_class.objects.prefetch_renditions().in_bulk([v for v in values if v is not None])
        result, seen = [], set()
        for value in values:
            image = images.get(value)
            # Like Wagtail: the same image twice on a page gives two objects.
            result.append(copy.copy(image) if image is not None and value in seen else image)
            seen.add(value)
        return result


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tekst"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Kop (niveau 2)")), ("h3", _("Tussenkop (niveau 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Kop")
        template = "core/blocks/heading.html"


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Vraag"), max_length=300)
    answer = RichTextBlock(label=_("Antwoord"), features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), required=False, max_length=200)
    items = blocks.ListBlock(FAQItemBlock(), label=_("Vragen"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Veelgestelde vragen")
        template = "core/blocks/faq.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Soort"),
        choices=[("info", _("Informatie")), ("tip", _("Tip")), ("let-op", _("Let op"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("Titel"), max_length=200)
    text = RichTextBlock(label=_("Tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Opvallend blok")
        template = "core/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Stap"), max_length=200)
    text = RichTextBlock(label=_("Uitleg"), features=RICH_TEXT_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), required=False, max_length=200)
    steps = blocks.ListBlock(StepBlock(), label=_("Stappen"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Stappen")
        template = "core/blocks/steps.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Afbeelding"))
    alt_text = blocks.CharBlock(
        label=_("Alternatieve tekst"),
        max_length=250,
        help_text=_("Beschrijf wat er op de afbeelding staat, voor mensen die hem niet kunnen zien."),
    )
    caption = blocks.CharBlock(label=_("Onderschrift"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "core/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text", "").strip():
            raise blocks.StructBlockValidationError({"alt_text": ValidationError(_("Vul een alternatieve tekst in."))})
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Linktekst"), required=False, max_length=200)


class DocumentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentLinkBlock(), label=_("Documenten"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Documenten")
        template = "core/blocks/documents.html"


class VideoBlock(blocks.StructBlock):
    """A video on an external platform, linked rather than embedded.

    Embedding would make every visitor's browser contact the platform (and
    receive its cookies) before they chose to watch; a link plus a transcript
    keeps public pages free of third-party requests and serves people who
    cannot watch or hear the video.
    """

    title = blocks.CharBlock(label=_("Titel van de video"), max_length=200)
    url = blocks.URLBlock(label=_("Adres van de video"))
    duration = blocks.CharBlock(label=_("Duur"), required=False, max_length=20, help_text=_("Bijvoorbeeld 3:45"))
    transcript = RichTextBlock(label=_("Uitgeschreven tekst"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "core/blocks/video.html"


class ContactDetailsBlock(blocks.StaticBlock):
    class Meta:
        icon = "mail"
        label = _("Contactgegevens van het steunpunt")
        admin_text = _("Toont de contactgegevens uit de instellingen.")
        template = "core/blocks/contact_details.html"


class PillarBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=100)
    text = blocks.TextBlock(label=_("Tekst"), max_length=400)
    page = blocks.PageChooserBlock(label=_("Link naar pagina"), required=False)
    link_text = blocks.CharBlock(label=_("Linktekst"), required=False, max_length=100)

    class Meta:
        icon = "pick"
        label = _("Pijler")


class AudienceBlock(blocks.StructBlock):
    """An entry point on the home page for one audience: parents, young people or professionals."""

    title = blocks.CharBlock(label=_("Voor wie"), max_length=100, help_text=_("Bijvoorbeeld: Voor ouders"))
    text = blocks.CharBlock(label=_("Korte uitleg"), max_length=250, required=False)
    page = blocks.PageChooserBlock(label=_("Link naar pagina"))

    class Meta:
        icon = "group"
        label = _("Ingang")


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = RichTextBlock(
        label=_("Tekst"), features=RICH_TEXT_FEATURES, template="core/blocks/paragraph.html", icon="pilcrow"
    )
    faq = FAQBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    image = ImageBlock()
    documents = DocumentsBlock()
    video = VideoBlock()
    contact = ContactDetailsBlock()

    class Meta:
        label = _("Inhoud")

    def render_basic(self, value, context=None):
        # One expansion of the links in all rich text of the stream, instead
        # of queries per paragraph, FAQ answer, step and transcript.
        prefetch_rich_text(value)
        return super().render_basic(value, context=context)
