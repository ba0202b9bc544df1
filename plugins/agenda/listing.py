"""What the public agenda pages show: which meetings, in what order, in what state.

The index page, the detail page, the home page panel, the iCalendar feed and
the JSON-LD all read meetings through this module, so a badge, a feed entry
and the structured data can never disagree about a meeting's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Site

from distro.pagecache import lookups

# Dates and times in the one notation of formatting.py (listing.local etc. are read by ical and the tests).
from .formatting import AMSTERDAM, DATE_FORMATS, format_date, format_sessie, local  # noqa: F401
from .models import AgendaIndexPage, Bezetting, Bijeenkomst, Sessie
from .places import met_begin_en_einde

# --- State -----------------------------------------------------------------


@dataclass(frozen=True)
class Stand:
    """A meeting's state as the public sees it; ``label`` is the badge text (never colour only)."""

    kind: str  # afgelast | voorbij | vol | wachtlijst | plaatsen | open | nog-niet-open | gesloten
    label: str
    places_left: int | None
    can_sign_up: bool


def plaatsen_over(bijeenkomst: Bijeenkomst) -> int | None:
    """Places left; None for unlimited.

    Reads the ``bezetting`` that the listing already fetched with
    ``select_related``, so a page of meetings costs no query per meeting. The
    same rule as ``places.plaatsen_over``: capacity minus confirmed persons.
    """
    if bijeenkomst.capacity is None:
        return None
    # A translated meeting counts on its source-language page (services.hoofdbijeenkomst);
    # decorate() puts that page's counts here.
    bezetting = getattr(bijeenkomst, "_agenda_bezetting", _MISSING)
    if bezetting is _MISSING:
        try:
            bezetting = bijeenkomst.bezetting
        except Bijeenkomst.bezetting.RelatedObjectDoesNotExist:
            bezetting = None
    confirmed = bezetting.confirmed if bezetting is not None else 0
    return max(bijeenkomst.capacity - confirmed, 0)


_MISSING = object()


def _counts_of_source_pages(meetings) -> None:
    """Give translated meetings the place counts of their source-language page, in one query."""
    translated = [m for m in meetings if m.locale.language_code != settings.LANGUAGE_CODE]
    if not translated:
        return
    counts = {
        b.bijeenkomst.translation_key: b
        for b in Bezetting.objects.filter(
            bijeenkomst__translation_key__in={m.translation_key for m in translated},
            bijeenkomst__locale__language_code=settings.LANGUAGE_CODE,
        ).select_related("bijeenkomst")
    }
    for m in translated:
        if m.translation_key in counts:
            m._agenda_bezetting = counts[m.translation_key]


def first_start(bijeenkomst: Bijeenkomst):
    return getattr(bijeenkomst, "first_start", None) or bijeenkomst.starts_at


def last_end(bijeenkomst: Bijeenkomst):
    return getattr(bijeenkomst, "last_end", None) or bijeenkomst.ends_at


def stand(bijeenkomst: Bijeenkomst, now: datetime | None = None) -> Stand:
    now = now or timezone.now()
    left = plaatsen_over(bijeenkomst)
    if bijeenkomst.cancelled:
        # The one mark of a cancelled meeting in lists and on its page (kind "afgelast" for the styles).
        return Stand("afgelast", str(_("Gaat niet door")), left, False)
    end = last_end(bijeenkomst)
    if end is not None and end < now:
        return Stand("voorbij", str(_("Voorbij")), left, False)
    start = first_start(bijeenkomst)
    if (bijeenkomst.signup_closes and bijeenkomst.signup_closes <= now) or (start is not None and start <= now):
        return Stand("gesloten", str(_("Aanmelden is gesloten")), left, False)
    if left == 0:
        if bijeenkomst.waiting_list:
            return Stand("wachtlijst", str(_("Vol - wachtlijst")), left, _signup_open(bijeenkomst, now))
        return Stand("vol", str(_("Vol")), left, False)
    if not _signup_open(bijeenkomst, now):
        return Stand(
            "nog-niet-open",
            str(_("Aanmelden kan vanaf %(date)s") % {"date": format_date(bijeenkomst.signup_opens)}),
            left,
            False,
        )
    if left is None:
        return Stand("open", str(_("Aanmelden kan")), None, True)
    return Stand(
        "plaatsen", ngettext("Nog %(count)d plaats", "Nog %(count)d plaatsen", left) % {"count": left}, left, True
    )


def _signup_open(bijeenkomst, now) -> bool:
    return not (bijeenkomst.signup_opens and bijeenkomst.signup_opens > now)


# --- Which meetings --------------------------------------------------------


def with_dates(queryset):
    """Annotate first start and last end; fetch place counts, dates and the chosen lists in a few more queries."""
    return (
        met_begin_en_einde(queryset)
        .select_related("bezetting", "locale")
        .prefetch_related(Prefetch("sessies", queryset=Sessie.objects.order_by("start", "pk")), "audiences", "themes")
    )


