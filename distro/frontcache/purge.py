"""Which addresses a front cache may hold, and purging them all.

The page cache has one generation for the whole site (distro/pagecache), so
a change means every public address may have changed: the front cache gets
a PURGE for each of them. It only caches addresses without a query string
(docs/installing.md), so this list is complete: every live page in every
language, and the feeds and the sitemap.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

#: Named public addresses that are not pages (only those that exist: a plugin may be off).
EXTRA_URL_NAMES = ("sitemap", "agenda:ical_feed")


def urls() -> list[str]:
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().public().specific().exclude(depth=1))
    extra = []
    for name in EXTRA_URL_NAMES:
        try:
            extra.append(reverse(name))
        except NoReverseMatch:
            continue
    for site in Site.objects.all():
        batch.add_urls([site.root_url + path for path in extra])
    return sorted(set(batch.urls))


def purge_everything() -> int:
    batch = PurgeBatch()
    batch.add_urls(urls())
    batch.purge()
    return len(batch.urls)
