"""The team screen and recovery on the server: how the steunpunt manages its own members.

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
from independence_helpers import give_2fa, log_entries, recipients

from distro.roles import STEUNPUNT
from distro.roles.independence import RECOVERY

User = get_user_model()
ATTACKER_MAILBOX = "aanvaller@example.net"


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


@pytest.mark.parametrize("who", ["beheerder", "superuser"])
def test_only_a_colleague_switches_off_a_members_login_code(
    client, site, attackers, steunpunt_medewerker, collega, django_capture_on_commit_callbacks, who
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    give_2fa(collega)
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

    give_2fa(steunpunt_medewerker)
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

    give_2fa(redacteur)
    give_2fa(steunpunt_medewerker)
    client.force_login(beheerder)

    page = client.get(reverse("accounts_lockouts")).content.decode()
    assert "Inlogcode van redacteur uitzetten" in page and "medewerker" not in page
    assert client.post(reverse("accounts_reset_code", args=[steunpunt_medewerker.pk])).status_code == 403
    assert client.post(reverse("accounts_reset_code", args=[redacteur.pk])).status_code == 302
    assert not TOTPDevice.objects.filter(user=redacteur).exists()
    assert TOTPDevice.objects.filter(user=steunpunt_medewerker).exists()
