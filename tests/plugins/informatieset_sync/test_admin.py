"""The admin report "Synchronisaties", its detail view and the "Nu synchroniseren" button."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus

from plugins.informatieset_sync.models import SyncRun

REPORT_URL = "informatieset_sync_admin:sync_runs"


def report_url():
    return reverse(REPORT_URL)


def sync_now_url():
    return reverse("informatieset_sync_admin:sync_now")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def make_run(minutes_ago=10, **fields):
    started = timezone.now() - timedelta(minutes=minutes_ago)
    defaults = {
        "source": "https://informatieset.example/feed.json",
        "trigger": SyncRun.Trigger.JOB,
        "status": SyncRun.Status.SUCCESS,
        "started_at": started,
        "finished_at": started + timedelta(seconds=42),
    }
    defaults.update(fields)
    return SyncRun.objects.create(**defaults)


# --- who sees the report -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["beheerder", "superuser"])
def test_report_and_menu_item_for_beheerder_and_superuser(client, request, role):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(report_url())
    assert response.status_code == 200
    assert "Synchronisaties van de informatieset" in response.content.decode()
    assert "Nu synchroniseren" in response.content.decode()
    # The Reports menu of the dashboard links to it.
    assert report_url() in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["redacteur", "steunpunt_medewerker", "bestuurder"])
def test_report_forbidden_for_other_roles(client, request, role):
    user = request.getfixturevalue(role)
    run = make_run()
    client.force_login(user)
    assert client.get(report_url()).status_code == 403
    assert client.get(reverse("informatieset_sync_admin:sync_run", args=[run.pk])).status_code == 403
    assert report_url() not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.django_db
def test_report_needs_login(client, site):
    response = client.get(report_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- what the report shows --------------------------------------------------------------


@pytest.mark.django_db
def test_report_lists_runs_newest_first_with_counts_and_errors(client, beheerder):
    make_run(
        minutes_ago=120,
        revision=7,
        created=38,
        updated=0,
        unchanged=0,
        skipped=[{"id": f"id-{n}", "key": f"k{n}", "language": "de", "title": f"T{n}"} for n in range(3)],
        trigger=SyncRun.Trigger.SETUP,
    )
    make_run(
        minutes_ago=5,
        status=SyncRun.Status.FAILED,
        revision=8,
        trigger=SyncRun.Trigger.ADMIN,
        started_by=beheerder,
        error="Deze link wijst naar een onbekende sleutel.",
        error_item="3f0c9a1e-item",
        error_field="national_body[2].value",
    )
    client.force_login(beheerder)
    html = client.get(report_url()).content.decode()

    assert "mislukt" in html and "gelukt" in html
    assert "Deze link wijst naar een onbekende sleutel." in html
    assert "3f0c9a1e-item" in html and "national_body[2].value" in html
    assert "de (3)" in html  # skipped language with its count
    assert "installatie" in html and "beheer" in html
    assert ">38<" in html.replace(" ", "").replace("\n", "")
    assert "42,0 s" in html or "42.0 s" in html
    # Newest first.
    assert html.index("Deze link wijst") < html.index("de (3)")


@pytest.mark.django_db
def test_report_is_paginated(client, beheerder):
    for n in range(30):
        make_run(minutes_ago=n + 1, revision=n + 1)
    client.force_login(beheerder)
    first = client.get(report_url()).content.decode()
    second = client.get(report_url(), {"p": 2}).content.decode()
    detail = re.compile(r'href="' + re.escape(report_url()) + r'\d+/"')
    assert len(detail.findall(first)) == 25
    assert len(detail.findall(second)) == 5


@pytest.mark.django_db
def test_detail_view_shows_everything_about_a_run(client, beheerder):
    run = make_run(
        status=SyncRun.Status.FAILED,
        revision=12,
        created=1,
        updated=2,
        unchanged=3,
        unpublished=4,
        republished=5,
        moved=6,
        forced=True,
        error="De handtekening klopt niet.",
        error_item="feed",
        error_field="signature",
    )
    client.force_login(beheerder)
    response = client.get(reverse("informatieset_sync_admin:sync_run", args=[run.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "De handtekening klopt niet.",
        "signature",
        "https://informatieset.example/feed.json",
        "Geforceerd",
        "mislukt",
    ):
        assert text in html
    rows = dict(response.context["rows"])
    assert [
        rows[k] for k in ("Nieuw", "Bijgewerkt", "Ongewijzigd", "Offline gehaald", "Weer online", "Verplaatst")
    ] == [1, 2, 3, 4, 5, 6]
    assert rows["Revisie van de feed"] == 12
    assert client.get(reverse("informatieset_sync_admin:sync_run", args=[run.pk + 1000])).status_code == 404


# --- "Nu synchroniseren" -------------------------------------------------------------------


class FakeTask:
    """Stands in for the task when a test is about the button, not the sync."""

    def __init__(self, run_status=SyncRun.Status.SUCCESS, finished=True):
        self.calls = []
        self.run_status = run_status
        self.finished = finished

    def enqueue(self, user_id):
        self.calls.append(user_id)
        if not self.finished:
            return SimpleNamespace(is_finished=False, status=TaskResultStatus.READY)
        run = make_run(
            minutes_ago=0,
            status=self.run_status,
            trigger=SyncRun.Trigger.ADMIN,
            created=2,
            updated=1,
            error="kapot" if self.run_status == SyncRun.Status.FAILED else "",
        )
        return SimpleNamespace(is_finished=True, status=TaskResultStatus.SUCCESSFUL, return_value=run.pk)


@pytest.fixture
def fake_task(monkeypatch):
    from plugins.informatieset_sync import tasks

    fake = FakeTask()
    monkeypatch.setattr(tasks, "run_admin_sync", fake)
    return fake


@pytest.mark.django_db
def test_sync_now_starts_the_task_for_the_user_and_reports_the_result(client, beheerder, fake_task):
    client.force_login(beheerder)
    response = client.post(sync_now_url())
    assert response.status_code == 302 and response["Location"] == report_url()
    assert fake_task.calls == [beheerder.pk]
    assert any("De synchronisatie is klaar: 2 nieuw, 1 bijgewerkt" in m for m in messages_of(response))


@pytest.mark.django_db
def test_sync_now_reports_a_failed_run(client, beheerder, fake_task):
    fake_task.run_status = SyncRun.Status.FAILED
    client.force_login(beheerder)
    response = client.post(sync_now_url())
    assert any("mislukt: kapot" in m for m in messages_of(response))


@pytest.mark.django_db
def test_sync_now_with_a_background_worker_says_it_started(client, beheerder, fake_task):
    fake_task.finished = False
    client.force_login(beheerder)
    response = client.post(sync_now_url())
    assert any("De synchronisatie is gestart" in m for m in messages_of(response))


@pytest.mark.django_db
def test_sync_now_refuses_while_a_run_is_running(client, beheerder, fake_task):
    make_run(minutes_ago=3, status=SyncRun.Status.RUNNING, finished_at=None)
    client.force_login(beheerder)
    response = client.post(sync_now_url())
    assert fake_task.calls == []
    assert any("Er loopt al een synchronisatie" in m for m in messages_of(response))
    assert SyncRun.objects.count() == 1


@pytest.mark.django_db
def test_sync_now_ignores_a_run_left_behind_by_a_crash(client, beheerder, fake_task):
    make_run(minutes_ago=45, status=SyncRun.Status.RUNNING, finished_at=None)
    client.force_login(beheerder)
    client.post(sync_now_url())
    assert fake_task.calls == [beheerder.pk]


@pytest.mark.django_db
def test_sync_now_refuses_get(client, beheerder, fake_task):
    client.force_login(beheerder)
    assert client.get(sync_now_url()).status_code == 405
    assert fake_task.calls == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["redacteur", "steunpunt_medewerker", "bestuurder"])
def test_sync_now_forbidden_for_other_roles(client, request, role, fake_task):
    client.force_login(request.getfixturevalue(role))
    assert client.post(sync_now_url()).status_code == 403
    assert fake_task.calls == []


@pytest.mark.django_db
def test_sync_now_needs_csrf(beheerder, fake_task):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(beheerder)
    assert client.post(sync_now_url()).status_code == 403
    assert fake_task.calls == []


@pytest.mark.django_db
def test_sync_now_runs_a_real_sync(client, beheerder, settings, tmp_path):
    pytest.importorskip("plugins.informatieset_sync.sync")
    from feedfactory import make_feed, write_feed

    from plugins.informatieset_sync.models import InformatiesetPage

    feed, assets = make_feed(n_keys=3, languages=("nl",), with_assets=False)
    settings.STEUNPUNT_INFORMATIESET_SOURCE = str(write_feed(tmp_path, feed, assets))
    settings.STEUNPUNT_INFORMATIESET_PUBLIC_KEY = ""
    client.force_login(beheerder)

    response = client.post(sync_now_url(), follow=True)

    run = SyncRun.objects.get()
    assert run.trigger == SyncRun.Trigger.ADMIN
    assert run.started_by == beheerder
    assert run.status == SyncRun.Status.SUCCESS, run.error
    assert run.created == 3
    assert InformatiesetPage.objects.filter(feed_item_id__isnull=False).count() == 3
    html = response.content.decode()
    assert "De synchronisatie is klaar: 3 nieuw" in html


@pytest.mark.django_db
def test_report_exports_csv(client, beheerder):
    make_run(status=SyncRun.Status.FAILED, error="Ongeldige JSON", error_item="feed", error_field="items")
    client.force_login(beheerder)
    response = client.get(report_url(), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    assert "Ongeldige JSON" in body and "https://informatieset.example/feed.json" in body


@pytest.mark.django_db
def test_sync_now_with_a_worker_queues_once(client, beheerder, settings):
    """With the database task backend the click only queues the sync; a second click must not queue another."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(beheerder)

    first = client.post(sync_now_url())
    assert any("De synchronisatie is gestart" in m for m in messages_of(first))
    assert DBTaskResult.objects.filter(task_path__endswith="run_admin_sync").count() == 1

    second = client.post(sync_now_url())
    assert any("Er staat al een synchronisatie klaar" in m for m in messages_of(second))
    assert DBTaskResult.objects.filter(task_path__endswith="run_admin_sync").count() == 1
    assert SyncRun.objects.count() == 0
