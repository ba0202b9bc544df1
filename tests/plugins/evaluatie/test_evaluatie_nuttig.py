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
