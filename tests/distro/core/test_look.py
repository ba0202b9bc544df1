"""The look of the public site: logo, hero, the home page's ways in, one contact block, side column."""

import pytest
from bs4 import BeautifulSoup
from core_helpers import add_content_page, make_image
from django.core.exceptions import ValidationError
from django.core.management import call_command

from distro.contact.models import ContactPage
from distro.core.models import HomePage, SteunpuntSettings

pytestmark = pytest.mark.django_db


def soup(response, status=200):
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def test_logo_and_hero_from_the_settings_with_alt_text(client, site):
    settings_ = SteunpuntSettings.for_site(site)
    settings_.logo = make_image("Logo")
    settings_.hero_image = make_image("Ouder en kind")
    settings_.hero_image_alt = "Een ouder en een kind lopen naar school."
    settings_.hero_image_decorative = False
    settings_.save()
    html = soup(client.get("/"))
    logo = html.select_one("header a img")
    # The name is written beside the logo, so the logo is not read out twice.
    assert logo is not None and logo["alt"] == ""
    assert "Ouder- en jeugdsteunpunt" in logo.find_parent("a").get_text()
    hero = html.select_one("main img")
    assert hero["alt"] == "Een ouder en een kind lopen naar school."
    # Other pages have the logo but not the hero.
    page_html = soup(client.get("/privacy/"))
    assert page_html.select_one("header img") is not None
    assert page_html.select_one("main img") is None


def test_decorative_hero_only_when_marked(client, site):
    settings_ = SteunpuntSettings.for_site(site)
    settings_.hero_image = make_image("Versiering")
    settings_.hero_image_alt = ""
    settings_.hero_image_decorative = False
    with pytest.raises(ValidationError) as excinfo:
        settings_.full_clean()
    assert "Beschrijf wat er op de afbeelding staat" in " ".join(excinfo.value.message_dict["hero_image_alt"])
    settings_.hero_image_decorative = True
    settings_.full_clean()
    settings_.save()
    assert soup(client.get("/")).select_one("main img")["alt"] == ""


def test_demo_home_has_a_call_to_action_and_ways_in_that_lead_somewhere(client, home, site):
    html = soup(client.get("/"))
    main = html.select_one("main")
    contact = ContactPage.objects.get(locale=home.locale)
    ask = main.find("a", string="Stel je vraag")
    assert ask is not None and ask["href"] == contact.url
    call = main.find("a", href="tel:0123456789")
    assert call is not None and "Bel ons" in call.get_text()
    # Ways in per audience, each to a page that is there.
    ways_in = {a.select_one(".audience__title").get_text(strip=True): a["href"] for a in main.select(".audience a")}
    assert set(ways_in) == {"Voor ouders", "Voor jongeren", "Voor professionals"}
    for href in ways_in.values():
        assert client.get(href).status_code == 200, href
    # The pillar cards are links, to pages that are there.
    pillars = {h.get_text(strip=True).rstrip(" →"): h.a for h in main.select(".pillar h3")}
    assert set(pillars) == {"Informeren", "Steunen", "Signaleren"}
    for title, link in pillars.items():
        assert link is not None, title
        assert client.get(link["href"]).status_code == 200, title


def test_new_site_without_demo_links_its_button_and_pillars(client, db):
    call_command("setup_site", "--name", "SWV Zonder Demo", verbosity=0, stdout=open("/dev/null", "w"))
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.cta_page.specific_class is ContactPage
    assert all(block.value["page"] for block in home.pillars)


def test_home_title_is_not_doubled(client, home):
    html = soup(client.get("/"))
    assert html.title.get_text() == "Ouder- en jeugdsteunpunt"
    assert soup(client.get("/privacy/")).title.get_text() == "Privacyverklaring | Ouder- en jeugdsteunpunt"


@pytest.mark.parametrize(
    "path", ["/", "/privacy/", "/stel-je-vraag/", "/zo-werkt-het-in-onze-regio/", "/sociale-kaart/"]
)
def test_contact_details_once_per_page(client, home, path):
    html = soup(client.get(path))
    assert len(html.select(".contact-details")) == 1, path
    assert len(html.find_all("a", href="tel:0123456789")) <= 2  # the details, and on the home page "Bel ons"


def test_footer_shows_the_contact_details_when_the_page_has_none(client, home):
    page = add_content_page(home, "Zonder contactblok")
    footer = soup(client.get(page.url)).select_one("footer")
    assert footer.select_one(".contact-details") is not None
    assert footer.find("a", href="tel:0123456789") is not None


def test_content_page_uses_its_width_with_an_outline_and_related_pages(client, home):
    html = soup(client.get("/zo-werkt-het-in-onze-regio/"))
    aside = html.select_one("main aside")
    assert aside is not None
    outline = aside.find("nav", attrs={"aria-labelledby": "outline-title"})
    links = {a.get_text(strip=True): a["href"] for a in outline.find_all("a")}
    assert links == {"Zo gaat het": "#kop-zo-gaat-het", "Veelgestelde vragen": "#kop-veelgestelde-vragen"}
    for anchor in links.values():
        assert html.find(id=anchor[1:]).name == "h2"
    related = aside.find("nav", attrs={"aria-labelledby": "related-title"})
    assert related.find("a", string="Stel je vraag") is not None


def test_not_found_page_is_dutch(client, home):
    html = soup(client.get("/bestaat-niet/"), status=404)
    assert html.title.get_text() == "Pagina niet gevonden | Ouder- en jeugdsteunpunt"
    assert "Error" not in html.get_text()
    assert html.html["lang"] == "nl"


def test_menu_is_a_details_element_so_it_works_without_javascript(client, home):
    html = soup(client.get("/"))
    menu = html.select_one("header details")
    assert menu.summary.get_text(strip=True) == "Menu"
    assert menu.find("nav", attrs={"aria-label": "Hoofdmenu"}) is not None
    assert menu.find("form", attrs={"role": "search"}) is not None
    assert not html.find_all("script", src=False, string=True)
