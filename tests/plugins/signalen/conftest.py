"""Fixtures of the signalen tests: a registration with a secret note, a stored report."""

import datetime

import pytest
from django.test import Client
from signalen_helpers import SECRET_NOTE, many, register, themes

from plugins.signalen import report


@pytest.fixture
def registratie(site, steunpunt_medewerker):
    return register(datetime.date(2026, 2, 3), themes("Thuiszitten en verzuim"), notitie=SECRET_NOTE, status="open")


@pytest.fixture
def rapport(site):
    many(datetime.date(2026, 1, 1), 90, 200, themas=themes("Passend onderwijs", "Leerlingenvervoer"))
    return report.make("kwartaal", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def login(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture
def client_of(request):
    return lambda role: login(request.getfixturevalue(role))
