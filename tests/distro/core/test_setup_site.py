"""setup_site: creates a complete site once, and changes nothing the second time."""

import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from wagtail.models import Locale, Page, Site

from distro.contact.models import ContactPage
from distro.core.models import ContentPage, FooterMenuItem, HomePage, MainMenuItem, Navigatie, SteunpuntSettings
from distro.socialekaart.models import Gemeente, Organisatie, SocialeKaartPage, Thema

pytestmark = pytest.mark.django_db


def run(*args):
    call_command("setup_site", *args, verbosity=0, stdout=open("/dev/null", "w"))


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "locale__language_code")),
        "main_menu": list(MainMenuItem.objects.values_list("page_id", "url", "sort_order")),
        "footer_menu": list(FooterMenuItem.objects.values_list("page_id", "url", "sort_order")),
        "sites": list(Site.objects.values_list("hostname", "root_page_id")),
        "organisaties": Organisatie.objects.count(),
        "themas": Thema.objects.count(),
        "gemeenten": Gemeente.objects.count(),
        "navigatie": Navigatie.objects.count(),
        "settings": SteunpuntSettings.objects.count(),
        "locales": Locale.objects.count(),
    }


def test_running_twice_changes_nothing(site):
    before = snapshot()
    run("--demo", "--name", "SWV Testregio", "--mailbox", "mailbox@steunpunt.test")
    run("--demo", "--name", "SWV Testregio", "--mailbox", "mailbox@steunpunt.test")
    assert snapshot() == before


def test_running_again_keeps_editors_changes(site, home):
    privacy = ContentPage.objects.child_of(home).get(slug="privacy")
    privacy.title = "Privacy bij ons steunpunt"
    privacy.save_revision().publish()
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.phone = "030 123 45 67"
    site_settings.save()
    MainMenuItem.objects.filter(navigatie__site=site).delete()
    run()
    assert ContentPage.objects.get(pk=privacy.pk).title == "Privacy bij ons steunpunt"
    assert SteunpuntSettings.for_site(site).phone == "030 123 45 67"
    # An emptied menu is a choice of the editors, not something to repair.
    assert not MainMenuItem.objects.filter(navigatie__site=site).exists()


def test_running_again_does_not_copy_editors_pages_into_other_languages(site, home):
    page = home.add_child(instance=ContentPage(title="Eigen pagina", slug="eigen-pagina"))
    page.save_revision().publish()
    run()
    assert not ContentPage.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists()


def test_core_pages_exist_under_the_home_page(home):
    assert ContactPage.objects.child_of(home).live().count() == 1
    assert SocialeKaartPage.objects.child_of(home).live().count() == 1
    slugs = set(ContentPage.objects.child_of(home).live().values_list("slug", flat=True))
    assert {"privacy", "toegankelijkheid"} <= slugs


def _text(page):
    return json.dumps(list(page.body.raw_data), ensure_ascii=False)


def test_privacy_page_has_dutch_starting_text(home):
    privacy = ContentPage.objects.child_of(home).get(slug="privacy")
    assert privacy.title == "Privacyverklaring"
    text = _text(privacy)
    assert "gaat zorgvuldig om met uw gegevens" in text
    assert "Wie kan uw gegevens zien?" in text
    # The retention period it states is the one the site actually applies.
    assert f"{settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN} dagen" in text
    assert "Autoriteit Persoonsgegevens" in text


def test_accessibility_statement_has_dutch_starting_text(home):
    page = ContentPage.objects.child_of(home).get(slug="toegankelijkheid")
    assert page.title == "Toegankelijkheidsverklaring"
    text = _text(page)
    assert "wil dat iedereen deze website kan gebruiken" in text
    assert "WCAG 2.1" in text
    assert "toegankelijkheidsverklaring.nl" in text


