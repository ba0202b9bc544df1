"""Change notices: the dashboard panel, the diff of the national text, "Gezien" and the e-mail."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse
from national_helpers import index_page, national_page

from plugins.informatieset_sync import notices
from plugins.informatieset_sync.locking import allow_national_changes
from plugins.informatieset_sync.models import ChangeNotice, InformatiesetPage

OLD_BODY = [
    {"type": "heading", "value": {"text": "Wat regelt de school?", "level": "2"}},
    {"type": "paragraph", "value": "<p>Elk kind krijgt een plek op een school die past.</p>"},
    {"type": "faq", "value": [{"question": "Wie betaalt?", "answer": "<p>De school betaalt de ondersteuning.</p>"}]},
]
NEW_BODY = [
    {"type": "heading", "value": {"text": "Wat regelt de school?", "level": "2"}},
    {"type": "paragraph", "value": "<p>Elk kind krijgt een goede plek op een school die past.</p>"},
    {
        "type": "faq",
        "value": [{"question": "Wie betaalt?", "answer": "<p>Het samenwerkingsverband betaalt de ondersteuning.</p>"}],
    },
    {"type": "steps", "value": [{"title": "Bel het steunpunt", "text": "<p>Wij denken mee.</p>"}]},
]
REGIONAL = [{"type": "paragraph", "value": "<p>In onze regio helpt het loket in Zwolle.</p>"}]


def change_national_text(page, **fields):
    """What the sync does to a page: new national fields, a published revision. Returns (old, new) revisions."""
    page = InformatiesetPage.objects.get(pk=page.pk)
    old = page.live_revision
    with allow_national_changes():
        for name, value in fields.items():
            setattr(page, name, value)
        new = page.save_revision()
        new.publish()
    return old, new


@pytest.fixture
def page(home):
    return national_page(
        index_page(home),
        title="Passend onderwijs uitgelegd",
        slug="passend-onderwijs-uitgelegd",
        body=OLD_BODY,
        regional_body=REGIONAL,
    )


@pytest.fixture
def notice(page):
    old, new = change_national_text(page, national_body=NEW_BODY, summary="Nieuwe uitleg over passend onderwijs.")
    return ChangeNotice.objects.create(page=page, old_revision=old, new_revision=new)


def diff_url(notice):
    return reverse("informatieset_sync_admin:notice_diff", args=[notice.pk])


def review_url(notice):
    return reverse("informatieset_sync_admin:notice_review", args=[notice.pk])


def dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


# --- the dashboard ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["redacteur", "beheerder", "superuser"])
def test_dashboard_shows_open_notices_to_editors(client, request, notice, role):
    client.force_login(request.getfixturevalue(role))
    html = dashboard(client)
    assert "Landelijke tekst veranderd" in html
    assert "Passend onderwijs uitgelegd" in html
    assert diff_url(notice) in html
    assert "Bekijk wat er veranderd is" in html
    assert review_url(notice) in html


@pytest.mark.django_db
def test_dashboard_links_the_page_title_to_its_edit_view_for_editors(client, redacteur, notice):
    client.force_login(redacteur)
    assert reverse("wagtailadmin_pages:edit", args=[notice.page_id]) in dashboard(client)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["steunpunt_medewerker", "bestuurder"])
def test_dashboard_hides_notices_from_people_who_cannot_edit_pages(client, request, notice, role):
    client.force_login(request.getfixturevalue(role))
    html = dashboard(client)
    assert "Passend onderwijs uitgelegd" not in html
    assert diff_url(notice) not in html


@pytest.mark.django_db
def test_dashboard_lists_a_page_once_when_it_changed_twice(client, redacteur, page, notice):
    old, new = change_national_text(page, summary="Nog een keer anders.")
    second = ChangeNotice.objects.create(page=page, old_revision=old, new_revision=new)
    client.force_login(redacteur)
    html = dashboard(client)
    assert html.count("Bekijk wat er veranderd is") == 1
    assert diff_url(second) in html
    assert "2 keer veranderd" in html


# --- the diff ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_diff_shows_changed_words_not_colour_only(client, redacteur, notice):
    client.force_login(redacteur)
    response = client.get(diff_url(notice))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<ins><span class="w-sr-only">[toegevoegd: </span>goede<span class="w-sr-only">]</span></ins>' in html
    assert '<del><span class="w-sr-only">[verwijderd: </span>De school<span class="w-sr-only">]</span></del>' in html
    assert (
        '<ins><span class="w-sr-only">[toegevoegd: </span>Het samenwerkingsverband<span class="w-sr-only">]</span></ins>'
        in html
    )
    assert "Bel het steunpunt" in html  # a new block
    assert "[toegevoegd: </span>Nieuwe uitleg<" in html  # the summary
    assert "[verwijderd: </span>Uitleg<" in html
    # Unchanged text is shown as it is, without markup.
    assert "Wat regelt de school?" in html and "[toegevoegd: </span>Wat regelt" not in html


def test_diff_lines_pairs_changed_lines_and_keeps_the_rest():
    lines = notices.diff_lines(["Titel", "Een twee drie vier", "Weg"], ["Titel", "Een twee vijf vier", "Nieuw blok"])
    assert [line.parts for line in lines] == [
        [("equal", "Titel")],
        [("equal", "Een twee"), ("delete", "drie"), ("insert", "vijf"), ("equal", "vier")],
        [("delete", "Weg")],
        [("insert", "Nieuw blok")],
    ]


def test_html_to_lines_gives_one_line_per_paragraph_and_list_item():
    assert notices.html_to_lines("<p>Eén <b>twee</b></p><ul><li>drie</li><li>vier &amp; vijf</li></ul>") == [
        "Eén twee",
        "• drie",
        "• vier & vijf",
    ]


@pytest.mark.django_db
def test_diff_escapes_html_from_the_feed(client, redacteur, page):
    old, new = change_national_text(page, summary="<script>alert(1)</script> nieuw")
    notice = ChangeNotice.objects.create(page=page, old_revision=old, new_revision=new)
    client.force_login(redacteur)
    html = client.get(diff_url(notice)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_diff_without_old_revision_shows_the_new_text(client, redacteur, page):
    notice = ChangeNotice.objects.create(page=page, old_revision=None, new_revision=page.live_revision)
    client.force_login(redacteur)
    html = client.get(diff_url(notice)).content.decode()
    assert "De vorige versie is niet meer beschikbaar" in html
    assert "Elk kind krijgt een plek" in html


# --- "Gezien" ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_reviewed_removes_the_notice_from_the_dashboard(client, redacteur, notice):
    client.force_login(redacteur)
    response = client.post(review_url(notice), {"next": reverse("wagtailadmin_home")})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.reviewed_at is not None
    assert notice.reviewed_by == redacteur
    html = dashboard(client)
    assert "Landelijke tekst veranderd" not in html and diff_url(notice) not in html
    assert "De melding over “Passend onderwijs uitgelegd” is gesloten." in html
    # The diff stays readable, now saying when it was seen.
    assert "Gezien op" in client.get(diff_url(notice)).content.decode()


@pytest.mark.django_db
def test_mark_reviewed_closes_older_notices_of_the_page_but_not_other_pages(client, redacteur, home, page, notice):
    old, new = change_national_text(page, summary="Nog een keer anders.")
    second = ChangeNotice.objects.create(page=page, old_revision=old, new_revision=new)
    other_page = national_page(index_page(home), title="Zorgplicht", slug="zorgplicht", regional_body=REGIONAL)
    old, new = change_national_text(other_page, summary="Zorgplicht anders.")
    other = ChangeNotice.objects.create(page=other_page, old_revision=old, new_revision=new)
    client.force_login(redacteur)
    client.post(review_url(second))
    assert ChangeNotice.objects.filter(pk__in=[notice.pk, second.pk], reviewed_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.reviewed_at is None


@pytest.mark.django_db
def test_review_refuses_get(client, redacteur, notice):
    client.force_login(redacteur)
    assert client.get(review_url(notice)).status_code == 405
    notice.refresh_from_db()
    assert notice.reviewed_at is None


@pytest.mark.django_db
def test_review_ignores_an_outside_next_url(client, redacteur, notice):
    client.force_login(redacteur)
    response = client.post(review_url(notice), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["steunpunt_medewerker", "bestuurder"])
def test_diff_and_review_are_not_found_for_people_who_cannot_edit(client, request, notice, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(diff_url(notice)).status_code == 404
    assert client.post(review_url(notice)).status_code == 404
    notice.refresh_from_db()
    assert notice.reviewed_at is None


@pytest.mark.django_db
def test_diff_and_review_need_login(client, notice):
    for response in (client.get(diff_url(notice)), client.post(review_url(notice))):
        assert response.status_code == 302 and "login" in response["Location"]
    notice.refresh_from_db()
    assert notice.reviewed_at is None


# --- e-mail ---------------------------------------------------------------------------------------


@pytest.fixture
def inactive_redacteur(site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("oud", email="oud@example.org", password="x", is_active=False)
    user.groups.add(Group.objects.get(name="Redacteur"))
    return user


@pytest.mark.django_db
def test_mail_goes_to_editors_after_commit(
    redacteur,
    beheerder,
    steunpunt_medewerker,
    bestuurder,
    inactive_redacteur,
    notice,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notices.schedule_change_notice_mail([notice.pk])
        assert mail.outbox == []  # nothing before the sync's transaction commits
    assert len(callbacks) == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([redacteur.email, beheerder.email])
    message = next(m for m in mail.outbox if m.to == [redacteur.email])
    assert "Passend onderwijs uitgelegd" in message.body
    assert "controleer 1 pagina" in message.subject
    assert reverse("informatieset_sync_admin:notice_diff", args=[notice.pk]) in message.body
    assert reverse("wagtailadmin_pages:edit", args=[notice.page_id]) in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Passend onderwijs uitgelegd" in html


@pytest.mark.django_db
def test_no_mail_when_the_transaction_rolls_back(redacteur, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notices.schedule_change_notice_mail([notice.pk])
    assert len(callbacks) == 1 and mail.outbox == []


@pytest.mark.django_db
def test_no_mail_when_the_setting_is_off(settings, redacteur, notice, django_capture_on_commit_callbacks):
    settings.STEUNPUNT_INFORMATIESET_NOTIFY_EMAIL = False
    with django_capture_on_commit_callbacks(execute=True):
        notices.schedule_change_notice_mail([notice.pk])
    assert mail.outbox == []


@pytest.mark.django_db
def test_mail_failure_is_logged_not_raised(monkeypatch, caplog, redacteur, notice, django_capture_on_commit_callbacks):
    class BrokenConnection:
        def send_messages(self, messages):
            raise ConnectionRefusedError("mailserver weg")

    monkeypatch.setattr("django.core.mail.get_connection", lambda **kwargs: BrokenConnection())
    with caplog.at_level(logging.ERROR, logger="plugins.informatieset_sync.notices"):
        with django_capture_on_commit_callbacks(execute=True):
            notices.schedule_change_notice_mail([notice.pk])
    assert mail.outbox == []
    assert "Change notice mail" in caplog.text
    # The notice is still on the dashboard.
    notice.refresh_from_db()
    assert notice.reviewed_at is None


@pytest.mark.django_db
def test_a_sync_that_changes_a_page_with_additions_mails_its_editors(
    redacteur, home, settings, tmp_path, django_capture_on_commit_callbacks
):
    sync = pytest.importorskip("plugins.informatieset_sync.sync")
    from feedfactory import clone, make_feed, write_feed

    feed, _assets = make_feed(n_keys=2, languages=("nl",), with_assets=False)
    sync.run_sync(str(write_feed(tmp_path / "r1", feed)))
    page = InformatiesetPage.objects.get(feed_item_id=feed["items"][0]["id"])
    page.regional_body = REGIONAL
    page.save_revision().publish()

    changed = clone(feed)
    changed["revision"] = 2
    changed["items"][0]["title"] = "Een nieuwe titel voor de test"
    with django_capture_on_commit_callbacks(execute=True):
        run = sync.run_sync(str(write_feed(tmp_path / "r2", changed)))
    assert run.status == run.Status.SUCCESS, run.error
    assert ChangeNotice.objects.filter(page=page, reviewed_at__isnull=True).exists()
    assert any("Een nieuwe titel voor de test" in m.body for m in mail.outbox if m.to == [redacteur.email])


# --- the edit view of a national page ---------------------------------------------------------------


@pytest.mark.django_db
def test_edit_view_of_a_national_page_explains_what_can_be_edited(client, redacteur, page):
    client.force_login(redacteur)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Deze tekst komt uit de landelijke informatieset" in html
    assert "In onze regio" in html and "ervaringsverhalen aanvullen" in html


@pytest.mark.django_db
def test_edit_view_of_another_page_has_no_such_explanation(client, redacteur, home):
    client.force_login(redacteur)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert "Deze tekst komt uit de landelijke informatieset" not in html
