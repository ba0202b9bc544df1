"""Requests the site cannot read get a 400 or 404, never a server error.

Django answers a form body that declares another charset than UTF-8 with
BadRequest, but it does not remember that the body was unreadable: its own
400 page is protected by the CSRF check, which reads the body again, raises
again, and the visitor gets a 500. Refusing such a request before any view or
middleware reads the body keeps it a plain 400.
"""

import codecs
import logging
from urllib.parse import unquote_to_bytes

from django.db import connection
from django.http import Http404, HttpResponseBadRequest
from django.utils.translation import gettext as _

logger = logging.getLogger("django.security.BadInput")

#: Content types whose body Django parses into request.POST.
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        key, _sep, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _readable_body(request) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in _FORM_TYPES:
        return True
    charset = _charset(content_type)
    if charset is None:
        return True
    if media_type == "application/x-www-form-urlencoded":
        # RFC 1866: always UTF-8; Django refuses every other label, even "utf8".
        return charset == "utf-8"
    try:
        # A multipart body in UTF-16 or an unknown codec cannot be split into fields.
        return codecs.lookup(charset).name in ("utf-8", "iso8859-1", "cp1252", "ascii")
    except LookupError:
        return False


def _has_nul(request) -> bool:
    # NUL never belongs in an address; PostgreSQL refuses it in a query and
    # SQLite's full-text search stops the statement at it.
    return b"\x00" in unquote_to_bytes(request.META.get("QUERY_STRING", "")) or "\x00" in request.path


class BadInputMiddleware:
    """Refuse unreadable requests early; an id too large for the database names nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _readable_body(request) or _has_nul(request):
            logger.info("Refused unreadable request: %s %s", request.method, request.path)
            return HttpResponseBadRequest(
                _("De website kan dit verzoek niet lezen. Vul het formulier opnieuw in."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        # SQLite stores integers in 64 bits and raises OverflowError for a
        # larger id in a URL or query (Wagtail's own routes use plain <int:>);
        # PostgreSQL simply finds nothing. Both mean: that object does not exist.
        if isinstance(exception, OverflowError) and connection.vendor == "sqlite":
            raise Http404
