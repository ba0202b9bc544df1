"""Tell registrants when an editor publishes a change that matters to them.

On Wagtail's ``page_published`` the new live version of a meeting is compared
with the version that was live before (the revision of the previous
"publish" in the page's log). Dates, place, the online link and cancelling
count; a typo in the description does not, so people are not mailed for it.

Connected by AgendaConfig.ready() (``connect()`` below), so a disabled agenda
never connects it.
"""

from __future__ import annotations

import logging
from datetime import UTC

from django.utils import timezone
from wagtail.signals import page_published

from . import scheduling, services
from .models import Aanmelding, Bijeenkomst

logger = logging.getLogger(__name__)

#: Fields of the meeting whose change registrants must hear about.
WATCHED_FIELDS = ("online", "location_name", "address", "meeting_link")


def _minute(moment):
    # Revisions store times in milliseconds and editors pick minutes: a
    # difference below a minute is not a change anybody needs a mail about.
    return moment.astimezone(UTC).replace(second=0, microsecond=0) if moment else None


def _sessies(page) -> list[tuple]:
    return sorted((_minute(s.start), _minute(s.end)) for s in page.sessies.all())


def previous_live_version(instance, revision):
    """The meeting as it was live before this publish, or None if this is the first."""
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(page_id=instance.pk, action="wagtail.publish", revision__isnull=False)
        .exclude(revision_id=revision.pk if revision else None)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None
    return entry.revision.as_object()


def what_changed(old, new) -> str | None:
    """``"afgelast"``, ``"wijziging"`` or None (nothing registrants need to know)."""
    if new.cancelled and not old.cancelled:
        return "afgelast"
    if new.cancelled:
        return None  # still cancelled: they were told
    if old.cancelled:
        return "wijziging"  # back on: tell them it happens after all
    if _sessies(old) != _sessies(new):
        return "wijziging"
    if any(getattr(old, name) != getattr(new, name) for name in WATCHED_FIELDS):
        return "wijziging"
    return None


def tell_registrants(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, Bijeenkomst) or not instance.live:
        return  # scheduled for later: the mail goes when it really is published
    ends = instance.ends_at
    if ends is not None and ends <= timezone.now():
        return  # a correction to a past meeting is nobody's news
    try:
        old = previous_live_version(instance, revision)
    except Exception:  # an unreadable old revision must never stop a publish
        logger.exception("Could not read the previous version of meeting %s", instance.pk)
        return
    if old is None:
        return
    change = what_changed(old, instance)
    if change:
        scheduling.schedule_wijziging(instance.pk, afgelast=change == "afgelast")


def move_up_waiting_list(sender, instance, **kwargs):
    # An editor may have raised the capacity (or made it unlimited): whoever
    # fits now gets a place, and the usual promotion mail.
    if not isinstance(instance, Bijeenkomst) or not instance.live or instance.cancelled:
        return
    if Aanmelding.objects.filter(bijeenkomst=instance, status=Aanmelding.Status.WACHTLIJST).exists():
        services.wachtlijst_bijwerken(instance)


def connect():
    """Called by AgendaConfig.ready()."""
    page_published.connect(tell_registrants, sender=Bijeenkomst, dispatch_uid="agenda_tell_registrants")
    page_published.connect(move_up_waiting_list, sender=Bijeenkomst, dispatch_uid="agenda_move_up_waiting_list")
