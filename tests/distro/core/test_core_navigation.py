"""Menus from the admin, the language switcher, lang/dir, and the site settings."""

import re

import pytest
from bs4 import BeautifulSoup
from core_helpers import add_content_page
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Locale

from distro.contact.models import ContactPage
from distro.core.models import FooterMenuItem, MainMenuItem, Navigatie, SteunpuntSettings

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def in_page_language(html, text):
    """The Dutch source text as the page shows it: aria-labels follow the page's language."""
    with translation.override(html.html["lang"]):
        return translation.gettext(text)


def nav_links(html, label):
    label = in_page_language(html, label)
    nav = html.find("nav", attrs={"aria-label": label})
    assert nav is not None, f"no <nav aria-label={label!r}>"
    return [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")]


def main_menu(html):
    return nav_links(html, "Hoofdmenu")


def footer_menu(html):
    footer = html.find("footer")
    return [(a.get_text(strip=True), a["href"]) for nav in footer.find_all("nav") for a in nav.find_all("a")]


# --- Menus ---------------------------------------------------------------------


def test_setup_site_menus_show_in_header_and_footer(client, site):
    html = soup(client.get("/"))
    assert main_menu(html) == [
        ("Zo werkt het in onze regio", "/zo-werkt-het-in-onze-regio/"),
        ("Stel je vraag", "/stel-je-vraag/"),
        ("Sociale kaart", "/sociale-kaart/"),
        # Added at the end by the plugins' site_setup receivers (agenda, informatieset_sync).
        ("Agenda", "/agenda/"),
        ("Informatie", "/informatie/"),
    ]
    assert footer_menu(html) == [
        ("Privacyverklaring", "/privacy/"),
        ("Toegankelijkheidsverklaring", "/toegankelijkheid/"),
        ("Stel je vraag", "/stel-je-vraag/"),
    ]


def test_menu_items_from_the_admin_setting(client, site, home):
    navigatie = Navigatie.for_site(site)
    navigatie.main_menu_items.all().delete()
    navigatie.footer_menu_items.all().delete()
    page = add_content_page(home, "Over passend onderwijs", slug="passend-onderwijs")
    MainMenuItem.objects.create(navigatie=navigatie, page=page, label="Passend onderwijs", sort_order=1)
    MainMenuItem.objects.create(
        navigatie=navigatie, url="https://www.onderwijsconsulenten.nl/", label="Onderwijsconsulenten", sort_order=2
    )
    FooterMenuItem.objects.create(navigatie=navigatie, page=page, sort_order=1)
    html = soup(client.get("/"))
    assert main_menu(html) == [
        ("Passend onderwijs", "/passend-onderwijs/"),
        ("Onderwijsconsulenten", "https://www.onderwijsconsulenten.nl/"),
    ]
    assert footer_menu(html) == [("Over passend onderwijs", "/passend-onderwijs/")]


def test_menu_marks_the_current_page_but_not_home_everywhere(client, site, home):
    navigatie = Navigatie.for_site(site)
    MainMenuItem.objects.create(navigatie=navigatie, page=home, label="Start", sort_order=-5)
    html = soup(client.get("/stel-je-vraag/"))
    nav = html.find("nav", attrs={"aria-label": "Hoofdmenu"})
    current = [a.get_text(strip=True) for a in nav.find_all("a", attrs={"aria-current": "page"})]
    assert current == ["Stel je vraag"]
    html = soup(client.get("/"))
    nav = html.find("nav", attrs={"aria-label": "Hoofdmenu"})
    assert [a.get_text(strip=True) for a in nav.find_all("a", attrs={"aria-current": "page"})] == ["Start"]


def test_unpublished_pages_are_left_out_of_menus(client, site, home):
    page = add_content_page(home, "Concept", slug="concept")
    MainMenuItem.objects.create(navigatie=Navigatie.for_site(site), page=page, sort_order=10)
    assert ("Concept", "/concept/") in main_menu(soup(client.get("/")))
    page.unpublish()
    assert "Concept" not in [label for label, _ in main_menu(soup(client.get("/")))]


def test_menu_links_to_the_translation_in_another_locale(client, site, home):
    en = Locale.objects.get(language_code="en")
    contact_en = ContactPage.objects.child_of(home).get().get_translation(en)
    contact_en.title = "Ask your question"
    contact_en.save_revision().publish()
    html = soup(client.get("/en/"))
    menu = main_menu(html)
    assert ("Ask your question", "/en/stel-je-vraag/") in menu
    assert all(href.startswith("/en/") for _label, href in menu)
    assert ("Ask your question", "/en/stel-je-vraag/") in footer_menu(html)


def test_menu_item_without_translation_links_to_the_dutch_page(client, site, home):
    page = add_content_page(home, "Alleen Nederlands", slug="alleen-nl")
    MainMenuItem.objects.create(navigatie=Navigatie.for_site(site), page=page, sort_order=10)
    assert ("Alleen Nederlands", "/alleen-nl/") in main_menu(soup(client.get("/en/")))


def test_menu_item_needs_a_page_or_a_url_with_a_label(site):
    navigatie = Navigatie.for_site(site)
    with pytest.raises(ValidationError):
        MainMenuItem(navigatie=navigatie).clean()
    with pytest.raises(ValidationError):
        MainMenuItem(navigatie=navigatie, url="https://example.org/").clean()
    with pytest.raises(ValidationError):
        MainMenuItem(navigatie=navigatie, url="https://example.org/", label="x", page=site.root_page).clean()
    MainMenuItem(navigatie=navigatie, url="https://example.org/", label="Voorbeeld").clean()


# --- Languages -----------------------------------------------------------------


def test_arabic_pages_are_right_to_left(client, site):
    for path in ["/ar/", "/ar/stel-je-vraag/", "/ar/sociale-kaart/", "/ar/zoeken/?q=school"]:
        html = soup(client.get(path))
        assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl"), path


@pytest.mark.parametrize(
    "path,lang",
    [("/", "nl"), ("/stel-je-vraag/", "nl"), ("/en/", "en"), ("/tr/sociale-kaart/", "tr"), ("/zoeken/", "nl")],
)
def test_left_to_right_languages(client, site, path, lang):
    html = soup(client.get(path))
    assert (html.html["lang"], html.html["dir"]) == (lang, "ltr")


def switcher(html):
    return nav_links(html, "Kies een taal")


def test_language_switcher_links_to_this_page_in_each_language(client, site):
    links = dict(
        (href.split("/")[1] if href.count("/") > 2 else "nl", href)
        for _label, href in switcher(soup(client.get("/stel-je-vraag/")))
    )
    assert links == {
        "nl": "/stel-je-vraag/",
        "en": "/en/stel-je-vraag/",
        "ar": "/ar/stel-je-vraag/",
        "tr": "/tr/stel-je-vraag/",
        "pl": "/pl/stel-je-vraag/",
        "uk": "/uk/stel-je-vraag/",
    }


def test_language_switcher_marks_the_language_and_names_it_in_itself(client, site):
    html = soup(client.get("/ar/"))
    nav = html.find("nav", attrs={"aria-label": in_page_language(html, "Kies een taal")})
    current = nav.find("a", attrs={"aria-current": True})
    assert current["lang"] == "ar" and current.get_text(strip=True) == "العربية"
    assert {a["lang"] for a in nav.find_all("a")} == {"nl", "en", "ar", "tr", "pl", "uk"}


def test_language_switcher_falls_back_to_the_home_page_of_a_language(client, site, home):
    page = add_content_page(home, "Niet vertaald", slug="niet-vertaald")
    links = [href for _label, href in switcher(soup(client.get(page.url)))]
    # The nearest translated ancestor, with a notice there (tests/distro/core/test_languages.py).
    assert "/niet-vertaald/" in links and "/en/?vertaling=ontbreekt" in links and "/ar/?vertaling=ontbreekt" in links


def test_language_switcher_on_search_keeps_the_query(client, site):
    links = [href for _label, href in switcher(soup(client.get("/zoeken/?q=school")))]
    assert "/en/zoeken/?q=school" in links and "/zoeken/?q=school" in links


def test_languages_offered_is_a_subset_in_the_switcher(client, site):
    settings_ = SteunpuntSettings.for_site(site)
    settings_.languages = "en,ar"
    settings_.save()
    langs = [a["lang"] for a in soup(client.get("/")).find("nav", attrs={"aria-label": "Kies een taal"}).find_all("a")]
    assert langs == ["nl", "en", "ar"]


def test_only_dutch_offered_hides_the_switcher(client, site):
    settings_ = SteunpuntSettings.for_site(site)
    settings_.languages = "nl"
    settings_.save()
    assert soup(client.get("/")).find("nav", attrs={"aria-label": "Kies een taal"}) is None


# --- Site settings -------------------------------------------------------------


def valid_settings(site, **changes):
    settings_ = SteunpuntSettings.for_site(site)
    for name, value in changes.items():
        setattr(settings_, name, value)
    return settings_


@pytest.mark.parametrize("colour", ["#ffff00", "#87ceeb", "#ffffff", "#999999"])
def test_too_light_primary_colour_is_refused_in_dutch(site, colour):
    with pytest.raises(ValidationError) as excinfo:
        valid_settings(site, primary_colour=colour).full_clean()
    message = " ".join(excinfo.value.message_dict["primary_colour"])
    assert "te licht" in message and "4,5:1" in message
    assert re.search(r"is \d,\d:1", message), message


@pytest.mark.parametrize("colour", ["#00539b", "#000000", "#b00020", "#1e6b34", "#767676"])
def test_dark_primary_colour_is_accepted(site, colour):
    valid_settings(site, primary_colour=colour).full_clean()


def test_primary_colour_must_be_a_hex_colour(site):
    with pytest.raises(ValidationError) as excinfo:
        valid_settings(site, primary_colour="blauw").full_clean()
    assert "#rrggbb" in " ".join(excinfo.value.message_dict["primary_colour"])


def test_unknown_theme_is_refused(site):
    with pytest.raises(ValidationError) as excinfo:
        valid_settings(site, theme="nope").full_clean()
    message = " ".join(excinfo.value.message_dict["theme"])
    assert "bestaat niet" in message and "standaard" in message
    valid_settings(site, theme="standaard").full_clean()


def test_unknown_language_is_refused(site):
    with pytest.raises(ValidationError) as excinfo:
        valid_settings(site, languages="en,xx").full_clean()
    assert "xx" in " ".join(excinfo.value.message_dict["languages"])


def test_settings_form_in_the_admin_refuses_a_light_colour(client, site, superuser):
    """The admin shows the contrast error on the field and saves nothing."""
    from django.urls import reverse

    client.force_login(superuser)
    url = reverse("wagtailsettings:edit", args=["core", "steunpuntsettings", site.pk])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value
    data.update(primary_colour="#ffff00", languages=["en"], theme="standaard")
    data = {k: v for k, v in data.items() if not hasattr(v, "pk")}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "te licht" in " ".join(response.context["form"].errors.get("primary_colour", []))
    assert SteunpuntSettings.for_site(site).primary_colour == ""


def test_toon_in_menus_adds_a_page_under_the_home_page_to_the_end_of_the_main_menu(client, site, home):
    shown = add_content_page(home, "Leerplicht", slug="leerplicht", show_in_menus=True)
    add_content_page(shown, "Vrijstelling", slug="vrijstelling", show_in_menus=True)
    # A page already in the menu (from Instellingen > Menu's) is not listed twice.
    contact = ContactPage.objects.get(locale__language_code="nl")
    contact.show_in_menus = True
    contact.save_revision().publish()

    html = soup(client.get("/"))
    menu = main_menu(html)
    assert menu[-1] == ("Leerplicht", "/leerplicht/")
    assert [label for label, _url in menu].count("Stel je vraag") == 1
    assert "Vrijstelling" not in [label for label, _url in menu]
    assert ("Leerplicht", "/leerplicht/") not in footer_menu(html)
