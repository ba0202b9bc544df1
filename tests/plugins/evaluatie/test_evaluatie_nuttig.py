""" "Was deze informatie nuttig?" below content pages: no cookie, no token, counted per page and month."""

import pytest

from distro.core.models import ContentPage
from plugins.evaluatie.models import PaginaOordeel, PaginaOpmerking

pytestmark = pytest.mark.django_db


@pytest.fixture
def artikel(home):
    page = home.add_child(instance=ContentPage(title="Thuiszitten", slug="thuiszitten", intro="Wat nu?"))
    page.save_revision().publish()
    return page


def test_the_widget_is_on_a_content_page_without_a_cookie_or_token(client, artikel, page_cache):
    response = client.get("/thuiszitten/")
    text = response.content.decode()
    assert "Was deze informatie nuttig?" in text and 'action="/evaluatie/nuttig/"' in text
    assert "csrfmiddlewaretoken" not in text and not response.cookies
    assert client.get("/thuiszitten/")["X-Steunpunt-Cache"] == "hit"  # the page still comes from the cache


def test_votes_and_comments_are_counted_per_page_and_month(client, artikel):
    assert client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "ja"}).status_code == 200
    client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "ja"})
    thanks = client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "nee", "opmerking": "Te lang"})
    assert "Bedankt voor uw reactie" in thanks.content.decode() and not thanks.cookies
    row = PaginaOordeel.objects.get()
    assert (row.pagina_id, row.taal, row.ja, row.nee, row.maand.day) == (artikel.pk, "nl", 2, 1, 1)
    comment = PaginaOpmerking.objects.get()
    assert (comment.tekst, comment.nuttig) == ("Te lang", False)


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"nuttig": "ja"}, 400, "bestaat niet"),  # a vote without a page
        ({"pagina": "999999", "nuttig": "ja"}, 400, "bestaat niet"),
        ({"pagina": "PAGE", "nuttig": "misschien"}, 400, "Kies ja of nee."),
        ({"pagina": "PAGE", "nuttig": "ja", "opmerking": "x" * 1001}, 400, "maximaal 1000 tekens"),
    ],
)
def test_bad_votes_are_explained_and_count_nothing(client, artikel, home, data, status, message):
    data = {k: (str(artikel.pk) if v == "PAGE" else v) for k, v in data.items()}
    response = client.post("/evaluatie/nuttig/", data)
    assert response.status_code == status and message in response.content.decode()
    assert not PaginaOordeel.objects.exists() and not PaginaOpmerking.objects.exists()


def test_the_home_page_a_draft_and_a_get_take_no_vote(client, artikel, home):
    assert client.post("/evaluatie/nuttig/", {"pagina": home.pk, "nuttig": "ja"}).status_code == 400
    artikel.unpublish()
    assert client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "ja"}).status_code == 400
    assert client.get("/evaluatie/nuttig/").status_code == 405
    assert not PaginaOordeel.objects.exists()


def test_a_bot_filling_the_honeypot_and_flooding_are_not_counted(client, artikel):
    client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "ja", "website": "spam"})
    assert not PaginaOordeel.objects.exists()
    for _ in range(30):
        client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "ja"})
    assert client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": "ja"}).status_code == 429
    assert PaginaOordeel.objects.get().ja == 30


def test_steunpunt_sees_the_votes_per_page_with_small_numbers_hidden(client, artikel, steunpunt_medewerker):
    for answer in ["ja"] * 6 + ["nee"] * 2:
        client.post("/evaluatie/nuttig/", {"pagina": artikel.pk, "nuttig": answer})
    client.force_login(steunpunt_medewerker)
    page = client.get("/admin/evaluaties/").content.decode()
    row = page.split('<th scope="row">Thuiszitten</th>')[1].split("</tr>")[0]
    assert "<td>6</td>" in row and "<td>&lt; 5</td>" in row


def test_steunpunt_reads_the_comments_once_the_page_has_k_votes(client, artikel, steunpunt_medewerker):
    from django.urls import reverse

    PaginaOpmerking.objects.create(pagina=artikel, taal="nl", nuttig=False, tekst="<b>Bel</b> me: 06-12345678")
    row = PaginaOordeel.objects.create(pagina=artikel, taal="nl", ja=1, nee=2)
    url = reverse("evaluatie_admin:comments", args=[artikel.pk, "nl"])
    client.force_login(steunpunt_medewerker)
    assert url not in client.get(reverse("evaluatie_admin:index")).content.decode()
    few = client.get(url).content.decode()
    assert "Te weinig reacties" in few and "06-12345678" not in few

    PaginaOordeel.objects.filter(pk=row.pk).update(ja=10)
    assert url in client.get(reverse("evaluatie_admin:index")).content.decode()
    page = client.get(url).content.decode()
    assert "&lt;b&gt;Bel&lt;/b&gt;" in page and '<mark class="personal-data" title="telefoonnummer">06-12345678' in page


@pytest.mark.parametrize("role", ["redacteur", "beheerder", "bestuurder", "superuser"])
def test_nobody_else_reads_the_comments(client, artikel, role, request):
    from django.urls import reverse

    PaginaOpmerking.objects.create(pagina=artikel, taal="nl", nuttig=True, tekst="Mijn dochter Sara")
    PaginaOordeel.objects.create(pagina=artikel, taal="nl", ja=10, nee=2)
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("evaluatie_admin:comments", args=[artikel.pk, "nl"]))
    assert response.status_code == 403 and b"Sara" not in response.content


def test_comments_go_after_their_retention_period_and_the_counts_stay(artikel, settings):
    from datetime import date

    from distro.core.jobs import purge_expired_personal_data
    from plugins.evaluatie.models import first_of_month

    settings.STEUNPUNT_EVALUATIE_OPMERKINGEN_BEWAARTERMIJN_DAGEN = 60
    this_month = first_of_month()
    old = date(this_month.year - 1, this_month.month, 1)
    PaginaOpmerking.objects.create(pagina=artikel, taal="nl", nuttig=True, tekst="Oud", maand=old)
    PaginaOpmerking.objects.create(pagina=artikel, taal="nl", nuttig=True, tekst="Nieuw")
    PaginaOordeel.objects.create(pagina=artikel, taal="nl", ja=3, maand=old)
    purge_expired_personal_data()
    assert list(PaginaOpmerking.objects.values_list("tekst", flat=True)) == ["Nieuw"]
    assert PaginaOordeel.objects.get().ja == 3
