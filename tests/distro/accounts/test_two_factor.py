"""TOTP two-factor login: setup in the admin, the code step, required roles and who may reset it."""

import pytest
from accounts_helpers import code_for, logged_in, login_post
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from distro.accounts.services import reset_2fa

CODE_URL = "/admin/login/code/"


@pytest.fixture(autouse=True)
def no_device_throttle(settings):
    # django-otp waits 1, 2, 4 ... seconds after a wrong code; axes is what is tested here.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_staff_member_sets_up_2fa_and_then_needs_a_code(client, redacteur):
    client.force_login(redacteur)
    page = client.get(reverse("accounts_2fa"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "QR-code" in body and 'id="totp-secret"' in body
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=redacteur)
    assert not device.confirmed

    wrong = client.post(reverse("accounts_2fa"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert "Deze code klopt niet" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    client.post(reverse("accounts_2fa"), {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # this session stays: it just proved the code
    assert ModelLogEntry.objects.filter(action="steunpunt.2fa_enabled", object_id=str(redacteur.pk)).exists()

    client.logout()
    response = login_post(client, "redacteur")
    assert response.status_code == 302 and response["Location"] == CODE_URL
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_login_with_a_valid_code(client, redacteur, device_for):
    device = device_for(redacteur)
    login_post(client, "redacteur")
    response = client.post(CODE_URL, {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_log_in(client, redacteur, device_for):
    device = device_for(redacteur)
    login_post(client, "redacteur")
    wrong = "123456" if code_for(device) != "123456" else "654321"
    response = client.post(CODE_URL, {"code": wrong})
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()
    assert not logged_in(client)
    assert "zes cijfers" in client.post(CODE_URL, {"code": "abc"}).content.decode()


def test_wrong_codes_lock_out_like_wrong_passwords(client, redacteur, device_for):
    device = device_for(redacteur)
    login_post(client, "redacteur")
    wrong = "123456" if code_for(device) != "123456" else "654321"
    statuses = [client.post(CODE_URL, {"code": wrong}).status_code for _ in range(5)]
    assert statuses[-1] == 429
    # Even the right password and code do not help now.
    assert login_post(client, "redacteur").status_code == 429
    assert not logged_in(client)


def test_the_code_step_without_a_password_goes_back_to_login(client, redacteur, device_for):
    device_for(redacteur)
    assert client.get(CODE_URL)["Location"] == reverse("wagtailadmin_login")
    assert client.post(CODE_URL, {"code": "123456"})["Location"] == reverse("wagtailadmin_login")


def test_a_session_from_before_the_setup_ends(client, redacteur, device_for):
    client.force_login(redacteur)
    device_for(redacteur)  # set up in another browser
    assert client.get("/admin/").status_code == 302
    assert not logged_in(client)


def test_a_user_may_switch_off_their_own_2fa_when_not_required(client, redacteur, device_for):
    device = device_for(redacteur)
    login_post(client, "redacteur")
    client.post(CODE_URL, {"code": code_for(device)})
    client.post(reverse("accounts_2fa_disable"))
    assert not TOTPDevice.objects.filter(user=redacteur).exists()
    assert ModelLogEntry.objects.filter(
        action="steunpunt.2fa_reset", object_id=str(redacteur.pk), user=redacteur
    ).exists()


# --- Required for a role ------------------------------------------------------------------


def test_required_2fa_sends_steunpunt_members_to_the_setup(client, settings, steunpunt_medewerker, redacteur):
    settings.STEUNPUNT_2FA_VERPLICHT = ["Steunpunt"]
    login_post(client, "medewerker")
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts_2fa")
    assert client.get(reverse("wagtailsnippets_contact_vraag:list")).status_code == 302
    page = client.get(reverse("accounts_2fa"))
    assert "verplicht" in page.content.decode()

    device = TOTPDevice.objects.get(user=steunpunt_medewerker)
    client.post(reverse("accounts_2fa"), {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200
    # And it cannot be switched off again.
    client.post(reverse("accounts_2fa_disable"))
    assert TOTPDevice.objects.filter(user=steunpunt_medewerker, confirmed=True).exists()

    # Other roles are not affected.
    client.logout()
    login_post(client, "redacteur")
    assert client.get("/admin/").status_code == 200


# --- Resetting someone's 2FA ----------------------------------------------------------------


@pytest.fixture
def collega(site, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("collega", "collega@example.org", "wachtwoord-123")
    user.groups.add(Group.objects.get(name="Steunpunt"))
    return user


@pytest.mark.parametrize("actor", ["beheerder", "superuser", "redacteur"])
def test_reset_of_a_steunpunt_members_2fa_refuses_outsiders(request, actor, steunpunt_medewerker, device_for):
    device_for(steunpunt_medewerker)
    with pytest.raises(PermissionDenied):
        reset_2fa(steunpunt_medewerker, by=request.getfixturevalue(actor))
    assert TOTPDevice.objects.filter(user=steunpunt_medewerker).exists()
    assert not ModelLogEntry.objects.filter(action="steunpunt.2fa_reset").exists()


def test_another_steunpunt_member_may_reset_it_and_it_is_logged(steunpunt_medewerker, collega, device_for):
    device_for(steunpunt_medewerker)
    assert reset_2fa(steunpunt_medewerker, by=collega) == 1
    assert not TOTPDevice.objects.filter(user=steunpunt_medewerker).exists()
    entry = ModelLogEntry.objects.get(action="steunpunt.2fa_reset")
    assert entry.user_id == collega.pk and entry.object_id == str(steunpunt_medewerker.pk)


def test_a_beheerder_may_reset_a_redacteurs_2fa(beheerder, redacteur, device_for):
    device_for(redacteur)
    reset_2fa(redacteur, by=beheerder)
    assert not TOTPDevice.objects.filter(user=redacteur).exists()


def test_a_bestuurder_may_not_reset_anyones_2fa(bestuurder, redacteur, device_for):
    device_for(redacteur)
    with pytest.raises(PermissionDenied):
        reset_2fa(redacteur, by=bestuurder)
