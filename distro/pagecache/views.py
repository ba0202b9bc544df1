"""``serve``: Wagtail's page view with its lookups remembered; ``cacheable``: the decorator for
public views that are not Wagtail pages (feeds, sitemap)."""

import functools

from wagtail import views as wagtail_views
from wagtail.models import PageViewRestriction

from . import lookups, store


def cacheable(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        store.mark_cacheable(request)
        lookups.site_for_request(request)
        return view(request, *args, **kwargs)

    return wrapper


def serve(request, path):
    """Wagtail's page view, with the site, the route and the absence of view restrictions remembered."""
    lookups.route(request, path)
    result = getattr(request, "_wagtail_route_for_request", None)
    if result is not None and not lookups.any_view_restrictions():
        # Wagtail's check_view_restrictions hook asks the page for its restrictions
        # (two queries); with none on the whole site the answer is known. Set on
        # this one instance only: the admin and other code ask the database as usual.
        result[0].get_view_restrictions = PageViewRestriction.objects.none
    return wagtail_views.serve(request, path)
