"""The PURGE requests for a front cache that keeps a page twice: gzipped and plain.

The documented nginx configuration (docs/installing.md) keys its copies on the
address and on whether the visitor accepts gzip, not on the site's Vary header
(with Vary, nginx would keep a copy per Cookie header and read two files for
every hit). Its purge server uses the same key, so each address is purged once
per copy. Varnish purges all variants at once; the second request is a no-op.
"""

from __future__ import annotations

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")

#: The Accept-Encoding of each copy, as nginx's map of the documented configuration sees it.
COPIES = ("", "gzip")


class PurgeBothCopies(HTTPBackend):
    """Wagtail's HTTPBackend, with a PURGE per copy instead of one per address."""

    def purge(self, url):
        parsed = urlsplit(url)
        host = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        target = urlunsplit([self.cache_scheme, self.cache_netloc, parsed.path, parsed.query, parsed.fragment])
        for encoding in COPIES:
            headers = {"Host": host, "User-Agent": "Wagtail-frontendcache/" + __version__}
            if encoding:
                headers["Accept-Encoding"] = encoding
            try:
                urlopen(PurgeRequest(url=target, headers=headers), timeout=10)  # noqa: S310 - our configured LOCATION
            except HTTPError as error:
                logger.error("Couldn't purge '%s' from HTTP cache. HTTPError: %d %s", url, error.code, error.reason)
            except URLError as error:
                logger.error("Couldn't purge '%s' from HTTP cache. URLError: %s", url, error.reason)
