"""Build national pages directly, for tests that are not about the sync itself."""

import uuid
from datetime import date

from wagtail.models import Locale

from plugins.informatieset_sync.locking import allow_national_changes
from plugins.informatieset_sync.models import InformatiesetIndexPage, InformatiesetPage


def index_page(home, language="nl"):
    """The site's "Informatie" page in a language, made if the site has none yet."""
    locale = Locale.objects.get(language_code=language)
    existing = InformatiesetIndexPage.objects.filter(locale=locale).first()
    if existing:
        return existing
    with allow_national_changes():
        if language == "nl":
            return home.add_child(instance=InformatiesetIndexPage(title="Informatie", slug="informatie", locale=locale))
        dutch = index_page(home, "nl")
        page = dutch.copy_for_translation(locale, copy_parents=True)
        page.save_revision().publish()
        return page


def national_page(
    parent, *, title="Wat is passend onderwijs?", slug=None, language=None, key=None, body=None, **fields
):
    """A published, locked national page under ``parent``."""
    locale = Locale.objects.get(language_code=language) if language else parent.locale
    defaults = {
        "summary": "Uitleg over passend onderwijs.",
        "audiences": ["ouders"],
        "themes": [],
        "validated_on": date(2026, 9, 1),
        "validated_by": "Redactie informatieset",
        "feed_item_id": uuid.uuid4(),
        "feed_hash": uuid.uuid4().hex,
    }
    defaults.update(fields)
    page = InformatiesetPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-").replace("?", "")[:80],
        locale=locale,
        translation_key=key or uuid.uuid4(),
        national_body=body
        if body is not None
        else [{"type": "paragraph", "value": "<p>Elk kind krijgt een plek op een school die past.</p>"}],
        **defaults,
    )
    with allow_national_changes():
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page
