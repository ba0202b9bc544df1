from wagtail import hooks

from . import store


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    # Only the live page's own serve gets here; previews go through serve_preview.
    store.mark_cacheable(request)
