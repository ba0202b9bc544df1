"""The four roles: exact permissions, and what each can and cannot do in the Wagtail admin."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from distro.contact.models import Vraag
from distro.core.models import ContentPage, SteunpuntSettings
from distro.roles import BEHEERDER, BESTUUR, REDACTEUR, ROLES, STEUNPUNT
from distro.roles.setup import setup_roles, wanted_permissions
from distro.roles.signals import ROLE_ADDED, ROLE_REMOVED
from distro.socialekaart.models import Organisatie

DASHBOARD = "/admin/"
SECRET_QUESTION = "Mijn zoon wordt gepest op school, wat kan ik doen?"
SECRET_EMAIL = "bezorgde.ouder@example.org"


# --- Helpers -----------------------------------------------------------------------


def group_state(role):
    group = Group.objects.get(name=role)
    return {
        "model": {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()},
        "page": {(gpp.page.depth, gpp.permission.codename) for gpp in GroupPagePermission.objects.filter(group=group)},
        "collection": {
            (gcp.collection.depth, f"{gcp.permission.content_type.app_label}.{gcp.permission.codename}")
            for gcp in GroupCollectionPermission.objects.filter(group=group)
        },
    }


def expected_state(role):
    wanted = wanted_permissions()[role]
    return {
        "model": wanted["model"],
        "page": {(1, codename) for codename in wanted["page"]},
        "collection": {(1, codename) for codename in wanted["collection"]},
    }


def assert_refused(response):
    """Wagtail answers a forbidden admin page by sending the user back to the dashboard."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] == DASHBOARD


@pytest.fixture
def vraag(db):
    return Vraag.objects.create(
        role=Vraag.Rol.OUDER, question=SECRET_QUESTION, email=SECRET_EMAIL, name="Anna de Vries", phone="0612345678"
    )


@pytest.fixture
def content_page(home):
    return home.get_children().type(ContentPage).first().specific


def settings_url(site, model="steunpuntsettings"):
    return reverse("wagtailsettings:edit", args=["core", model, site.pk])


def vraag_urls(vraag):
    return {
        "list": reverse("wagtailsnippets_contact_vraag:list"),
        "results": reverse("wagtailsnippets_contact_vraag:list_results"),
        "inspect": reverse("wagtailsnippets_contact_vraag:inspect", args=[vraag.pk]),
        "edit": reverse("wagtailsnippets_contact_vraag:edit", args=[vraag.pk]),
        "delete": reverse("wagtailsnippets_contact_vraag:delete", args=[vraag.pk]),
        "history": reverse("wagtailsnippets_contact_vraag:history", args=[vraag.pk]),
        "choose": reverse("wagtailsnippetchoosers_contact_vraag:choose"),
        "choose_results": reverse("wagtailsnippetchoosers_contact_vraag:choose_results"),
        "chosen": reverse("wagtailsnippetchoosers_contact_vraag:chosen", args=[vraag.pk]),
    }


def page_urls(home, content_page):
    return {
        "explore": reverse("wagtailadmin_explore", args=[home.pk]),
        "edit": reverse("wagtailadmin_pages:edit", args=[home.pk]),
        "add": reverse("wagtailadmin_pages:add", args=["core", "contentpage", home.pk]),
        "delete": reverse("wagtailadmin_pages:delete", args=[content_page.pk]),
    }


def page_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )


# --- The groups and their permissions ---------------------------------------------


