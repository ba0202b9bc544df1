"""The lists "Voor wie" and "Thema's" as managed lists: the migration from JSON, the editor's form, the public filters,
the order of the lists, "Nieuwe bijeenkomst" and the demo registrations behind the counts."""

import importlib
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from distro.extensions import site_setup
from plugins.agenda import listing, mails
from plugins.agenda.models import Aanmelding, Bezetting, Bijeenkomst, Doelgroep, Thema
from plugins.agenda.receivers import binnenkort_panel, setup_agenda

pytestmark = pytest.mark.django_db


# --- The migration: JSON in, links out, and back -------------------------------------------


# Run in a process of its own on a new SQLite file: migrating the shared test database back
# and forth (a transactional test) would flush the demo site the other tests share.
MIGRATION_SCRIPT = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

def migrate(target):
    call_command("migrate", *target, verbosity=0)
    return MigrationExecutor(connection).loader.project_state([target]).apps

old = migrate(("agenda", "0005_answers_one_spelling"))
content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(app_label="agenda", model="bijeenkomst")[0]
locale = old.get_model("wagtailcore", "Locale").objects.first()
meeting = old.get_model("agenda", "Bijeenkomst").objects.create(
    title="Oude avond", slug="oude-avond", path="0001ZZZY", depth=2, content_type=content_type, locale_id=locale.pk,
    # As meetings were stored: audiences as slugs (one unknown), themes as typed labels (one new).
    audiences=["ouders", "grootouders"], themes=["Passend onderwijs", "Pesten op school"],
)
old.get_model("wagtailcore", "Revision").objects.create(
    content_type=content_type, base_content_type=content_type, object_id=str(meeting.pk), created_at=timezone.now(),
    content={"pk": meeting.pk, "title": "Oude avond", "audiences": ["jongeren"], "themes": ["Thuiszitten"]},
)
new = migrate(("agenda", "0006_taxonomies"))
Doelgroep, Thema = new.get_model("agenda", "Doelgroep"), new.get_model("agenda", "Thema")
migrated = new.get_model("agenda", "Bijeenkomst").objects.get(pk=meeting.pk)
revision = new.get_model("wagtailcore", "Revision").objects.get(object_id=str(meeting.pk))
result = {
    "audiences": sorted(migrated.audiences.values_list("slug", flat=True)),
    "themes": sorted(migrated.themes.values_list("name", flat=True)),
    "new_audience_name": Doelgroep.objects.get(slug="grootouders").name,
    "all_audiences": sorted(Doelgroep.objects.values_list("slug", flat=True)),
    "passend_count": Thema.objects.filter(name="Passend onderwijs").count(),
    "revision": revision.content,
    "jongeren_pk": Doelgroep.objects.get(slug="jongeren").pk,
    "thuiszitten_pk": Thema.objects.get(name="Thuiszitten").pk,
}
back = migrate(("agenda", "0005_answers_one_spelling"))
restored = back.get_model("agenda", "Bijeenkomst").objects.get(pk=meeting.pk)
result["back"] = [sorted(restored.audiences), sorted(restored.themes)]
result["back_revision"] = back.get_model("wagtailcore", "Revision").objects.get(object_id=str(meeting.pk)).content
print(json.dumps(result))
"""


def test_the_migration_turns_the_json_into_links_and_back_without_losing_anything(tmp_path):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'migratie.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "distro.settings.test",
        "PYTHONPATH": str(Path(__file__).resolve().parents[3]),
    }
    done = subprocess.run(
        [sys.executable, "-c", MIGRATION_SCRIPT], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["audiences"] == ["grootouders", "ouders"]
    assert result["new_audience_name"] == "Grootouders"
    assert result["themes"] == ["Passend onderwijs", "Pesten op school"]
    # The shipped lists are there; a known theme is not doubled.
    assert {"ouders", "jongeren", "kinderen", "professionals"} <= set(result["all_audiences"])
    assert result["passend_count"] == 1
    # The revision the editor opens reads the same shape (primary keys), so the edit view works.
    assert result["revision"]["audiences"] == [result["jongeren_pk"]]
    assert result["revision"]["themes"] == [result["thuiszitten_pk"]]
    # And back: JSON as before, in the page and in its revision.
    assert result["back"] == [["grootouders", "ouders"], ["Passend onderwijs", "Pesten op school"]]
    assert result["back_revision"]["audiences"] == ["jongeren"]
    assert result["back_revision"]["themes"] == ["Thuiszitten"]


def test_stored_json_values_are_read_leniently():
    migration = importlib.import_module("plugins.agenda.migrations.0006_taxonomies")
    assert migration._values('["ouders", " jongeren "]') == ["ouders", "jongeren"]
    assert migration._values(None) == [] and migration._values({"a": 1}) == []
    assert migration._values(["Pesten", "", None, 3]) == ["Pesten", "3"]


# --- The editor's form --------------------------------------------------------------------


def _form(user, instance):
    form_class = Bijeenkomst.get_edit_handler().get_form_class()
    return form_class(instance=instance, for_user=user, parent_page=instance.get_parent())


def test_the_editor_ticks_audiences_and_themes(redacteur, maak_bijeenkomst):
    meeting = maak_bijeenkomst(audiences=Doelgroep.named(["ouders"]), themes=Thema.named(["Passend onderwijs"]))
    form = _form(redacteur, meeting)
    html = str(form["audiences"]) + str(form["themes"])
    assert html.count('type="checkbox"') == Doelgroep.objects.count() + Thema.objects.count()
    assert "Professionals" in html and "Thuiszitten" in html
    assert "JSON" not in html and "<textarea" not in html
    checked = BeautifulSoup(html, "html.parser").select("input[checked]")
    assert {c.parent.get_text(strip=True) for c in checked} == {"Ouders", "Passend onderwijs"}

    # What the checkboxes send is accepted; a typed word is not a choice.
    field = form.fields["themes"]
    pesten = Thema.objects.create(name="Pesten")
    assert list(field.clean([str(pesten.pk)])) == [pesten]
    with pytest.raises(ValidationError):
        field.clean(["Ouders"])


def test_a_new_entry_gets_a_slug_of_its_own():
    first = Thema.objects.create(name="Pesten & plagen")
    second = Thema(name="Pesten  plagen")
    second.save()
    assert first.slug == "pesten-plagen" and second.slug == "pesten-plagen-2"
    assert str(Doelgroep.objects.get(slug="ouders")) == "Ouders"


def test_redacteur_adds_a_theme_in_the_admin(client, redacteur):
    client.force_login(redacteur)
    response = client.get(reverse("wagtailsnippets_agenda_thema:list"))
    assert response.status_code == 200
    response = client.post(reverse("wagtailsnippets_agenda_thema:add"), {"name": "Dyslexie", "slug": ""})
    assert response.status_code == 302
    assert Thema.objects.get(name="Dyslexie").slug == "dyslexie"
    assert client.get(reverse("wagtailsnippets_agenda_doelgroep:add")).status_code == 200


def test_staff_and_bestuur_do_not_manage_the_lists(client, steunpunt_medewerker, bestuurder):
    for user in (steunpunt_medewerker, bestuurder):
        client.force_login(user)
        response = client.post(reverse("wagtailsnippets_agenda_thema:add"), {"name": "Mag niet"})
        assert response.status_code in (302, 403) and not Thema.objects.filter(name="Mag niet").exists()


# --- Public filters: only what an upcoming, published meeting uses ------------------------------


def _theme_options(client, index):
    html = BeautifulSoup(client.get(index.url).content, "html.parser")
    return [o.get_text() for o in html.select("select[name=thema] option")][1:]


def test_a_theme_becomes_a_filter_only_when_a_published_upcoming_meeting_uses_it(client, maak_bijeenkomst):
    index = maak_bijeenkomst().get_parent().specific
    nieuw = Thema.objects.create(name="Nieuw thema")
    assert "Nieuw thema" not in _theme_options(client, index), "an unused theme is no filter"

    maak_bijeenkomst(themes=[nieuw], publish=False)
    maak_bijeenkomst(themes=[nieuw], begint_over=timedelta(days=-3))
    cancelled = maak_bijeenkomst(themes=[nieuw], cancelled=True, cancel_reason="Ziek")
    assert "Nieuw thema" not in _theme_options(client, index), "not for a draft, a past or a cancelled meeting"

    meeting = maak_bijeenkomst(themes=[nieuw])
    assert "Nieuw thema" in _theme_options(client, index)
    response = client.get(index.url, {"thema": nieuw.slug})
    titles = [h.get_text(strip=True) for h in BeautifulSoup(response.content, "html.parser").select(".card__title")]
    # Chosen, the filter shows the cancelled one too, after the one that goes ahead.
    assert titles == [meeting.title, cancelled.title]


def test_the_meeting_page_names_its_audiences_and_themes(client, maak_bijeenkomst):
    meeting = maak_bijeenkomst(
        audiences=Doelgroep.named(["ouders", "professionals"]), themes=Thema.named(["Thuiszitten"])
    )
    html = BeautifulSoup(client.get(meeting.url).content, "html.parser")
    facts = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in html.select(".agenda-facts dt")}
    assert facts["Voor wie"] == "Ouders, Professionals"
    assert facts["Thema's"] == "Thuiszitten"


def test_shipped_names_read_in_the_visitors_language(client, maak_bijeenkomst):
    with translation.override("en"):
        assert Doelgroep.objects.get(slug="ouders").label == "Parents"
        assert Thema.objects.get(name="Passend onderwijs").label == "Appropriate education"
        assert Thema.objects.create(name="Eigen thema").label == "Eigen thema"


# --- Order: a cancelled meeting is never first, and marked once -----------------------------------


def test_cancelled_meetings_come_after_the_ones_that_go_ahead(client, rf, home, maak_bijeenkomst):
    index = maak_bijeenkomst().get_parent().specific
    Bijeenkomst.objects.filter(live=True).update(live=False)  # only this test's meetings from here
    soon = maak_bijeenkomst(title="Morgen, gaat niet door", cancelled=True, cancel_reason="Ziek")
    later = maak_bijeenkomst(title="Over een week", begint_over=timedelta(days=7))
    latest = maak_bijeenkomst(title="Over twee weken", begint_over=timedelta(days=14))

    html = BeautifulSoup(client.get(index.url).content, "html.parser")
    titles = [h.get_text(strip=True) for h in html.select("main .card__title")]
    assert titles == [later.title, latest.title, soon.title]
    assert html.get_text().count("Gaat niet door") == 1

    panel = binnenkort_panel(signal=None, sender=None, request=rf.get("/"), page=home)
    html = str(panel.context["html"])
    titles = [later.title, latest.title, soon.title]
    assert [html.index(title) for title in titles] == sorted(html.index(title) for title in titles)


def test_the_home_panel_never_opens_with_a_cancelled_meeting(rf, home, maak_bijeenkomst):
    Bijeenkomst.objects.filter(live=True).update(live=False)
    maak_bijeenkomst(title="Afgelast", cancelled=True, cancel_reason="Ziek")
    assert binnenkort_panel(signal=None, sender=None, request=rf.get("/"), page=home) is None
    assert [m.title for m in listing.upcoming_meetings(root=home)] == ["Afgelast"], "the agenda still lists it"


# --- "Nieuwe bijeenkomst" on the overview ---------------------------------------------------------


def test_the_overview_offers_a_new_meeting_to_who_may_add_pages(client, redacteur, steunpunt_medewerker, agenda_index):
    add_url = reverse("wagtailadmin_pages:add", args=("agenda", "bijeenkomst", agenda_index.pk))
    client.force_login(redacteur)
    html = BeautifulSoup(client.get(reverse("agenda_admin:overview")).content, "html.parser")
    button = html.select_one(f'main a[href="{add_url}"]')
    assert button is not None and button.get_text(strip=True) == "Nieuwe bijeenkomst"
    assert client.get(add_url).status_code == 200
    assert html.find("a", href=reverse("wagtailsnippets_agenda_thema:list")) is not None

    client.force_login(steunpunt_medewerker)
    html = client.get(reverse("agenda_admin:overview")).content.decode()
    assert "Nieuwe bijeenkomst" not in html and add_url not in html


# --- Demo registrations behind the counts ---------------------------------------------------------


def test_demo_counts_are_backed_by_registrations(home, demo_aanmeldingen):
    for bezetting in Bezetting.objects.filter(bijeenkomst__path__startswith=home.path):
        rows = Aanmelding.objects.filter(bijeenkomst=bezetting.bijeenkomst)
        confirmed = sum(rows.filter(status=Aanmelding.Status.BEVESTIGD).values_list("persons", flat=True))
        waiting = sum(rows.filter(status=Aanmelding.Status.WACHTLIJST).values_list("persons", flat=True))
        assert (confirmed, waiting) == (bezetting.confirmed, bezetting.waiting), bezetting.bijeenkomst.slug
    full = Bijeenkomst.objects.get(slug="naar-het-voortgezet-onderwijs")
    assert full.bezetting.confirmed == 20 and full.bezetting.waiting == 3
    assert demo_aanmeldingen.count() > 0
    assert all(a.email.endswith("@example.org") and a.name.endswith("(voorbeeld)") for a in demo_aanmeldingen)
    # Ordinary registrations: purged by the retention rule like any other.
    past = Bijeenkomst.objects.get(slug="thuiszitten-voorkomen")
    assert all(a.purge_after() == past.ends_at + timedelta(days=30) for a in past.aanmeldingen.all())
    assert past.bezetting.ended_signal_sent, "no evaluation mail to made-up people"


# --- Translation keeps the choices ------------------------------------------------------------------


def test_a_translated_meeting_keeps_and_follows_the_choices(maak_bijeenkomst):
    meeting = maak_bijeenkomst(audiences=Doelgroep.named(["ouders"]), themes=Thema.named(["Thuiszitten"]))
    english = Locale.objects.get(language_code="en")
    source, _created = TranslationSource.get_or_create_from_instance(meeting)
    source.create_or_update_translation(english, publish=False, fallback=True)
    copy = Bijeenkomst.objects.get(translation_key=meeting.translation_key, locale=english)
    assert [a.slug for a in copy.audiences.all()] == ["ouders"]

    meeting.themes.set(Thema.named(["Passend onderwijs"]))
    meeting.save_revision().publish()
    source.update_from_db()
    source.create_or_update_translation(english, publish=False, fallback=True)
    copy = Bijeenkomst.objects.get(pk=copy.pk)
    latest = copy.get_latest_revision_as_object()
    assert [t.name for t in latest.themes.all()] == ["Passend onderwijs"]


# --- Mails: no "?." after a title that asks a question ---------------------------------------------


def test_a_question_as_title_gets_no_extra_full_stop(maak_bijeenkomst):
    meeting = maak_bijeenkomst(title="Passend onderwijs, hoe werkt het?", capacity=5)
    aanmelding = Aanmelding.objects.create(
        bijeenkomst=meeting, status=Aanmelding.Status.BEVESTIGD, role="ouder", name="Sam", email="sam@example.org"
    )
    body = mails.render(aanmelding, mails.AANMELDING).body
    assert "hoe werkt het?." not in body
    assert "U bent aangemeld voor Passend onderwijs, hoe werkt het?" in body


def test_setup_fills_empty_lists_but_keeps_what_editors_removed(site, home):
    Bijeenkomst.objects.all().delete()
    Doelgroep.objects.all().delete()
    Thema.objects.all().delete()
    setup_agenda(signal=site_setup, sender=None, home_page=home, site=site, demo=False)
    assert list(Doelgroep.objects.values_list("slug", flat=True)) == ["ouders", "jongeren", "kinderen", "professionals"]
    assert Thema.objects.filter(name="Passend onderwijs").exists()

    Thema.objects.filter(name="Thuiszitten").delete()
    setup_agenda(signal=site_setup, sender=None, home_page=home, site=site, demo=False)
    assert not Thema.objects.filter(name="Thuiszitten").exists()
