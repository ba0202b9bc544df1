"""The informatieset's health check (plugins/informatieset_sync/health.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plugins.informatieset_sync import health
from plugins.informatieset_sync.models import SyncRun

pytestmark = pytest.mark.django_db


def sync_run(status, hours_ago, **fields):
    started = timezone.now() - timedelta(hours=hours_ago)
    return SyncRun.objects.create(
        source="https://informatieset.example/feed.json",
        status=status,
        started_at=started,
        finished_at=started + timedelta(seconds=5),
        **fields,
    )


def test_never_synced_is_a_warning():
    SyncRun.objects.all().delete()

    assert health.sync_is_recent().status == "warning"


def test_a_recent_good_sync_is_ok():
    sync_run(SyncRun.Status.SUCCESS, hours_ago=3)
    sync_run(SyncRun.Status.NOT_MODIFIED, hours_ago=1)

    result = health.sync_is_recent()

    assert result.status == "ok"
    assert result.message.startswith("Gesynchroniseerd op ")


def test_a_failed_last_sync_is_a_warning_without_the_error_text():
    sync_run(SyncRun.Status.SUCCESS, hours_ago=3)
    sync_run(SyncRun.Status.FAILED, hours_ago=1, error="https://user:wachtwoord@bron.example/ gaf 500")

    result = health.sync_is_recent()

    assert result.status == "warning"
    assert "mislukt" in result.message
    assert "wachtwoord" not in result.message


def test_a_dry_run_or_a_running_sync_does_not_count():
    sync_run(SyncRun.Status.SUCCESS, hours_ago=2)
    sync_run(SyncRun.Status.DRY_RUN, hours_ago=1, error="")
    sync_run(SyncRun.Status.RUNNING, hours_ago=0)

    assert health.sync_is_recent().status == "ok"


def test_no_good_sync_for_a_day_is_a_warning(settings):
    settings.STEUNPUNT_INFORMATIESET_INTERVAL_MINUTES = 60
    sync_run(SyncRun.Status.SUCCESS, hours_ago=30)

    result = health.sync_is_recent()

    assert result.status == "warning"
    assert "laatste gelukte synchronisatie" in result.message


def test_a_long_interval_allows_an_older_sync(settings):
    settings.STEUNPUNT_INFORMATIESET_INTERVAL_MINUTES = 24 * 60  # daily: three days is still fine
    sync_run(SyncRun.Status.SUCCESS, hours_ago=30)

    assert health.sync_is_recent().status == "ok"
