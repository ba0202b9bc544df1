"""What every page request looks up the same way, remembered per change of the content.

Wagtail finds the site for the host, walks the tree from the site's root to
the page (a locale, a translation and two queries per level) and reads every
view restriction of the page and its ancestors, on every request. Those
answers change only when the content does, so they are kept with the render
cache's generation and clock (``store.cached_fragment``): never stale, and
shared by every worker and server that shares the store.

The page view (``views.serve``) hands the answers to Wagtail through the attributes
Wagtail itself caches them on (``request._wagtail_site`` and
``request._wagtail_route_for_request``, both documented on the methods that
read them) and then runs Wagtail's own ``serve``: its hooks, restrictions and
page serving are unchanged.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Locale, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from .store import cached_fragment, cached_object


def site_for_request(request):
    """``Site.find_for_request`` without its query (the same answer: the host's site, else the default)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        request._wagtail_site = cached_object("site", hostname, port, build=lambda: _find_site(hostname, port))
    return request._wagtail_site


def _find_site(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


def active_locale():
    """``Locale.get_active()`` without its query (each caller gets its own copy)."""
    return cached_object("locale", get_language(), build=Locale.get_active)


def default_locale():
    """``Locale.get_default()`` without its query."""
    return cached_object("locale", None, build=Locale.get_default)


def any_view_restrictions() -> bool:
    """Whether any page of any site has a view restriction (most sites have none)."""
    return cached_fragment("view-restrictions", build=lambda: PageViewRestriction.objects.exists())


def public(pages):
    """``pages.public()`` without its query of every view restriction when the site has none."""
    return pages.public() if any_view_restrictions() else pages


def _route_target(request, site, components):
    """Route as Wagtail does; remember (page type, page, how many path parts are the page's own)."""
    root = site.root_page.localized.specific
    try:
        result = root.route(request, components)
    except Http404:
        result = None
    request._wagtail_route_for_request = result
    if result is None:
        return None
    page = result[0]
    if not page.url_path.startswith(root.url_path):
        return None  # an alias or a page outside the site: not worth remembering
    own = [part for part in page.url_path[len(root.url_path) :].split("/") if part]
    if components[: len(own)] != own:
        return None
    return page.content_type_id, page.pk, len(own)


def route(request, path) -> None:
    """Fill in Wagtail's route for this request from the render cache (or route and remember it)."""
    site = site_for_request(request)
    if site is None:
        return  # Wagtail answers 404 itself
    components = [part for part in path.split("/") if part]
    target = cached_fragment(
        "route",
        site.pk,
        get_language(),
        path,
        build=lambda: _route_target(request, site, components),
        keep=lambda found: found is not None,  # unknown paths are not stored: anyone can make them up
    )
    if target is None or hasattr(request, "_wagtail_route_for_request"):
        return
    content_type_id, pk, own = target
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    try:
        page = model._default_manager.get(pk=pk)
    except model.DoesNotExist:
        return
    # The page's own route() with the rest of the path, exactly as Wagtail's walk
    # down the tree ends: a routable page (contact, agenda) resolves its sub-page.
    try:
        request._wagtail_route_for_request = page.route(request, components[own:])
    except Http404:
        request._wagtail_route_for_request = None