#: Upcoming meetings: the ones that go ahead first, soonest first; cancelled ones after them,
#: so a list never opens with a meeting that does not happen (it is still shown, marked once).
UPCOMING_ORDER = ("cancelled", "first_start", "pk")


def _under(roots) -> Q:
    q = Q()
    for root in roots:
        q |= Q(path__startswith=root.path, depth__gt=root.depth)
    return q


def site_roots(root_page, locale):
    """The site's home page in ``locale`` and in the default language.

    Meetings are usually written in Dutch only; a visitor of /ar/ should
    still see them (marked lang="nl" in the templates) rather than nothing.
    """
    default = lookups.default_locale()
    return list(
        type(root_page).objects.filter(translation_key=root_page.translation_key, locale__in={locale.pk, default.pk})
    )


def prefer_locale(meetings, locale_id):
    chosen = {}
    for meeting in meetings:
        current = chosen.get(meeting.translation_key)
        if current is None or (meeting.locale_id == locale_id and current.locale_id != locale_id):
            chosen[meeting.translation_key] = meeting
    keep = {id(m) for m in chosen.values()}
    return [m for m in meetings if id(m) in keep]


def index_meetings(index: AgendaIndexPage, *, archive: bool = False, now=None):
    """Meetings under this agenda (or under its Dutch original, for an untranslated meeting).

    Upcoming: not yet over (a course that has begun stays until its last
    date), soonest first. Archive: over, most recent first. Cancelled meetings
    stay in both, marked.
    """
    now = now or timezone.now()
    # The default language is matched in the same query (no separate Locale lookup).
    indexes = AgendaIndexPage.objects.filter(
        Q(locale_id=index.locale_id) | Q(locale__language_code=settings.LANGUAGE_CODE),
        translation_key=index.translation_key,
    )
    paths = Q()
    for path, depth in indexes.values_list("path", "depth"):
        paths |= Q(path__startswith=path, depth=depth + 1)
    queryset = with_dates(lookups.public(Bijeenkomst.objects.live()).filter(paths))
    if archive:
        queryset = queryset.filter(last_end__lt=now).order_by("-first_start", "pk")
    else:
        queryset = queryset.filter(last_end__gte=now).order_by(*UPCOMING_ORDER)
    return prefer_locale(list(queryset), index.locale_id)


def upcoming_meetings(locale=None, limit=None, now=None, root=None):
    """Upcoming meetings under ``root`` (a site's home page; default: the default site), soonest first.

    One per translation: in ``locale`` where translated, else in the default
    language. Used by the home page panel and the iCalendar feed.
    """
    now = now or timezone.now()
    default = lookups.default_locale()
    locale = locale or default
    if root is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root = site.root_page if site else None
    queryset = lookups.public(Bijeenkomst.objects.live()).filter(locale__in={locale.pk, default.pk})
    if root is not None:
        queryset = queryset.filter(_under(site_roots(root, locale)))
    queryset = with_dates(queryset).filter(last_end__gte=now).order_by(*UPCOMING_ORDER)
    meetings = prefer_locale(list(queryset), locale.pk)
    return meetings[:limit] if limit else meetings


# --- Filters ----------------------------------------------------------------

PLACES = [("online", _("Online")), ("op-locatie", _("Op locatie"))]


