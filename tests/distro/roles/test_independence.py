"""The steunpunt's independence, tried as a hostile administrator would.

No action of a Beheerder, or of a superuser outside the Steunpunt group, may
give anyone access to what parents and young people told the steunpunt: not
through the steunpunt's addresses, not through a member's password or e-mail,
not through the group itself. Whatever changes those is logged and announced
to every Steunpunt member.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from independence_helpers import log_entries, recipients
from wagtail.models import ModelLogEntry

from distro.core.models import SteunpuntSettings
from distro.roles import BEHEERDER, REDACTEUR, STEUNPUNT
from distro.roles.independence import ACCOUNT_CHANGED, SETTING_CHANGED

User = get_user_model()
ATTACKER_MAILBOX = "aanvaller@example.net"


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["core", "steunpuntsettings", site.pk])


def settings_post(site, **changes):
    current = SteunpuntSettings.for_site(site)
    data = {
        "swv_name": current.swv_name,
        "steunpunt_name": current.steunpunt_name,
        "phone": current.phone,
        "email": current.email,
        "whatsapp": current.whatsapp,
        "mailbox": current.mailbox,
        "languages": current.language_codes or ["nl"],
    }
    data.update(changes)
    return data


# --- The steunpunt's addresses -----------------------------------------------------------


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_an_administrator_cannot_point_the_mailbox_at_their_own_address(client, site, attackers, who):
    client.force_login(attackers[who])
    before = SteunpuntSettings.for_site(site).mailbox

    page = client.get(settings_url(site)).content.decode()
    response = client.post(
        settings_url(site), settings_post(site, mailbox=ATTACKER_MAILBOX, email=ATTACKER_MAILBOX, phone="0600000000")
    )

    assert response.status_code in (200, 302)
    after = SteunpuntSettings.for_site(site)
    assert after.mailbox == before
    assert ATTACKER_MAILBOX not in (after.email, after.mailbox)
    assert after.phone != "0600000000"
    assert "Alleen medewerkers van het steunpunt kunnen dit aanpassen." in page


def test_a_beheerder_still_changes_the_rest_of_the_settings(client, site, beheerder):
    client.force_login(beheerder)
    response = client.post(settings_url(site), settings_post(site, swv_name="SWV Nieuwe Naam"))
    assert response.status_code == 302
    assert SteunpuntSettings.for_site(site).swv_name == "SWV Nieuwe Naam"


def test_the_steunpunt_changes_its_mailbox_and_everyone_hears_of_it(
    client, site, steunpunt_medewerker, collega, django_capture_on_commit_callbacks
):
    client.force_login(steunpunt_medewerker)
    old = SteunpuntSettings.for_site(site).mailbox
    earlier = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            settings_url(site), settings_post(site, mailbox="nieuw@steunpunt.test", swv_name="Mag ik niet veranderen")
        )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    current = SteunpuntSettings.for_site(site)
    assert current.mailbox == "nieuw@steunpunt.test"
    assert current.swv_name != "Mag ik niet veranderen"  # not theirs to change
    entry = log_entries(SETTING_CHANGED, pk__gt=earlier).get()
    assert entry.data["changes"]["mailbox"] == [old, "nieuw@steunpunt.test"]
    assert entry.user_id == steunpunt_medewerker.pk
    assert recipients(mail.outbox) >= {steunpunt_medewerker.email, collega.email, old, "nieuw@steunpunt.test"}
    body = mail.outbox[-1].body
    assert old in body and "nieuw@steunpunt.test" in body and steunpunt_medewerker.username in body


def test_a_change_on_the_server_is_announced_too(site, steunpunt_medewerker, django_capture_on_commit_callbacks):
    settings = SteunpuntSettings.for_site(site)
    with django_capture_on_commit_callbacks(execute=True):
        settings.mailbox = "via-de-shell@example.net"
        settings.save()
    assert steunpunt_medewerker.email in recipients(mail.outbox)
    assert "opdrachtregel" in mail.outbox[-1].body


# --- Accounts of Steunpunt members ---------------------------------------------------------


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_an_administrator_cannot_set_a_members_password_or_email(client, site, attackers, steunpunt_medewerker, who):
    client.force_login(attackers[who])
    url = reverse("wagtailusers_users:edit", args=[steunpunt_medewerker.pk])
    old_hash = steunpunt_medewerker.password

    page = client.get(url)
    response = client.post(
        url,
        {
            "username": steunpunt_medewerker.username,
            "email": ATTACKER_MAILBOX,
            "password1": "Overgenomen-wachtwoord-91!",
            "password2": "Overgenomen-wachtwoord-91!",
            "is_active": "on",
            "groups": [Group.objects.get(name=STEUNPUNT).pk],
        },
    )

    assert page.status_code == 403 and response.status_code == 403
    assert "Alleen medewerkers van het steunpunt" in page.content.decode()
    steunpunt_medewerker.refresh_from_db()
    assert steunpunt_medewerker.password == old_hash
    assert steunpunt_medewerker.email != ATTACKER_MAILBOX
    assert not steunpunt_medewerker.check_password("Overgenomen-wachtwoord-91!")


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_an_administrator_cannot_delete_a_member_in_the_admin(client, site, attackers, steunpunt_medewerker, who):
    client.force_login(attackers[who])
    url = reverse("wagtailusers_users:delete", args=[steunpunt_medewerker.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert User.objects.filter(pk=steunpunt_medewerker.pk).exists()


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_nobody_joins_the_steunpunt_through_the_user_forms(client, site, attackers, redacteur, who):
    attacker = attackers[who]
    client.force_login(attacker)
    steunpunt = Group.objects.get(name=STEUNPUNT)

    edit = client.post(
        reverse("wagtailusers_users:edit", args=[attacker.pk]),
        {"username": attacker.username, "email": attacker.email, "is_active": "on", "groups": [steunpunt.pk]},
    )
    create = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "handlanger",
            "email": "handlanger@example.net",
            "password1": "Handlanger-wachtwoord-77",
            "password2": "Handlanger-wachtwoord-77",
            "groups": [steunpunt.pk],
        },
    )

    assert edit.status_code == 200 and create.status_code == 200  # the form refuses the choice
    assert "Selecteer een geldige keuze" in edit.content.decode()
    assert not steunpunt.user_set.filter(pk=attacker.pk).exists()
    assert not User.objects.filter(username="handlanger").exists()
    assert "De rol Steunpunt geeft u niet hier" in client.get(reverse("wagtailusers_users:add")).content.decode()


def test_editing_a_users_other_roles_keeps_their_steunpunt_membership(client, site, steunpunt_medewerker):
    """A member who is also Beheerder edits a colleague's roles: the Steunpunt group, not on the form, stays."""
    steunpunt_medewerker.groups.add(Group.objects.get(name=BEHEERDER))
    colleague = User.objects.create_user("tweede", email="tweede@steunpunt.test", password="x-wachtwoord-123")
    colleague.groups.add(Group.objects.get(name=STEUNPUNT))
    client.force_login(steunpunt_medewerker)

    response = client.post(
        reverse("wagtailusers_users:edit", args=[colleague.pk]),
        {
            "username": "tweede",
            "email": "tweede@steunpunt.test",
            "first_name": "Tweede",
            "last_name": "Collega",
            "is_active": "on",
            "groups": [Group.objects.get(name=REDACTEUR).pk],
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    assert set(colleague.groups.values_list("name", flat=True)) == {STEUNPUNT, REDACTEUR}


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_bulk_actions_leave_steunpunt_members_alone(client, site, attackers, steunpunt_medewerker, redacteur, who):
    client.force_login(attackers[who])
    steunpunt = Group.objects.get(name=STEUNPUNT)
    ids = f"id={steunpunt_medewerker.pk}&id={redacteur.pk}"

    assign = client.post(f"/admin/bulk/auth/user/assign_role/?{ids}", {"role": steunpunt.pk})
    assign_other = client.post(
        f"/admin/bulk/auth/user/assign_role/?{ids}", {"role": Group.objects.get(name=BEHEERDER).pk}
    )

    assert assign.status_code == 200  # invalid choice: the Steunpunt role is not offered
    assert not steunpunt.user_set.filter(pk=redacteur.pk).exists()
    assert assign_other.status_code == 302
    assert not steunpunt_medewerker.groups.filter(name=BEHEERDER).exists()
    assert redacteur.groups.filter(name=BEHEERDER).exists()

    delete = client.post(f"/admin/bulk/auth/user/delete/?{ids}")
    assert delete.status_code == 302
    assert User.objects.filter(pk=steunpunt_medewerker.pk).exists()
    assert not User.objects.filter(pk=redacteur.pk).exists()


def test_a_beheerder_may_deactivate_a_member_and_the_team_hears_of_it(
    client, site, beheerder, steunpunt_medewerker, collega, django_capture_on_commit_callbacks
):
    client.force_login(beheerder)
    url = f"/admin/bulk/auth/user/set_active_state/?id={steunpunt_medewerker.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"mark_as_active": "False"})

    assert response.status_code == 302
    steunpunt_medewerker.refresh_from_db()
    assert not steunpunt_medewerker.is_active
    assert collega.email in recipients(mail.outbox)
    assert log_entries(ACCOUNT_CHANGED, object_id=str(steunpunt_medewerker.pk)).exists()

    # Switching the account back on is the team's decision, not the Beheerder's.
    client.post(url, {"mark_as_active": "True"})
    steunpunt_medewerker.refresh_from_db()
    assert not steunpunt_medewerker.is_active


def test_a_password_change_on_the_server_is_logged_and_announced(
    site, steunpunt_medewerker, collega, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        collega.set_password("nieuw-wachtwoord-op-de-server")
        collega.save()

    entry = log_entries(ACCOUNT_CHANGED, object_id=str(collega.pk)).get()
    assert entry.data == {"password": True}
    assert steunpunt_medewerker.email in recipients(mail.outbox)
    assert "het wachtwoord is veranderd" in mail.outbox[-1].body


def test_logging_in_announces_nothing(client, site, collega, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/login/", {"username": "collega", "password": "oud-wachtwoord-123"})
    assert response.status_code == 302
    collega.refresh_from_db()
    assert collega.last_login is not None
    assert mail.outbox == []
    assert not log_entries(ACCOUNT_CHANGED).exists()


def test_a_member_changing_their_own_email_is_announced_to_the_old_address(
    client, site, steunpunt_medewerker, collega, django_capture_on_commit_callbacks
):
    client.force_login(collega)
    with django_capture_on_commit_callbacks(execute=True):
        collega.email = "nieuw.adres@example.org"
        collega.save()
    assert {"collega@steunpunt.test", steunpunt_medewerker.email} <= recipients(mail.outbox)


# --- Routes that are not there ----------------------------------------------------------------


def test_there_is_no_api_token_to_act_as_a_member(client, site, beheerder):
    from django.conf import settings

    client.force_login(beheerder)
    assert "wagtail.api.v3" not in settings.INSTALLED_APPS
    assert client.get("/admin/api-tokens/").status_code == 404


def test_an_administrator_cannot_rename_a_group_into_the_steunpunt(client, site, superuser):
    """Renaming Steunpunt away and Beheerder to Steunpunt would make every Beheerder a member."""
    client.force_login(superuser)
    steunpunt = Group.objects.get(name=STEUNPUNT)
    beheer = Group.objects.get(name=BEHEERDER)
    superuser.groups.add(beheer)
    data = {
        "permissions": [],
        "page_permissions-TOTAL_FORMS": "0",
        "page_permissions-INITIAL_FORMS": "0",
        "collection_permissions-TOTAL_FORMS": "0",
        "collection_permissions-INITIAL_FORMS": "0",
    }

    rename_away = client.post(reverse("wagtailusers_groups:edit", args=[steunpunt.pk]), {"name": "Oud", **data})
    rename_into = client.post(reverse("wagtailusers_groups:edit", args=[beheer.pk]), {"name": STEUNPUNT, **data})
    create = client.post(reverse("wagtailusers_groups:add"), {"name": STEUNPUNT, **data})
    delete = client.post(reverse("wagtailusers_groups:delete", args=[steunpunt.pk]))

    assert (
        rename_away.status_code == 200 and "De naam van een rol kunt u niet veranderen." in rename_away.content.decode()
    )
    assert rename_into.status_code == 200
    assert create.status_code == 200
    assert delete.status_code == 403
    assert Group.objects.get(pk=steunpunt.pk).name == STEUNPUNT
    assert Group.objects.get(pk=beheer.pk).name == BEHEERDER
    assert not Group.objects.get(name=STEUNPUNT).user_set.filter(pk=superuser.pk).exists()
