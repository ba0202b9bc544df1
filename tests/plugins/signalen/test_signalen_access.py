"""Registrations are the Steunpunt's alone; reports are for the Steunpunt and the Bestuur.

Every admin route that shows or changes a registration is tried as Beheerder,
Redacteur, Bestuur and a superuser outside the Steunpunt group: each must
refuse, change nothing and show no note, id or count. Reports: refused to
Beheerder, Redacteur and the superuser; readable, not makeable, by the Bestuur.
"""

import pytest
from django.urls import reverse
from signalen_helpers import SECRET_NOTE

from plugins.signalen.models import Rapport, Registratie

OUTSIDERS = ["beheerder", "redacteur", "bestuurder", "superuser"]
NS = "wagtailsnippets_signalen_registratie"
CHOOSER = "wagtailsnippetchoosers_signalen_registratie"


def text(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8", "replace")


def refused(response):
    status = response.status_code
    return status in (403, 404) or (status == 302 and response["Location"].rstrip("/").endswith("/admin"))


def registration_routes(pk, vraag_pk):
    bulk = reverse("wagtail_bulk_action", args=["signalen", "registratie", "delete"])
    return [
        ("GET", reverse(f"{NS}:list")),
        ("GET", reverse(f"{NS}:list") + "?q=Noor"),
        ("GET", reverse(f"{NS}:list_results") + "?status=open"),
        ("GET", reverse(f"{NS}:list") + "?export=csv"),
        ("GET", reverse(f"{NS}:add")),
        ("POST", reverse(f"{NS}:add")),
        ("GET", reverse(f"{NS}:inspect", args=[pk])),
        ("GET", reverse(f"{NS}:edit", args=[pk])),
        ("POST", reverse(f"{NS}:edit", args=[pk])),
        ("GET", reverse(f"{NS}:delete", args=[pk])),
        ("POST", reverse(f"{NS}:delete", args=[pk])),
        ("GET", reverse(f"{NS}:history", args=[pk])),
        ("GET", reverse(f"{NS}:usage", args=[pk])),
        ("GET", f"{bulk}?id={pk}&id=999999"),
        ("POST", f"{bulk}?id={pk}"),
        ("GET", reverse(f"{CHOOSER}:choose")),
        ("GET", reverse(f"{CHOOSER}:chosen", args=[pk])),
        ("POST", reverse("signalen_admin:uit_vraag", args=[vraag_pk])),
        ("GET", reverse("wagtailsnippets_signalen_thema:list")),
    ]


@pytest.fixture
def vraag(site):
    from distro.contact.models import Vraag

    return Vraag.objects.create(site=site, role="ouder", name="Karin", email="karin@example.org", question="Hulp")


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_registrations_are_hidden_from_every_other_role(client_of, registratie, vraag, role):
    client = client_of(role)
    for method, url in registration_routes(registratie.pk, vraag.pk):
        response = client.generic(method, url)
        assert refused(response), (role, method, url, response.status_code)
        body = text(response)
        assert SECRET_NOTE not in body and f"Registratie {registratie.pk}" not in body, (role, url)
    assert Registratie.objects.count() == 1  # nothing deleted, nothing made from the question
    registratie.refresh_from_db()
    assert registratie.notitie == SECRET_NOTE


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_other_role_finds_registrations_in_the_menu_dashboard_or_audit_log(client_of, registratie, vraag, role):
    client = client_of(role)
    for url in [
        "/admin/",
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:site_history") + "?export=csv",
    ]:
        body = text(client.get(url))
        assert f"Registratie {registratie.pk}" not in body and reverse(f"{NS}:list") not in body, (role, url)
    # The question's screen is the Steunpunt's too: no "Registreer als contact" reaches anyone else.
    response = client.get(reverse("wagtailsnippets_contact_vraag:inspect", args=[vraag.pk]))
    assert "Registreer als contact" not in text(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["beheerder", "redacteur", "superuser"])
def test_reports_are_refused_to_roles_other_than_steunpunt_and_bestuur(client_of, rapport, role):
    client = client_of(role)
    for method, url in [
        ("GET", reverse("signalen_rapporten:index")),
        ("POST", reverse("signalen_rapporten:index")),
        ("GET", reverse("signalen_rapporten:detail", args=[rapport.pk])),
        ("GET", reverse("signalen_rapporten:export", args=[rapport.pk, "csv"])),
        ("GET", reverse("signalen_rapporten:export", args=[rapport.pk, "pdf"])),
        ("GET", reverse("signalen_rapporten:detail", args=[999999])),
    ]:
        response = client.generic(method, url)
        assert response.status_code == 403, (role, url, response.status_code)
        assert rapport.titel not in text(response)
    assert "Verslagen" not in text(client.get("/admin/"))
    assert Rapport.objects.count() == 1


@pytest.mark.django_db
def test_the_bestuur_reads_reports_but_makes_none(client_of, rapport):
    client = client_of("bestuurder")
    index = client.get(reverse("signalen_rapporten:index"))
    assert index.status_code == 200 and rapport.titel in text(index)
    assert "Verslag maken" not in text(index)
    assert client.get(reverse("signalen_rapporten:detail", args=[rapport.pk])).status_code == 200
    csv = client.get(reverse("signalen_rapporten:export", args=[rapport.pk, "csv"]))
    assert csv.status_code == 200 and "Kanaal" in text(csv)
    refused_post = client.post(reverse("signalen_rapporten:index"), {"soort": "jaar", "jaar": 2026})
    assert refused_post.status_code == 403 and Rapport.objects.count() == 1


@pytest.mark.django_db
def test_the_steunpunt_reaches_the_same_routes(client_of, registratie, vraag):
    client = client_of("steunpunt_medewerker")
    assert SECRET_NOTE in text(client.get(reverse(f"{NS}:inspect", args=[registratie.pk])))
    assert client.get(reverse(f"{NS}:list")).status_code == 200
    assert "Registreer als contact" in text(
        client.get(reverse("wagtailsnippets_contact_vraag:inspect", args=[vraag.pk]))
    )
    response = client.post(reverse("signalen_admin:uit_vraag", args=[vraag.pk]))
    assert response.status_code == 302 and Registratie.objects.filter(vraag_nummer=vraag.pk).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["redacteur", "superuser"])
