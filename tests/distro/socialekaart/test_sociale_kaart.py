"""The sociale kaart: filtering regional organisations, and languages."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from distro.socialekaart.models import Gemeente, Organisatie, Thema

pytestmark = pytest.mark.django_db

URL = "/sociale-kaart/"
JEUGDTEAM = "Voorbeeld: Jeugdteam Rivierenland"  # Jeugdhulp, Opvoeden; Beekdal, Molenwaard
CONSULENT = "Voorbeeld: Onderwijsconsulent"  # Onderwijs, Thuiszitten; whole region
DE_BRUG = "Voorbeeld: Oudervereniging De Brug"  # Lotgenoten, Onderwijs; Beekdal
JONGERENWERK = "Voorbeeld: Jongerenwerk Molenwaard"  # Jongeren; Molenwaard
ALL = {JEUGDTEAM, CONSULENT, DE_BRUG, JONGERENWERK}


def shown(client, url=URL, **params):
    """Names of the organisations on the page (as headings), and the page's main element."""
    response = client.get(url, params)
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    names = {o.name for o in Organisatie.objects.all() if main.find(["h2", "h3", "h4"], string=o.name)}
    return names, main


def thema(name, code="nl"):
    return Thema.objects.get(name=name, locale__language_code=code).pk


def gemeente(name):
    return Gemeente.objects.get(name=name).pk


def test_all_organisations_without_filter(client, site):
    names, main = shown(client)
    assert names == ALL
    assert "4 organisaties gevonden" in main.get_text()


def test_filter_by_thema(client, site):
    names, main = shown(client, thema=thema("Onderwijs"))
    assert names == {CONSULENT, DE_BRUG}
    assert "2 organisaties gevonden" in main.get_text()


def test_filter_by_gemeente_includes_region_wide_organisations(client, site):
    names, _main = shown(client, gemeente=gemeente("Beekdal"))
    # The consulent has no municipalities: it works in the whole region.
    assert names == {JEUGDTEAM, DE_BRUG, CONSULENT}
    names, _main = shown(client, gemeente=gemeente("Molenwaard"))
    assert names == {JEUGDTEAM, JONGERENWERK, CONSULENT}


def test_filter_by_thema_and_gemeente(client, site):
    names, _main = shown(client, thema=thema("Onderwijs"), gemeente=gemeente("Molenwaard"))
    assert names == {CONSULENT}


def test_organisation_in_several_matching_municipalities_is_listed_once(client, site):
    org = Organisatie.objects.get(name=DE_BRUG)
    org.municipalities.set(Gemeente.objects.all())
    org.save()
    response = client.get(URL, {"thema": thema("Onderwijs"), "gemeente": gemeente("Beekdal")})
    main = BeautifulSoup(response.content, "html.parser").select_one("main")
    assert len(main.find_all(["h2", "h3", "h4"], string=DE_BRUG)) == 1
    assert "2 organisaties gevonden" in main.get_text()


@pytest.mark.parametrize(
    "query,expected",
    [
        ("brug", {DE_BRUG}),
        ("KOFFIEOCHTEND", {DE_BRUG}),  # in the description, any case
        ("jongeren", {JONGERENWERK}),
        ("onafhankelijk", {CONSULENT}),
    ],
)
def test_filter_by_text(client, site, query, expected):
    names, _main = shown(client, q=query)
    assert names == expected


def test_text_and_gemeente_together(client, site):
    names, _main = shown(client, q="voorbeeld", gemeente=gemeente("Molenwaard"))
    assert names == {JEUGDTEAM, JONGERENWERK, CONSULENT}


def test_empty_state(client, site):
    names, main = shown(client, q="paardrijden")
    assert names == set()
    text = main.get_text(" ", strip=True)
    assert "0 organisaties gevonden" in text
    assert "Er zijn geen organisaties gevonden. Probeer een ander thema of een andere gemeente." in text