class FilterForm(forms.Form):
    """A plain GET form: works without JavaScript, and a filtered agenda has a URL to share.

    The values are the slugs of the lists (Doelgroep, Thema); the page says which to offer.
    """

    voor = forms.ChoiceField(label=_("Voor wie"), required=False)
    thema = forms.ChoiceField(label=_("Thema"), required=False)
    plaats = forms.ChoiceField(label=_("Online of op locatie"), required=False)

    def __init__(self, *args, audiences=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voor"].choices = [("", _("Iedereen"))] + [(a.slug, a.label) for a in audiences]
        self.fields["thema"].choices = [("", _("Alle thema's"))] + [(t.slug, t.label) for t in themes]
        self.fields["plaats"].choices = [("", _("Online en op locatie"))] + PLACES


def _chosen(meeting, field: str) -> list:
    # Prefetched by with_dates, in the lists' own order (audiences as added, themes by name).
    return list(getattr(meeting, field).all())


def _in_use(meetings, field: str) -> list:
    """The entries that at least one meeting in the list uses and that goes ahead (not cancelled).

    This is the rule for a public filter: a theme or audience an editor adds to
    the list appears as a filter only once a published meeting in this list
    (upcoming, or in the archive when that is shown) uses it, so a filter never
    leads to nothing but cancelled meetings or an empty page.
    """
    found = {}
    for m in meetings:
        if m.cancelled:
            continue
        for item in getattr(m, field).all():
            found[item.pk] = item
    return sorted(found.values(), key=lambda item: item.label.casefold())


def themes_of(meetings) -> list:
    return _in_use(meetings, "themes")


def audiences_of(meetings) -> list:
    return _in_use(meetings, "audiences")


def apply_filters(meetings, data) -> list:
    # The lists are prefetched (with_dates) and an agenda holds tens of meetings: filter here.
    voor, thema, plaats = data.get("voor"), data.get("thema"), data.get("plaats")
    result = []
    for m in meetings:
        if voor and voor not in {a.slug for a in m.audiences.all()}:
            continue
        if thema and thema not in {t.slug for t in m.themes.all()}:
            continue
        if plaats == "online" and not m.online:
            continue
        if plaats == "op-locatie" and not (m.location_name or m.address):
            continue
        result.append(m)
    return result


def audience_labels(meeting) -> list[str]:
    return [a.label for a in _chosen(meeting, "audiences")]


def theme_labels(meeting) -> list[str]:
    return [t.label for t in _chosen(meeting, "themes")]


def decorate(meetings, now=None, locale_id=None):
    """Give each meeting what its card shows, computed once."""
    now = now or timezone.now()
    _counts_of_source_pages(meetings)
    for m in meetings:
        m.sessie_list = list(m.sessies.all())
        if m.sessie_list and getattr(m, "first_start", None) is None:
            # A page that did not come through with_dates (the detail page):
            # take the bounds from the dates already in hand.
            m.sessie_list.sort(key=lambda s: (s.start, s.pk or 0))
            m.first_start = m.sessie_list[0].start
            m.last_end = max(s.end for s in m.sessie_list)
        m.stand = stand(m, now)
        m.when = [format_sessie(s.start, s.end) for s in m.sessie_list]
        m.when_pairs = list(zip(m.sessie_list, m.when, strict=True))
        m.audience_labels = audience_labels(m)
        m.theme_labels = theme_labels(m)
        # A Dutch meeting on a page in another language keeps lang="nl".
        m.other_language = locale_id is not None and m.locale_id != locale_id
    return meetings


# --- schema.org Event ---------------------------------------------------------

SCHEMA = "https://schema.org/"


def _availability(s: Stand) -> str:
    if s.kind == "afgelast":
        return SCHEMA + "Discontinued"
    if s.kind in ("vol", "wachtlijst", "voorbij", "gesloten"):
        return SCHEMA + "SoldOut"
    if s.kind == "nog-niet-open":
        return SCHEMA + "PreSale"
    if s.kind == "plaatsen" and s.places_left is not None and s.places_left <= 5:
        return SCHEMA + "LimitedAvailability"
    return SCHEMA + "InStock"


def event_jsonld(bijeenkomst, request=None, organiser_fallback: str = "") -> dict:
    """schema.org Event data for search engines: public facts only, never the meeting link."""
    s = getattr(bijeenkomst, "stand", None) or stand(bijeenkomst)
    sessies = getattr(bijeenkomst, "sessie_list", None) or list(bijeenkomst.sessies.order_by("start", "pk"))
    url = bijeenkomst.get_full_url(request) or ""
    has_place = bool(bijeenkomst.location_name or bijeenkomst.address)
    place = {
        "@type": "Place",
        "name": bijeenkomst.location_name or bijeenkomst.address.splitlines()[0] if has_place else "",
        "address": " ".join(bijeenkomst.address.split()),
    }
    # The page's own address, never the meeting link: that goes to registered people only.
    virtual = {"@type": "VirtualLocation", "name": str(_("Online")), "url": url}
    if bijeenkomst.online and has_place:
        mode, location = "MixedEventAttendanceMode", [place, virtual]
    elif bijeenkomst.online:
        mode, location = "OnlineEventAttendanceMode", virtual
    else:
        mode, location = "OfflineEventAttendanceMode", place
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": bijeenkomst.title,
        "url": url,
        "inLanguage": bijeenkomst.locale.language_code,
        "eventStatus": SCHEMA + ("EventCancelled" if bijeenkomst.cancelled else "EventScheduled"),
        "eventAttendanceMode": SCHEMA + mode,
        "location": location,
        "isAccessibleForFree": True,
        "offers": {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": url,
            "availability": _availability(s),
        },
    }
    if bijeenkomst.summary:
        data["description"] = bijeenkomst.summary
    if sessies:
        data["startDate"] = local(sessies[0].start).isoformat()
        data["endDate"] = local(max(x.end for x in sessies)).isoformat()
    if len(sessies) > 1:
        data["subEvent"] = [
            {
                "@type": "Event",
                "name": bijeenkomst.title,
                "startDate": local(x.start).isoformat(),
                "endDate": local(x.end).isoformat(),
                "eventStatus": data["eventStatus"],
                "eventAttendanceMode": data["eventAttendanceMode"],
                "location": location,
            }
            for x in sessies
        ]
    if bijeenkomst.signup_opens:
        data["offers"]["validFrom"] = local(bijeenkomst.signup_opens).isoformat()
    organiser = bijeenkomst.organiser or organiser_fallback
    if organiser:
        data["organizer"] = {"@type": "Organization", "name": organiser}
    if bijeenkomst.capacity is not None:
        data["maximumAttendeeCapacity"] = bijeenkomst.capacity
        if s.places_left is not None:
            data["remainingAttendeeCapacity"] = s.places_left
    return data
