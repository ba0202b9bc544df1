"""Fixtures of the independence and team tests: who attacks, and a second team member."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from distro.roles import STEUNPUNT


@pytest.fixture
def attackers(beheerder, superuser):
    return {"beheerder": beheerder, "superuser": superuser}


@pytest.fixture
def collega(site):
    """A second Steunpunt member, so the team has more than one person."""
    user = get_user_model().objects.create_user(
        "collega", email="collega@steunpunt.test", password="oud-wachtwoord-123"
    )
    user.groups.add(Group.objects.get(name=STEUNPUNT))
    return user
