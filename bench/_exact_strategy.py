"""Exact dependency tracking, for bench/pages.py only: the strategy the page cache does not ship.

Each cached response depends only on the page it renders: publishing a page
drops that page's own entry and nothing else. The benchmark measures how often
this serves a stale page (the home page's menu still shows the old title) and
what it saves.

* ``application``: the site with the per-worker memory off, so dropping an
  entry from the shared store takes effect at once on every worker;
* ``install(base_url)``: in the publishing process, replaces the site-wide
  invalidation by dropping the published page's entry.
"""

from urllib.parse import urlsplit

from distro.wsgi import application as _site

application = _site


def _memory_off():
    from distro.pagecache import store

    store.memory.size = 0


_memory_off()


def install(base_url: str):
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from django.test import RequestFactory
    from wagtail.signals import page_published, post_page_move

    from distro.pagecache import store

    for signal, uid in (
        (post_save, "pagecache-save"),
        (post_delete, "pagecache-delete"),
        (m2m_changed, "pagecache-m2m"),
        (post_page_move, "pagecache-move"),
    ):
        signal.disconnect(dispatch_uid=uid)
    host = urlsplit(base_url).netloc

    def drop_own_entry(sender, instance, **kwargs):
        request = RequestFactory().get(instance.url, HTTP_HOST=host)
        store.backend().delete(store.key_for(request))

    page_published.connect(drop_own_entry, weak=False)
