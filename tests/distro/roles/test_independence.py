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
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from distro.core.models import SteunpuntSettings
from distro.roles import BEHEERDER, REDACTEUR, STEUNPUNT
from distro.roles.independence import ACCOUNT_CHANGED, RECOVERY, SETTING_CHANGED

User = get_user_model()
ATTACKER_MAILBOX = "aanvaller@example.net"


@pytest.fixture
def attackers(beheerder, superuser):
    return {"beheerder": beheerder, "superuser": superuser}


@pytest.fixture
def collega(site):
    """A second Steunpunt member, so the team has more than one person."""
    user = User.objects.create_user("collega", email="collega@steunpunt.test", password="oud-wachtwoord-123")
    user.groups.add(Group.objects.get(name=STEUNPUNT))
    return user


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


def recipients(messages):
    return {address for message in messages for address in message.to}


def log_entries(action, **filters):
    return ModelLogEntry.objects.filter(action=action, **filters)


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


# --- The team screen ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["beheerder", "superuser", "redacteur", "bestuurder"])
def test_only_the_steunpunt_opens_its_team_screen(client, request, site, steunpunt_medewerker, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url in [
        reverse("steunpunt_team:index"),
        reverse("steunpunt_team:add"),
        reverse("steunpunt_team:remove", args=[steunpunt_medewerker.pk]),
        reverse("steunpunt_team:password", args=[steunpunt_medewerker.pk]),
    ]:
        assert client.get(url).status_code == 403
    assert client.post(reverse("steunpunt_team:add"), {"user": user.pk, "confirm": "True"}).status_code == 403
    assert not Group.objects.get(name=STEUNPUNT).user_set.filter(pk=user.pk).exists()
    assert "Team steunpunt" not in client.get("/admin/").content.decode()


def test_adding_a_colleague_takes_away_the_password_someone_else_chose(
    client, site, steunpunt_medewerker, collega, redacteur, django_capture_on_commit_callbacks
):
    """The Beheerder made the account and knows its password: after joining, that password no longer works."""
    client.force_login(steunpunt_medewerker)

    confirm = client.post(reverse("steunpunt_team:add"), {"user": redacteur.pk})
    assert confirm.status_code == 200 and redacteur.email in confirm.content.decode()
    assert not redacteur.groups.filter(name=STEUNPUNT).exists()  # nothing happens before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("steunpunt_team:add"), {"user": redacteur.pk, "confirm": "True"})

    assert response.status_code == 302
    redacteur.refresh_from_db()
    assert redacteur.groups.filter(name=STEUNPUNT).exists()
    assert not redacteur.has_usable_password()
    assert not redacteur.check_password("wachtwoord-123")
    welcome = next(
        m
        for m in mail.outbox
        if m.to == [redacteur.email] and "wachtwoord" in m.body.lower() and "/admin/password_reset/" in m.body
    )
    announced = next(m for m in mail.outbox if collega.email in m.to)
    assert "redacteur" in announced.body
    # The link in the welcome mail lets the new member choose a password.
    link = next(line for line in welcome.body.splitlines() if "/admin/password_reset/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path,
        {"new_password1": "Een-eigen-lang-wachtwoord-42", "new_password2": "Een-eigen-lang-wachtwoord-42"},
    )
    assert done.status_code == 302
    redacteur.refresh_from_db()
    assert redacteur.check_password("Een-eigen-lang-wachtwoord-42")


def test_an_account_without_email_cannot_join(client, site, steunpunt_medewerker):
    no_email = User.objects.create_user("zonder", email="", password="x-wachtwoord-123")
    client.force_login(steunpunt_medewerker)
    response = client.post(reverse("steunpunt_team:add"), {"user": no_email.pk, "confirm": "True"})
    assert response.status_code == 400
    assert "geen e-mailadres" in response.content.decode()
    assert not no_email.groups.exists()


def test_the_last_member_cannot_leave_the_team(client, site, steunpunt_medewerker):
    client.force_login(steunpunt_medewerker)
    url = reverse("steunpunt_team:remove", args=[steunpunt_medewerker.pk])
    assert "laatste medewerker" in client.get(url).content.decode()
    client.post(url)
    assert steunpunt_medewerker.groups.filter(name=STEUNPUNT).exists()


def test_a_member_removes_a_colleague(client, site, steunpunt_medewerker, collega, django_capture_on_commit_callbacks):
    client.force_login(steunpunt_medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("steunpunt_team:remove", args=[collega.pk]))
    assert response.status_code == 302
    assert not collega.groups.filter(name=STEUNPUNT).exists()
    assert collega.email in recipients(mail.outbox)  # the person removed hears of it too


# --- Recovery on the server -----------------------------------------------------------------


def test_recovery_needs_a_reason_and_an_existing_account(site):
    with pytest.raises(CommandError, match="--reden"):
        call_command("steunpunt_toegang", "--voeg-toe", "niemand")
    with pytest.raises(CommandError, match="geen account"):
        call_command("steunpunt_toegang", "--voeg-toe", "niemand", "--reden", "Het hele team is vertrokken")
    assert not log_entries(RECOVERY).exists()


def test_recovery_on_the_server_is_logged_and_announced(
    site, steunpunt_medewerker, redacteur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "steunpunt_toegang", "--voeg-toe", "redacteur", "--reden", "Nieuwe medewerker, team kan niet inloggen"
        )

    assert redacteur.groups.filter(name=STEUNPUNT).exists()
    assert not User.objects.get(pk=redacteur.pk).has_usable_password()
    entry = log_entries(RECOVERY).get()
    assert entry.user_id is None
    assert entry.data["reason"] == "Nieuwe medewerker, team kan niet inloggen" and entry.data["os_user"]
    announced = [m for m in mail.outbox if steunpunt_medewerker.email in m.to]
    assert any("Nieuwe medewerker, team kan niet inloggen" in m.body for m in announced)


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


def _give_2fa(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_only_a_colleague_switches_off_a_members_login_code(
    client, site, attackers, steunpunt_medewerker, collega, django_capture_on_commit_callbacks, who
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _give_2fa(collega)
    client.force_login(attackers[who])
    assert client.post(reverse("steunpunt_team:login_code", args=[collega.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=collega).exists()

    client.force_login(steunpunt_medewerker)
    assert "Inlogcode uitzetten" in client.get(reverse("steunpunt_team:index")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("steunpunt_team:login_code", args=[collega.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=collega).exists()
    assert collega.email in recipients(mail.outbox)


def test_recovery_switches_off_a_login_code_on_the_server(
    site, steunpunt_medewerker, django_capture_on_commit_callbacks
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _give_2fa(steunpunt_medewerker)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "steunpunt_toegang",
            "--inlogcode-uit",
            steunpunt_medewerker.username,
            "--reden",
            "Telefoon kwijt, niemand anders in het team",
        )
    assert not TOTPDevice.objects.filter(user=steunpunt_medewerker).exists()
    assert log_entries(RECOVERY, object_id=str(steunpunt_medewerker.pk)).exists()
    assert any("Telefoon kwijt" in m.body for m in mail.outbox)


def test_a_beheerder_switches_off_a_redacteurs_code_but_not_a_members(
    client, site, beheerder, redacteur, steunpunt_medewerker
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _give_2fa(redacteur)
    _give_2fa(steunpunt_medewerker)
    client.force_login(beheerder)

    page = client.get(reverse("accounts_lockouts")).content.decode()
    assert "Inlogcode van redacteur uitzetten" in page and "medewerker" not in page
    assert client.post(reverse("accounts_reset_code", args=[steunpunt_medewerker.pk])).status_code == 403
    assert client.post(reverse("accounts_reset_code", args=[redacteur.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=redacteur).exists()
    assert TOTPDevice.objects.filter(user=steunpunt_medewerker).exists()
