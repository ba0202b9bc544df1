"""The page cache: anonymous visitors get public pages from a cache that is never stale.

See docs/caching.md. ``store`` keeps the responses and the generation token,
``middleware`` serves and stores them, ``receivers`` invalidate on every write
that can change a public page, ``views.cacheable`` marks non-page views.
"""
