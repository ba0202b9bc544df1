import pytest


@pytest.fixture
def contact_url(site):
    """The question form: its own page, linked from the contact page."""
    return "/stel-je-vraag/vraag/"


@pytest.fixture
def valid_data():
    return {
        "name": "Fatima de Vries",
        "email": "fatima@example.org",
        "phone": "",
        "role": "ouder",
        "question": "Mijn zoon zit al drie weken thuis. Wat kan ik doen?",
        "consent": "on",
        "website": "",
        "captcha_0": "any-hashkey",
        "captcha_1": "PASSED",
    }
