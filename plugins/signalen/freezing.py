"""What a report counts, frozen the first time a stored report covers it (``Telling``).

Reports are compared with each other (a year with its quarters), so a day once
reported keeps the same registrations with the same categories: a change made
later would show up as the difference between two reports, and that is a few
people. report.build calls ``freeze`` before it counts.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .registraties import Rapport, Registratie, Telling, TellingThema

ROW_FIELDS = ("kanaal", "vraagsteller", "schoolsoort", "gemeente_id", "aard", "afhandeling", "doorverwezen_naar_id")


def _reported(day, periods) -> bool:
    return any(low <= day <= high for low, high in periods)


def freeze(start, end) -> int:
    """Make the ``Telling`` of every registration not counted yet that counts from start to end.

    It counts on its date, unless a stored report covers that date already: then on the day it
    was entered (a report is only made over days that are over, so that day is not reported yet).
    """
    periods = list(Rapport.objects.values_list("start", "eind"))
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time(), zone)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), zone)
    # Counted once: its Telling is the mark (a flag on the registration could be saved back by
    # a screen that loaded it before).
    candidates = Registratie.objects.filter(~Exists(Telling.objects.filter(registratie_id=OuterRef("pk")))).filter(
        Q(datum__range=(start, end)) | Q(aangemaakt__gte=first, aangemaakt__lt=after)
    )
    made = []
    for registratie in candidates.prefetch_related("themas"):
        day = registratie.datum
        if _reported(day, periods):
            day = timezone.localtime(registratie.aangemaakt).date()
        if not start <= day <= end:
            continue
        telling = Telling(
            registratie_id=registratie.pk,
            teldatum=day,
            minuten=registratie.minuten,
            **{field: getattr(registratie, field) for field in ROW_FIELDS},
        )
        made.append((telling, [t.pk for t in registratie.themas.all()]))
    Telling.objects.bulk_create([telling for telling, _themes in made], batch_size=2000)
    TellingThema.objects.bulk_create(
        [TellingThema(telling=telling, thema_id=t) for telling, themes in made for t in themes], batch_size=5000
    )
    return len(made)
