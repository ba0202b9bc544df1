"""``cacheable``: the decorator for public views that are not Wagtail pages (feeds, sitemap)."""

import functools

from . import store


def cacheable(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        store.mark_cacheable(request)
        return view(request, *args, **kwargs)

    return wrapper