def test_no_organisations_at_all(client, site):
    Organisatie.objects.all().delete()
    names, main = shown(client)
    assert names == set() and "Er zijn geen organisaties gevonden" in main.get_text()


def test_bad_filter_values_show_everything_with_a_dutch_error(client, site):
    names, main = shown(client, thema="9999", gemeente="abc")
    assert names == ALL
    assert "geldige keuze" in main.get_text()


def test_filter_form_keeps_the_choices(client, site):
    _names, main = shown(client, q="brug", thema=thema("Onderwijs"))
    form = main.find("form", method="get")
    assert form.find("input", attrs={"name": "q"})["value"] == "brug"
    selected = form.find("select", attrs={"name": "thema"}).find("option", selected=True)
    assert selected.get_text() == "Onderwijs"


def test_card_shows_contact_details_and_region(client, site):
    _names, main = shown(client, q="onderwijsconsulent")
    text = main.get_text(" ", strip=True)
    assert "de hele regio" in text
    assert main.find("a", href="tel:0701234567") is not None
    assert main.find("a", href="mailto:consulent@example.org") is not None
    assert main.find("a", href="https://example.org/") is not None


def test_description_rich_text_links_are_expanded(client, site, home):
    org = Organisatie.objects.get(name=DE_BRUG)
    org.description = f'<p>Lees ook <a linktype="page" id="{home.pk}">onze startpagina</a>.</p>'
    org.save()
    _names, main = shown(client, q="brug")
    assert main.find("a", string="onze startpagina")["href"] == "/"


# --- Languages ------------------------------------------------------------------------


def test_english_page_falls_back_to_dutch_organisations(client, site):
    names, main = shown(client, "/en/sociale-kaart/")
    assert names == ALL


def test_translated_organisation_replaces_its_dutch_version_only(client, site):
    en = Locale.objects.get(language_code="en")
    dutch = Organisatie.objects.get(name=DE_BRUG)
    english = dutch.copy_for_translation(en)
    english.name = "Example: Parents' association De Brug"
    english.save()
    english.themes.set(dutch.themes.all())
    english.municipalities.set(dutch.municipalities.all())
    english.save()

    response = client.get("/en/sociale-kaart/")
    text = response.content.decode()
    assert "Parents&#x27; association De Brug" in text or "Parents' association De Brug" in text
    assert DE_BRUG not in text
    for name in ALL - {DE_BRUG}:
        assert name in text
    # The Dutch page is not affected.
    names, _main = shown(client)
    assert names == ALL


def test_english_page_filters_dutch_organisations_by_theme(client, site):
    names, _main = shown(client, "/en/sociale-kaart/", thema=thema("Onderwijs"))
    assert names == {CONSULENT, DE_BRUG}


def test_translated_theme_matches_organisations_in_both_languages(client, site):
    en = Locale.objects.get(language_code="en")
    onderwijs = Thema.objects.get(name="Onderwijs", locale__language_code="nl")
    education = onderwijs.copy_for_translation(en)
    education.name = "Education"
    education.save()
    response = client.get("/en/sociale-kaart/")
    select = BeautifulSoup(response.content, "html.parser").find("select", attrs={"name": "thema"})
    options = [o.get_text() for o in select.find_all("option")]
    # The English theme replaces its Dutch version; untranslated themes stay Dutch.
    assert "Education" in options and "Onderwijs" not in options and "Jeugdhulp" in options
    names, _main = shown(client, "/en/sociale-kaart/", thema=education.pk)
    assert names == {CONSULENT, DE_BRUG}


def test_dutch_page_does_not_offer_english_themes(client, site):
    en = Locale.objects.get(language_code="en")
    Thema.objects.create(name="Only English", locale=en)
    response = client.get(URL)
    assert "Only English" not in response.content.decode()
    names, main = shown(client, thema=Thema.objects.get(name="Only English").pk)
    assert "geldige keuze" in main.get_text()
