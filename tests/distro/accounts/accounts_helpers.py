from django_otp.oath import totp

PASSWORD = "wachtwoord-123"
LOGIN = "/admin/login/"


def login_post(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra)


def code_for(device, offset=0):
    """The code the staff member's app shows now (offset in steps of 30 seconds)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session
