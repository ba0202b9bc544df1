"""The public sign-up form as tests post it (imported by the sign-up tests)."""


def form_data(**overrides):
    """A complete, valid sign-up; an override of None leaves that field out."""
    data = {
        "name": "Fatima de Vries",
        "email": "fatima@example.org",
        "persons": "1",
        "role": "ouder",
        "consent": "on",
        "website": "",
        "captcha_0": "any-hashkey",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def signup_url(bijeenkomst, prefix=""):
    return f"{prefix}/agenda/aanmelden/{bijeenkomst.pk}/"


def post_signup(client, bijeenkomst, capture, prefix="", **overrides):
    """POST the form and run the on-commit callbacks (the mail tasks) as a real request would."""
    with capture(execute=True):
        return client.post(signup_url(bijeenkomst, prefix), form_data(**overrides))
