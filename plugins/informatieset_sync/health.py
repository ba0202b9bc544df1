"""The informatieset's health check: did the last sync work, and is the set not too old?

Registered by InformatiesetSyncConfig.ready(); see distro/health.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distro.extensions import HealthCheck, HealthResult, health_checks

from . import conf
from .models import SyncRun

#: No good sync for this long (or three intervals, if that is longer) is worth a warning:
#: the site still shows the set it has, but the national texts may be out of date.
TOO_OLD = timedelta(hours=24)
NAME = "informatieset_sync.synchronisatie"


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


def sync_is_recent() -> HealthResult:
    finished = SyncRun.objects.exclude(status__in=[SyncRun.Status.RUNNING, SyncRun.Status.DRY_RUN])
    last = finished.first()  # ordered newest first
    good = finished.filter(status__in=[SyncRun.Status.SUCCESS, SyncRun.Status.NOT_MODIFIED]).first()
    if last is None:
        return HealthResult.warning(_("De informatieset is nog nooit gesynchroniseerd."))
    if last.status == SyncRun.Status.FAILED:
        # The error text names the feed's address and the item; staff read it in the admin.
        return HealthResult.warning(
            _(
                "De laatste synchronisatie (%(when)s) is mislukt; de site toont de vorige versie. "
                "Zie Informatieset > Synchronisaties in het beheer."
            )
            % {"when": _when(last.started_at)}
        )
    limit = max(TOO_OLD, timedelta(minutes=conf.interval_minutes()) * 3)
    checked_at = good.finished_at or good.started_at
    if timezone.now() - checked_at > limit:
        return HealthResult.warning(
            _("De laatste gelukte synchronisatie was op %(when)s. Draaien de vaste taken?")
            % {"when": _when(checked_at)}
        )
    return HealthResult.ok(_("Gesynchroniseerd op %(when)s.") % {"when": _when(checked_at)})


def register():
    health_checks.register(
        HealthCheck(
            NAME,
            sync_is_recent,
            gettext_lazy("Is de landelijke informatieset onlangs gelukt bijgewerkt?"),
            module=__name__,
        )
    )