def test_an_organisation_or_municipality_says_nothing_about_registrations_pointing_to_it(client_of, site, role):
    from wagtail.models import ReferenceIndex

    from distro.socialekaart.models import Gemeente, Organisatie
    from plugins.signalen import services

    organisatie = Organisatie.objects.filter(locale__language_code="nl").first()
    gemeente = Gemeente.objects.create(name="Kleindorp")
    for _ in range(3):
        services.save(
            Registratie(
                kanaal="telefoon",
                vraagsteller="ouder",
                aard="vraag",
                afhandeling="doorverwezen",
                doorverwezen_naar=organisatie,
                gemeente=gemeente,
                status="afgerond",
            ),
            user=None,
            old_status=None,
        )
    assert not ReferenceIndex.objects.filter(base_content_type__model="registratie").exists()
    client = client_of(role)
    for url in [
        reverse("wagtailsnippets_socialekaart_organisatie:edit", args=[organisatie.pk]),
        reverse("wagtailsnippets_socialekaart_organisatie:usage", args=[organisatie.pk]),
        reverse("wagtailsnippets_socialekaart_gemeente:edit", args=[gemeente.pk]),
        reverse("wagtailsnippets_socialekaart_gemeente:usage", args=[gemeente.pk]),
        reverse("wagtailsnippets_socialekaart_gemeente:delete", args=[gemeente.pk]),
    ]:
        body = text(client.get(url))
        assert "egistratie" not in body and "3 keer" not in body, (role, url)