def test_privacy_and_accessibility_pages_are_served(client, site):
    for path, phrase in [
        ("/privacy/", "Hoe lang bewaren we uw gegevens?"),
        ("/toegankelijkheid/", "Werkt iets niet goed?"),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        assert phrase in response.content.decode()


def test_every_configured_language_has_the_core_pages(home):
    core = [
        home,
        *[
            p.specific
            for p in home.get_children().filter(
                slug__in=["stel-je-vraag", "sociale-kaart", "privacy", "toegankelijkheid"]
            )
        ],
    ]
    assert len(core) == 5
    for code, _name in settings.LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        for page in core:
            translation = page.get_translation_or_none(locale)
            assert translation is not None and translation.live, (code, page.slug)
            assert type(translation.specific) is type(page)


def test_translated_pages_are_served_under_the_language_prefix(client, site):
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == "nl" else f"/{code}"
        for path in ["/", "/stel-je-vraag/", "/privacy/"]:
            assert client.get(prefix + path).status_code == 200, prefix + path


def test_settings_and_menus_after_setup(site):
    site_settings = SteunpuntSettings.for_site(site)
    assert site_settings.swv_name == "SWV Testregio"
    assert site_settings.mailbox == "mailbox@steunpunt.test"
    navigatie = Navigatie.for_site(site)
    assert navigatie.main_menu_items.count() >= 2
    assert navigatie.footer_menu_items.count() == 3


def test_unknown_theme_fails_and_changes_nothing(site):
    before = snapshot()
    with pytest.raises(CommandError) as excinfo:
        run("--theme", "nope")
    assert "nope" in str(excinfo.value) and "standaard" in str(excinfo.value)
    assert snapshot() == before


def test_known_theme_is_saved(site):
    run("--theme", "standaard")
    assert SteunpuntSettings.for_site(site).theme == "standaard"


def test_domain_and_name_are_applied(site):
    run("--domain", "steunpunt.swv-voorbeeld.nl", "--name", "SWV Voorbeeld", "--port", "443")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == ("steunpunt.swv-voorbeeld.nl", 443, "SWV Voorbeeld")
    assert SteunpuntSettings.for_site(site).swv_name == "SWV Voorbeeld"


def test_home_page_title_is_the_steunpunt_name_on_a_fresh_tree(db):
    """On an empty tree: Wagtail's welcome page is replaced, children get correct URLs."""
    from django.contrib.auth.models import Group  # noqa: F401  (roles need auth)

    from plugins.informatieset_sync.locking import allow_national_changes

    Site.objects.all().delete()
    with allow_national_changes():  # the informatieset's pages refuse deletion otherwise
        Page.objects.filter(depth__gt=1).delete()
    root = Page.get_first_root_node()
    welcome = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
    Site.objects.create(hostname="localhost", root_page=welcome, is_default_site=True)
    run("--steunpunt-name", "Steunpunt Rivierenland", "--name", "SWV Rivierenland")
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.title == "Steunpunt Rivierenland" and home.slug == "home"
    assert not Page.objects.filter(title__startswith="Welcome").exists()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    for page in Page.objects.live().filter(depth__gt=1):
        assert page.get_url() is not None, page.url_path
    assert ContactPage.objects.get(locale__language_code="nl").url == "/stel-je-vraag/"


def test_stale_url_paths_are_repaired(site, home):
    contact = ContactPage.objects.child_of(home).get()
    Page.objects.filter(pk=contact.pk).update(url_path="/home-steunpunt/stel-je-vraag/")
    assert Page.objects.get(pk=contact.pk).get_url() is None
    run()
    assert Page.objects.get(pk=contact.pk).get_url() == "/stel-je-vraag/"


def test_the_swv_municipalities_are_set_at_install_and_only_added(site):
    run("--gemeenten", "Zwolle, Kampen ,,Dalfsen")
    run("--gemeenten=Kampen,Hattem")
    assert set(Gemeente.objects.values_list("name", flat=True)) >= {"Zwolle", "Kampen", "Dalfsen", "Hattem"}
    assert Gemeente.objects.filter(name="Kampen").count() == 1
    with pytest.raises(CommandError, match="te lang"):
        run("--gemeenten", "x" * 101)
