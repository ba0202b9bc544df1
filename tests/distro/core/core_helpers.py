"""Helpers for the core tests: images, documents and pages full of blocks.

Imported by the test modules in this folder (pytest puts the folder on sys.path).
"""

import itertools

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from distro.core.models import ContentPage

_counter = itertools.count()


def make_image(title="Foto"):
    return Image.objects.create(title=title, file=get_test_image_file(f"foto-{next(_counter)}.png", size=(900, 600)))


def make_document(title="Folder"):
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4 test", name=f"folder-{next(_counter)}.pdf"))


def rich_link(page, document):
    """Rich text with an internal page link and a document link, as editors make them."""
    return (
        f'<p>Lees <a linktype="page" id="{page.pk}">meer over de regio</a> '
        f'of <a linktype="document" id="{document.pk}">download de folder</a>.</p>'
    )


def all_blocks(n, link_page, *, fresh_media=True):
    """``n`` copies of every block type of ContentStreamBlock, each with its own image and document."""
    blocks = []
    for i in range(n):
        image = make_image(f"Foto {i}")
        document = make_document(f"Folder {i}")
        link = rich_link(link_page, document)
        blocks += [
            ("heading", {"text": f"Kop nummer {i}", "level": "h2"}),
            ("paragraph", link),
            (
                "faq",
                {
                    "title": f"Veelgestelde vragen {i}",
                    "items": [{"question": f"Mag ik iemand meenemen {i}?", "answer": link}],
                },
            ),
            ("callout", {"kind": "let-op", "title": f"Let op {i}", "text": link}),
            (
                "steps",
                {
                    "title": f"Zo gaat het {i}",
                    "steps": [{"title": f"Eerste stap {i}", "text": link}, {"title": "Tweede stap", "text": ""}],
                },
            ),
            (
                "image",
                {
                    "image": image,
                    "alt_text": f"Een ouder in gesprek met de leerkracht {i}",
                    "caption": "Een gesprek op school",
                },
            ),
            ("documents", {"title": f"Downloads {i}", "documents": [{"document": document, "title": ""}]}),
            (
                "video",
                {
                    "title": f"Uitleg passend onderwijs {i}",
                    "url": "https://video.example.org/watch/123",
                    "duration": "3:45",
                    "transcript": link,
                },
            ),
            ("contact", None),
        ]
    return blocks


def add_content_page(parent, title, body=(), **fields):
    slug = fields.pop("slug", None) or f"pagina-{next(_counter)}"
    page = parent.add_child(instance=ContentPage(title=title, slug=slug, body=list(body), **fields))
    page.save_revision().publish()
    return page


def count_queries(client, url):
    """Queries of a second request, so that both measurements start with the same warm caches."""
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), ctx, response
