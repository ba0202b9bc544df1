"""Fixtures for the evaluatie tests (the form itself: evaluatie_helpers.make_form)."""

import pytest
from evaluatie_helpers import make_form


@pytest.fixture
def formulier(home):
    return make_form(home)
