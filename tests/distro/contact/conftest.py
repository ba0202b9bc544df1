import pytest


@pytest.fixture
def contact_url(site):
    return "/stel-je-vraag/"


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
