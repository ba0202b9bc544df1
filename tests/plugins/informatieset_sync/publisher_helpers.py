"""Build a publisher tree (BronIndexPage with BronPagina pages) for the publisher tests."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.core.files.images import ImageFile
from feedfactory import png_bytes
from wagtail.images import get_image_model
from wagtail.models import Locale

from plugins.informatieset_sync.models import BronIndexPage, BronPagina, InformatiesetThema


def themes():
    InformatiesetThema.objects.update_or_create(
        code="passend-onderwijs",
        defaults={"labels": {"nl": "Passend onderwijs", "en": "Inclusive education"}, "sort_order": 1},
    )
    InformatiesetThema.objects.update_or_create(
        code="zorgplicht", defaults={"labels": {"nl": "Zorgplicht", "en": "Duty of care"}, "sort_order": 2}
    )


def pillow_bytes(fmt: str) -> bytes:
    """A real 4x4 image in a Pillow format (JPEG, WEBP, GIF, ...): Wagtail reads its size."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def image(data: bytes | None = None, name: str = "schoolplein.png", title: str = "Schoolplein"):
    data = data if data is not None else png_bytes(7, size=4)
    return get_image_model().objects.create(title=title, file=ImageFile(BytesIO(data), name=name))


def bron_index(home, **fields):
    fields = {
        "title": "Informatieset (bron)",
        "slug": "bron",
        "publisher_name": "Landelijke redactie",
        "publisher_url": "https://informatieset.example",
        **fields,
    }
    index = BronIndexPage(**fields)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def bron_page(parent, *, title, slug=None, body=None, publish=True, **fields):
    defaults = {
        "summary": f"Samenvatting van {title.lower()}.",
        "audiences": ["ouders"],
        "themes": ["passend-onderwijs"],
        "validated_on": date(2026, 9, 1),
        "validated_by": "Redactie informatieset",
    }
    defaults.update(fields)
    page = BronPagina(
        title=title,
        slug=slug or title.lower().replace(" ", "-").replace("?", ""),
        national_body=body
        if body is not None
        else [{"type": "paragraph", "value": f"<p>Tekst over {title.lower()}.</p>"}],
        live=publish,
        **defaults,
    )
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.save_revision()
    return page


def translate(page, language, **fields):
    """A published translation of ``page`` (and of its parents, as Wagtail does)."""
    locale = Locale.objects.get(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    translated.save_revision().publish()
    return translated.specific.__class__.objects.get(pk=translated.pk)


def full_tree(home):
    """Three Dutch pages (one nested with an internal link and every block type) and their English versions."""
    themes()
    img = image()
    index = bron_index(home)
    parent = bron_page(index, title="Passend onderwijs", audiences=["ouders", "jongeren"])
    zorgplicht = bron_page(parent, title="Zorgplicht", themes=["zorgplicht"])
    parent.national_body = every_block(img, link_to=zorgplicht)
    parent.save_revision().publish()
    klachten = bron_page(index, title="Klachten", audiences=["ouders"], themes=[])

    en_index = translate(index, "en", title="Information set (source)")
    en_parent = translate(parent, "en", title="Inclusive education", summary="About inclusive education.")
    en_zorgplicht = translate(zorgplicht, "en", title="Duty of care", summary="About the duty of care.")
    en_parent.national_body = every_block(img, link_to=en_zorgplicht, english=True)
    en_parent.save_revision().publish()
    en_klachten = translate(klachten, "en", title="Complaints", summary="About complaints.")
    return {
        "index": index,
        "en_index": en_index,
        "parent": parent,
        "zorgplicht": zorgplicht,
        "klachten": klachten,
        "en_parent": en_parent,
        "en_zorgplicht": en_zorgplicht,
        "en_klachten": en_klachten,
        "image": img,
    }


def every_block(img, *, link_to, english=False):
    word = "Read" if english else "Lees"
    return [
        {"type": "heading", "value": {"text": "Wat is het?" if not english else "What is it?", "level": "2"}},
        {
            "type": "paragraph",
            "value": (
                f'<p data-block-key="a1">{word} <b>vet</b> en <i>schuin</i> over de '
                f'<a linktype="page" id="{link_to.pk}">zorgplicht</a> en '
                f'<a href="https://www.example.nl/uitleg">de uitleg</a>.</p>'
                '<ul><li data-block-key="a2">Een</li><li data-block-key="a3">Twee</li></ul>'
            ),
        },
        {"type": "faq", "value": [{"question": "Wie beslist?", "answer": "<p>De school, samen met u.</p>"}]},
        {"type": "callout", "value": {"kind": "tip", "text": '<p>Mail <a href="mailto:info@example.nl">ons</a>.</p>'}},
        {
            "type": "steps",
            "value": [
                {"title": "Aanmelden", "text": "<p>U meldt uw kind aan.</p>"},
                {"title": "Onderzoek", "text": "<ol><li>De school kijkt.</li></ol>"},
            ],
        },
        {
            "type": "image",
            "value": {"image": img.pk, "alt": "Kinderen op het schoolplein", "decorative": False, "caption": "Pauze"},
        },
        {"type": "regional_contact", "value": None},
    ]
