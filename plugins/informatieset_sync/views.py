"""What a public item page shows besides its own fields: its sub-pages and the site's contact page.

Used by the template tags (templatetags/informatieset_tags.py). The listing of
the "Informatie" page is in listing.py.
"""

from __future__ import annotations

from wagtail.models import Locale, Site

from distro.contact.models import ContactPage

from .models import InformatiesetPage


def child_pages(page) -> list:
    """The live sub-pages of an item page, in feed order."""
    if not page.numchild:  # most pages are leaves: no query for them
        return []
    return list(InformatiesetPage.objects.child_of(page).live().public().order_by("feed_position", "title"))


def contact_page_url(request) -> str | None:
    """The URL of this site's contact page in the visitor's language, or Dutch, if there is one."""
    cached = getattr(request, "_informatieset_contact_url", False) if request is not None else False
    if cached is not False:
        return cached
    try:
        active = Locale.get_active()
    except Locale.DoesNotExist:
        active = None
    url = None
    candidates = ContactPage.objects.live().public().select_related("locale")
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
    if best is not None:
        url = best.get_url(request)
    if request is not None:
        request._informatieset_contact_url = url
    return url
