"""What a public item page shows besides its own fields: its sub-pages and the site's contact page.

Used by the template tags (templatetags/informatieset_tags.py). The listing of
the "Informatie" page is in listing.py.
"""

from __future__ import annotations

from django.utils.translation import get_language
from wagtail.models import Locale, Site

from distro.contact.models import ContactPage
from distro.pagecache import lookups
from distro.pagecache.store import cached_fragment

from .models import InformatiesetPage


def child_pages(page) -> list:
    """The live sub-pages of an item page, in feed order."""
    if not page.numchild:  # most pages are leaves: no query for them
        return []
    return list(lookups.public(InformatiesetPage.objects.child_of(page).live()).order_by("feed_position", "title"))


def contact_page_url(request) -> str | None:
    """The URL of this site's contact page in the visitor's language, or Dutch, if there is one.

    The same on every page of a site and language: kept in the render cache.
    """
    if request is None:
        return _contact_page_url(None)
    if not hasattr(request, "_informatieset_contact_url"):
        site = Site.find_for_request(request)
        request._informatieset_contact_url = cached_fragment(
            "contact-url",
            site.pk if site else None,
            get_language(),
            request.get_host(),
            build=lambda: _contact_page_url(request),
        )
    return request._informatieset_contact_url


def _contact_page_url(request) -> str | None:
    try:
        active = lookups.active_locale()
    except Locale.DoesNotExist:
        active = None
    candidates = lookups.public(ContactPage.objects.live()).select_related("locale")
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        candidates = candidates.in_site(site)
    best = None
    for candidate in candidates:
        if active is not None and candidate.locale_id == active.pk:
            best = candidate
            break
        if best is None or candidate.locale.language_code == "nl":
            best = candidate
    return best.get_url(request) if best is not None else None
