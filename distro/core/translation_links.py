"""Tie the language copies of a page to wagtail-localize, so editors can translate them.

setup_site gives every language a copy of the core pages (with the Dutch
text), made with Wagtail's copy_for_translation(). wagtail-localize only
offers its translation editor for a page when it has a TranslationSource
for the Dutch page and a Translation for the copy's language; a bare copy
has neither, so it had no "Vertalen" and was edited as an ordinary page.

link_language_copies() adds what is missing. It never changes the text of a
copy and never touches a copy that wagtail-localize already knows (also a
translation someone stopped syncing on purpose). Page types that are
translated in their own way say so with ``localize_link_copies = False``.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

logger = logging.getLogger(__name__)


def _copies_by_key(source_locale):
    copies = {}
    rows = (
        Page.objects.exclude(locale=source_locale)
        .filter(alias_of__isnull=True, depth__gt=1)
        .values_list("translation_key", "locale_id")
    )
    for key, locale_id in rows:
        copies.setdefault(key, set()).add(locale_id)
    return copies


@transaction.atomic
def link_language_copies(pages=None) -> int:
    """Create the missing localize records for copies of Dutch pages; returns how many were made.

    ``pages``: the Dutch pages to look at (default: all of them).
    """
    source_locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if source_locale is None:
        return 0
    copies = _copies_by_key(source_locale)
    if pages is None:
        pages = Page.objects.filter(locale=source_locale, depth__gt=1, translation_key__in=list(copies))
    known = {
        (key, locale_id) for key, locale_id in Translation.objects.values_list("source__object_id", "target_locale_id")
    }
    made = 0
    for page in pages.specific() if hasattr(pages, "specific") else pages:
        if not getattr(type(page), "localize_link_copies", True):
            continue
        missing = [loc for loc in copies.get(page.translation_key, ()) if (page.translation_key, loc) not in known]
        if not missing:
            continue
        try:
            source, _created = TranslationSource.get_or_create_from_instance(page)
        except ValidationError as error:
            # A page whose content localize cannot read; the editor still edits the copy by hand.
            logger.warning("Cannot make page %s translatable: %s", page.pk, error)
            continue
        for locale_id in missing:
            Translation.objects.get_or_create(source=source, target_locale_id=locale_id, defaults={"enabled": True})
            made += 1
    return made
