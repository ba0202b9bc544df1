"""What the core page cache must know about the agenda (distro.extensions.PageCacheRules).

Meeting pages, the agenda and the home page's "Binnenkort" change by the
clock alone: when sign-up opens or closes, when a meeting starts (no more
sign-ups) and when it ends (it moves to the archive). ``next_change`` gives
the earliest such moment, so the cache keeps nothing past it.
"""

from __future__ import annotations

from django.db.models import Min
from django.utils import timezone

from distro.extensions import PageCacheRules, page_cache_rules

from .models import Bijeenkomst, Sessie


def next_change():
    now = timezone.now()
    moments = [
        Sessie.objects.filter(start__gt=now).aggregate(m=Min("start"))["m"],
        Sessie.objects.filter(end__gt=now).aggregate(m=Min("end"))["m"],
        Bijeenkomst.objects.filter(signup_opens__gt=now).aggregate(m=Min("signup_opens"))["m"],
        Bijeenkomst.objects.filter(signup_closes__gt=now).aggregate(m=Min("signup_closes"))["m"],
    ]
    moments = [m for m in moments if m is not None]
    return min(moments) if moments else None


def register() -> None:
    page_cache_rules.register(
        PageCacheRules(
            name="agenda",
            # Registrations and their mails are never shown; the places left live in
            # Bezetting, whose counters services.py changes with UPDATEs and announces.
            private_models=("agenda.Aanmelding", "agenda.Bericht", "agenda.BerichtVerzending"),
            query_parameters=("voor", "thema", "plaats", "archief", "pagina"),
            next_change=next_change,
            module=__name__,
        )
    )
