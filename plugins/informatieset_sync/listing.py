"""The listing on the "Informatie" page: its pages, filtered by audience and theme.

Called from ``InformatiesetIndexPage.get_context()``, which passes the pages
and themes in, so this module needs nothing from models.py (models.py imports it).
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from distro.pagecache import lookups

from .audiences import AUDIENCE_LABELS, AUDIENCES

#: Query parameters of the listing; Dutch, because they show in the address bar.
AUDIENCE_PARAM = "voor"
THEME_PARAM = "thema"


class ListingFilterForm(forms.Form):
    """Only used to render the filter; values are checked in :func:`listing_context`.

    The form is never bound: a value that is not one of the choices (an old
    bookmark, a hand-typed address) is dropped silently rather than shown as
    an error, and the listing shows everything for that filter.
    """

    voor = forms.ChoiceField(label=_("Voor wie"), required=False)
    thema = forms.ChoiceField(label=_("Thema"), required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[AUDIENCE_PARAM].choices = [("", _("Iedereen"))] + [(code, label) for code, label in AUDIENCES]
        self.fields[THEME_PARAM].choices = [("", _("Alle thema's"))] + [(theme.code, theme.label()) for theme in themes]


def _json_list_has(field: str, code: str) -> Q:
    # Audience and theme codes are slugs, so the quoted code matches exactly one
    # element of the stored JSON list. This works alike on SQLite and
    # PostgreSQL, where JSONField's "contains" lookup does not exist on SQLite.
    return Q(**{f"{field}__icontains": f'"{code}"'})


def listing_context(index, request, *, pages, themes: list) -> dict:
    """The pages of the informatieset to list on ``index``, filtered by the request's query.

    ``pages`` is the queryset of item pages, ``themes`` the known themes.
    Without a filter: the top-level pages in feed order. With a filter: every
    page of the set that matches, so a subject deeper in the tree is found too.
    A fixed number of queries, however many pages match.
    """
    themes_by_code = {theme.code: theme for theme in themes}

    audience = request.GET.get(AUDIENCE_PARAM, "")
    audience = audience if audience in AUDIENCE_LABELS else ""
    theme = request.GET.get(THEME_PARAM, "")
    theme = theme if theme in themes_by_code else ""
    filtered = bool(audience or theme)

    pages = lookups.public(pages.live())
    if filtered:
        pages = pages.descendant_of(index).order_by("depth", "feed_position", "title")
        if audience:
            pages = pages.filter(_json_list_has("audiences", audience))
        if theme:
            pages = pages.filter(_json_list_has("themes", theme))
    else:
        pages = pages.child_of(index).order_by("feed_position", "title")

    pages = list(pages)
    for page in pages:
        # Labels in the visitor's language, without a query per page.
        page.theme_labels = [themes_by_code[code].label() for code in page.themes if code in themes_by_code]

    return {
        "informatieset_pages": pages,
        "filter_form": ListingFilterForm(initial={AUDIENCE_PARAM: audience, THEME_PARAM: theme}, themes=themes),
        "filter_has_themes": bool(themes),
        "filter_active": filtered,
        "filter_audience": AUDIENCE_LABELS.get(audience, ""),
        "filter_theme": themes_by_code[theme].label() if theme else "",
    }
