"""Public views of the informatieset: the listing with its filters, and what an item page shows."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Site

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
        from .models import AUDIENCES

        super().__init__(*args, **kwargs)
        self.fields[AUDIENCE_PARAM].choices = [("", _("Iedereen"))] + [(code, label) for code, label in AUDIENCES]
        self.fields[THEME_PARAM].choices = [("", _("Alle thema's"))] + [(theme.code, theme.label()) for theme in themes]


def _json_list_has(field: str, code: str) -> Q:
    # Audience and theme codes are slugs, so the quoted code matches exactly one
    # element of the stored JSON list. This works alike on SQLite and
    # PostgreSQL, where JSONField's "contains" lookup does not exist on SQLite.
    return Q(**{f"{field}__icontains": f'"{code}"'})


def listing_context(index, request) -> dict:
    """The pages of the informatieset to list on ``index``, filtered by the request's query.

    Without a filter: the top-level pages in feed order. With a filter: every
    page of the set that matches, so a subject deeper in the tree is found too.
    A fixed number of queries, however many pages match.
    """
    from .models import AUDIENCE_LABELS, InformatiesetPage, InformatiesetThema

    themes = list(InformatiesetThema.objects.all())
    themes_by_code = {theme.code: theme for theme in themes}

    audience = request.GET.get(AUDIENCE_PARAM, "")
    audience = audience if audience in AUDIENCE_LABELS else ""
    theme = request.GET.get(THEME_PARAM, "")
    theme = theme if theme in themes_by_code else ""
    filtered = bool(audience or theme)

    pages = InformatiesetPage.objects.live().public()
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


def child_pages(page) -> list:
    """The live sub-pages of an item page, in feed order."""
    from .models import InformatiesetPage

    if not page.numchild:  # most pages are leaves: no query for them
        return []
    return list(InformatiesetPage.objects.child_of(page).live().public().order_by("feed_position", "title"))


def contact_page_url(request) -> str | None:
    """The URL of this site's contact page in the visitor's language, or Dutch, if there is one."""
    from distro.contact.models import ContactPage

    cached = getattr(request, "_informatieset_contact_url", False) if request is not None else False
    if cached is not False:
        return cached
    try:
        active = Locale.get_active()
    except Locale.DoesNotExist:
        active = None
    url = None
    candidates = ContactPage.objects.live().public().select_related("locale")
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        candidates = candidates.in_site(site)
    best = None
    for candidate in candidates:
        if active is not None and candidate.locale_id == active.pk:
            best = candidate
            break
        if best is None or candidate.locale.language_code == "nl":
            best = candidate
    if best is not None:
        url = best.get_url(request)
    if request is not None:
        request._informatieset_contact_url = url
    return url