FRESH_INSTALL = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.core.management import call_command
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    call_command("migrate", verbosity=0)
    state = {}
    for group in Group.objects.all():
        state[group.name] = {
            "model": sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()),
            "page": sorted([g.page.depth, g.permission.codename] for g in GroupPagePermission.objects.filter(group=group)),
            "collection": sorted(
                [g.collection.depth, f"{g.permission.content_type.app_label}.{g.permission.codename}"]
                for g in GroupCollectionPermission.objects.filter(group=group)
            ),
        }
    print(json.dumps(state))
    """
)


def test_migrate_on_an_empty_database_creates_the_four_groups_with_exactly_the_granted_permissions(db, tmp_path):
    # On a fresh database the permissions of most apps only exist at the very
    # end of migrate; the groups must still get all of them.
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEUNPUNT_")}
    env.update(
        STEUNPUNT_ENV="test",
        STEUNPUNT_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="distro.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'nieuw.sqlite3'}",
    )
    result = subprocess.run([sys.executable, "-c", FRESH_INSTALL], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    state = json.loads(result.stdout.strip().splitlines()[-1])

    assert sorted(state) == sorted(ROLES)  # and no Wagtail example groups
    for role in ROLES:
        expected = expected_state(role)
        assert set(state[role]["model"]) == expected["model"], role
        assert {tuple(p) for p in state[role]["page"]} == expected["page"], role
        assert {tuple(p) for p in state[role]["collection"]} == expected["collection"], role


def test_setup_roles_runs_after_every_migrate(db):
    Group.objects.filter(name__in=ROLES).delete()

    call_command("migrate", verbosity=0)

    for role in ROLES:
        assert group_state(role) == expected_state(role), role


def test_the_groups_have_the_intended_permissions(site):
    beheerder, redacteur, steunpunt, bestuur = (
        group_state(role) for role in (BEHEERDER, REDACTEUR, STEUNPUNT, BESTUUR)
    )
    everyone = [beheerder, redacteur, steunpunt, bestuur]

    assert all("wagtailadmin.access_admin" in state["model"] for state in everyone)
    assert {"core.change_steunpuntsettings", "auth.add_user", "auth.change_user"} <= beheerder["model"]
    assert {"socialekaart.add_organisatie", "socialekaart.change_organisatie"} <= redacteur["model"]
    assert {(1, "add_page"), (1, "change_page"), (1, "publish_page")} <= redacteur["page"]
    assert {"contact.view_vraag", "contact.change_vraag"} <= steunpunt["model"]
    # Questions belong to the steunpunt only.
    for state in (beheerder, redacteur, bestuur):
        assert not any(codename.startswith("contact.") for codename in state["model"])
    # Only editors write pages; the Beheerder approves them (publishes, distro/roles/workflow.py);
    # the board only reads reports.
    assert beheerder["page"] == {(1, "publish_page")}
    assert steunpunt["page"] == bestuur["page"] == set()
    assert bestuur["collection"] == steunpunt["collection"] == set()
    # Group rights are managed by setup_roles; nobody edits them in the admin.
    for state in everyone:
        assert not any(codename.startswith("auth.") and codename.endswith("_group") for codename in state["model"])
        assert "auth.change_permission" not in state["model"]


def test_every_granted_permission_exists(site):
    for wanted in wanted_permissions().values():
        for codename in wanted["model"] | wanted["collection"]:
            app_label, code = codename.split(".")
            assert Permission.objects.filter(content_type__app_label=app_label, codename=code).exists(), codename
        for codename in wanted["page"]:
            assert Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).exists()


def test_setup_roles_is_idempotent_and_removes_extras_added_by_hand(site, home):
    before = {role: group_state(role) for role in ROLES}
    redacteur, steunpunt = Group.objects.get(name=REDACTEUR), Group.objects.get(name=STEUNPUNT)
    redacteur.permissions.add(Permission.objects.get(content_type__app_label="contact", codename="view_vraag"))
    redacteur.permissions.add(Permission.objects.get(content_type__app_label="auth", codename="change_group"))
    GroupPagePermission.objects.create(
        group=steunpunt, page=home, permission=Permission.objects.get(codename="change_page")
    )
    GroupCollectionPermission.objects.create(
        group=steunpunt,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename="delete_document"),
    )

    setup_roles()
    setup_roles()

    assert {role: group_state(role) for role in ROLES} == before
    assert Group.objects.filter(name__in=ROLES).count() == 4


def test_wagtails_example_groups_are_removed_unless_someone_is_in_them(site, redacteur):
    Group.objects.get_or_create(name="Moderators")
    editors, _ = Group.objects.get_or_create(name="Editors")
    redacteur.groups.add(editors)

    setup_roles()

    assert not Group.objects.filter(name="Moderators").exists()
    assert Group.objects.filter(name="Editors").exists()


# --- Redacteur --------------------------------------------------------------------


def test_redacteur_edits_and_adds_pages(client, home, content_page, redacteur):
    client.force_login(redacteur)
    urls = page_urls(home, content_page)

    for name in ("explore", "edit", "add"):
        assert client.get(urls[name]).status_code == 200, name

    response = client.post(
        urls["add"], {**page_form("Passend onderwijs in onze regio", "onze-regio"), "action-publish": "1"}
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = ContentPage.objects.get(slug="onze-regio")
    assert page.live
    assert page.get_parent().pk == home.pk

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {**page_form("Passend onderwijs in de regio", "onze-regio"), "action-publish": "1"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Passend onderwijs in de regio"


def test_redacteur_adds_an_organisation_to_the_sociale_kaart(client, site, redacteur):
    client.force_login(redacteur)
    add_url = reverse("wagtailsnippets_socialekaart_organisatie:add")

    assert client.get(reverse("wagtailsnippets_socialekaart_organisatie:list")).status_code == 200
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url + "?locale=nl",
        nested_form_data({"name": "Jeugdhulp Testregio", "description": rich_text("<p>Hulp voor gezinnen.</p>")}),
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert Organisatie.objects.filter(name="Jeugdhulp Testregio").exists()


def test_redacteur_cannot_open_settings_users_or_questions(client, site, redacteur, vraag):
    client.force_login(redacteur)

    for url in [
        settings_url(site),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("achtergrondtaken:index"),
        *vraag_urls(vraag).values(),
    ]:
        assert_refused(client.get(url))


def test_redacteur_edits_the_menus(client, site, redacteur):
    # Putting a new page in the menu is part of an editor's work (docs/content.md, "Menu's").
    client.force_login(redacteur)
    assert client.get(settings_url(site, "navigatie")).status_code == 200


# --- Beheerder --------------------------------------------------------------------


def test_beheerder_changes_the_site_settings(client, site, beheerder):
    client.force_login(beheerder)
    url = settings_url(site)
    current = SteunpuntSettings.for_site(site)

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "swv_name": "SWV Nieuwe Naam",
            "steunpunt_name": current.steunpunt_name,
            "phone": "010 123 45 67",
            "mailbox": current.mailbox,
            "languages": ["nl", "en"],
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert SteunpuntSettings.for_site(site).swv_name == "SWV Nieuwe Naam"
    assert client.get(settings_url(site, "navigatie")).status_code == 200


def test_beheerder_manages_users(client, site, beheerder):
    client.force_login(beheerder)

    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "nieuwe.redacteur",
            "email": "nieuwe.redacteur@example.org",
            "first_name": "Nieuwe",
            "last_name": "Redacteur",
            "password1": "een-lang-wachtwoord-2024",
            "password2": "een-lang-wachtwoord-2024",
            "groups": [Group.objects.get(name=REDACTEUR).pk],
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    user = get_user_model().objects.get(username="nieuwe.redacteur")
    assert list(user.groups.values_list("name", flat=True)) == [REDACTEUR]


def user_form(username, **extra):
    return {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "Voornaam",
        "last_name": "Achternaam",
        "is_active": "on",
        **extra,
    }


def test_beheerder_cannot_make_anyone_administrator(client, site, beheerder, redacteur):
    client.force_login(beheerder)

    assert 'name="is_superuser"' not in client.get(reverse("wagtailusers_users:add")).content.decode()
    client.post(
        reverse("wagtailusers_users:add"),
        user_form(
            "stiekem", is_superuser="on", password1="een-lang-wachtwoord-2024", password2="een-lang-wachtwoord-2024"
        ),
    )
    client.post(
        reverse("wagtailusers_users:edit", args=[redacteur.pk]), user_form(redacteur.username, is_superuser="on")
    )

    assert get_user_model().objects.get(username="stiekem").is_superuser is False
    redacteur.refresh_from_db()
    assert redacteur.is_superuser is False


def test_beheerder_cannot_take_over_an_administrators_account(client, site, beheerder, superuser):
    client.force_login(beheerder)
    url = reverse("wagtailusers_users:edit", args=[superuser.pk])

    assert_refused(client.get(url))
    assert_refused(
        client.post(url, user_form(superuser.username, password1="overgenomen-2024-x", password2="overgenomen-2024-x"))
    )

    superuser.refresh_from_db()
    assert superuser.check_password("wachtwoord-123")


def test_an_administrator_can_still_make_an_administrator(client, site, superuser, redacteur):
    client.force_login(superuser)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[redacteur.pk]), user_form(redacteur.username, is_superuser="on")
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    redacteur.refresh_from_db()
    assert redacteur.is_superuser is True


def test_beheerder_sees_whether_the_background_jobs_run_but_cannot_change_them(client, site, beheerder, superuser):
    from distro.jobs.models import JobRun

    run = JobRun.objects.create(name="retentie", status=JobRun.Status.FAILED, message="Database niet bereikbaar")
    client.force_login(beheerder)

    assert "retentie" in client.get(reverse("achtergrondtaken:index")).content.decode()
    assert "Database niet bereikbaar" in client.get(reverse("achtergrondtaken:inspect", args=[run.pk])).content.decode()
    for user in (beheerder, superuser):
        client.force_login(user)
        assert_refused(client.post(reverse("achtergrondtaken:edit", args=[run.pk]), {"status": "ok"}))
        assert_refused(client.post(reverse("achtergrondtaken:delete", args=[run.pk])))
    run.refresh_from_db()
    assert run.status == JobRun.Status.FAILED


def test_beheerder_cannot_edit_pages_or_see_questions(client, home, content_page, beheerder, vraag):
    client.force_login(beheerder)

    # The Beheerder approves pages sent for approval (publish rights), so may look at the page tree.
    assert client.get(page_urls(home, content_page)["explore"]).status_code == 200
    for url in [
        *[url for name, url in page_urls(home, content_page).items() if name != "explore"],
        *vraag_urls(vraag).values(),
        reverse("wagtailsnippets_socialekaart_organisatie:list"),
        reverse("wagtailusers_groups:index"),
    ]:
        assert_refused(client.get(url))
    assert_refused(client.post(page_urls(home, content_page)["delete"]))
    assert Page.objects.filter(pk=content_page.pk).exists()


# --- Steunpunt --------------------------------------------------------------------


def test_steunpunt_reads_questions_and_changes_their_status(client, site, steunpunt_medewerker, vraag):
    client.force_login(steunpunt_medewerker)
    urls = vraag_urls(vraag)

    listing = client.get(urls["list"])
    assert listing.status_code == 200
    assert f"Vraag {vraag.pk}" in listing.content.decode()
    inspect = client.get(urls["inspect"]).content.decode()
    assert SECRET_QUESTION in inspect
    assert SECRET_EMAIL in inspect

    response = client.post(urls["edit"], {"status": Vraag.Status.IN_BEHANDELING, "notes": "Teruggebeld op dinsdag."})

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    vraag.refresh_from_db()
    assert vraag.status == Vraag.Status.IN_BEHANDELING
    assert vraag.notes == "Teruggebeld op dinsdag."
    assert vraag.question == SECRET_QUESTION  # the question itself is what the parent wrote; it stays


def test_steunpunt_cannot_edit_pages_settings_users_or_the_sociale_kaart(
    client, site, home, content_page, steunpunt_medewerker
):
    client.force_login(steunpunt_medewerker)

    for url in [
        *page_urls(home, content_page).values(),
        settings_url(site, "navigatie"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailsnippets_socialekaart_organisatie:add"),
        reverse("wagtailsnippets_contact_vraag:add"),
    ]:
        assert_refused(client.get(url))


# --- Bestuur ----------------------------------------------------------------------


def test_bestuur_can_log_in_to_the_admin_and_nothing_else(client, site, home, content_page, bestuurder, vraag):
    client.force_login(bestuurder)

    assert client.get(DASHBOARD).status_code == 200
    for url in [
        *page_urls(home, content_page).values(),
        *vraag_urls(vraag).values(),
        settings_url(site),
        settings_url(site, "navigatie"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailsnippets_socialekaart_organisatie:list"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
        reverse("achtergrondtaken:index"),
    ]:
        assert_refused(client.get(url))


# --- Independence of the steunpunt ---------------------------------------------------


def test_a_superuser_outside_the_steunpunt_group_cannot_see_questions(client, site, superuser, vraag):
    client.force_login(superuser)

    for name, url in vraag_urls(vraag).items():
        response = client.get(url)
        assert_refused(response)
        assert SECRET_QUESTION not in response.content.decode(), name
    assert_refused(client.post(vraag_urls(vraag)["delete"]))
    assert Vraag.objects.filter(pk=vraag.pk).exists()
    # The superuser can still do everything else.
    assert client.get(settings_url(site)).status_code == 200
    assert client.get(reverse("wagtailusers_groups:index")).status_code == 200


def test_the_questions_menu_item_is_hidden_outside_the_steunpunt_group(client, site, superuser, steunpunt_medewerker):
    list_url = reverse("wagtailsnippets_contact_vraag:list")

    client.force_login(superuser)
    assert list_url not in client.get(DASHBOARD).content.decode()
    client.force_login(steunpunt_medewerker)
    assert list_url in client.get(DASHBOARD).content.decode()


def test_membership_of_the_steunpunt_group_is_what_counts(client, site, superuser, vraag):
    superuser.groups.add(Group.objects.get(name=STEUNPUNT))
    client.force_login(superuser)

    assert SECRET_QUESTION in client.get(vraag_urls(vraag)["inspect"]).content.decode()


def test_an_inactive_steunpunt_member_sees_nothing(client, site, steunpunt_medewerker, vraag):
    from distro.roles.policies import RoleOnlyPermissionPolicy

    steunpunt_medewerker.is_active = False
    steunpunt_medewerker.save()

    assert not RoleOnlyPermissionPolicy(Vraag, STEUNPUNT).user_has_permission(steunpunt_medewerker, "view")


def test_joining_the_steunpunt_group_is_written_to_the_audit_log(
    client, site, beheerder, steunpunt_medewerker, redacteur
):
    client.force_login(steunpunt_medewerker)
    steunpunt = Group.objects.get(name=STEUNPUNT)
    earlier = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = client.post(reverse("steunpunt_team:add"), {"user": redacteur.pk, "confirm": "True"})

    assert response.status_code == 302
    assert steunpunt in redacteur.groups.all()
    entries = ModelLogEntry.objects.filter(
        pk__gt=earlier, object_id=str(redacteur.pk), action__in=[ROLE_ADDED, ROLE_REMOVED]
    )
    assert {(e.action, e.data["role"], e.user_id) for e in entries} == {
        (ROLE_ADDED, STEUNPUNT, steunpunt_medewerker.pk)
    }
    client.force_login(beheerder)
    history = client.get(reverse("wagtailusers_users:history", args=[redacteur.pk])).content.decode()
    assert "Heeft de rol Steunpunt gekregen" in history
