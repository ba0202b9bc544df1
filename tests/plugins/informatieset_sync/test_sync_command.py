"""`steunpunt sync_informatieset`: output for operators and exit codes."""

import io

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from feedfactory import clone, make_feed, write_feed

from plugins.informatieset_sync.models import InformatiesetPage, SyncRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def command(*args):
    out = io.StringIO()
    call_command("sync_informatieset", *args, stdout=out)
    return out.getvalue()


def test_sync_prints_progress_and_a_summary(site, tmp_path):
    feed, assets = make_feed(n_keys=30, languages=("nl", "en"))
    path = write_feed(tmp_path, feed, assets)
    output = command("--source", str(path))
    assert "25/60 items" in output and "60/60 items" in output
    assert "Revisie 1: 60 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output
    assert InformatiesetPage.objects.live().count() == 60
    run = SyncRun.objects.get()
    assert run.trigger == SyncRun.Trigger.COMMAND and run.status == SyncRun.Status.SUCCESS

    output = command("--source", str(path))
    assert "0 nieuw, 0 bijgewerkt, 60 ongewijzigd" in output


def test_dry_run_says_what_would_happen(site, tmp_path):
    feed, assets = make_feed(n_keys=3, languages=("nl",))
    path = write_feed(tmp_path, feed, assets)
    output = command("--source", str(path), "--dry-run")
    assert "Proefrun" in output and "3 nieuw" in output
    assert not InformatiesetPage.objects.exists()
    assert SyncRun.objects.get().status == SyncRun.Status.DRY_RUN


def test_invalid_feed_names_item_and_field_and_exits_non_zero(site, tmp_path, capsys):
    feed, assets = make_feed(n_keys=3, languages=("nl",))
    bad = clone(feed)
    bad["items"][1]["slug"] = "Geen Geldige Slug"
    path = write_feed(tmp_path, bad, assets)
    with pytest.raises(CommandError) as error:
        command("--source", str(path))
    assert bad["items"][1]["id"] in str(error.value) and "slug" in str(error.value)
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.FAILED and run.error_field == "slug"
    assert not InformatiesetPage.objects.exists()

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["steunpunt", "sync_informatieset", "--source", str(path)])
    assert exit_.value.code != 0
    assert bad["items"][1]["id"] in capsys.readouterr().err


def test_force_applies_an_older_revision(site, tmp_path):
    feed, assets = make_feed(n_keys=2, languages=("nl",), revision=3)
    command("--source", str(write_feed(tmp_path / "new", feed, assets)))
    older = clone(feed)
    older["revision"] = 2
    path = write_feed(tmp_path / "old", older, assets)
    with pytest.raises(CommandError, match="revision"):
        command("--source", str(path))
    output = command("--source", str(path), "--force")
    assert "Revisie 2" in output


def test_operators_can_lower_the_feed_limits_but_not_raise_them(settings):
    from plugins.informatieset_sync import conf

    settings.STEUNPUNT_INFORMATIESET_MAX_ITEMS = 10
    settings.STEUNPUNT_INFORMATIESET_MAX_ASSET_BYTES = 10**12
    limits = conf.limits()
    assert limits.max_items == 10
    assert limits.max_asset_bytes == 5 * 1024 * 1024
