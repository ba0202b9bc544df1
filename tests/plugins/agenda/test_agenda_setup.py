"""setup_site: the "Agenda" page, its menu item at the end, and the demo meetings; safe to run again."""

import pytest
from django.conf import settings
from django.core.management import call_command

from distro.core.models import MainMenuItem, Navigatie
from distro.extensions import site_setup
from plugins.agenda import listing
from plugins.agenda.models import AgendaIndexPage, Bezetting, Bijeenkomst
from plugins.agenda.receivers import demo_meetings, setup_agenda

pytestmark = pytest.mark.django_db


def run_setup_site():
    call_command("setup_site", "--demo", verbosity=0, stdout=open("/dev/null", "w"))


def test_agenda_page_menu_item_and_demo_meetings(site, home):
    index = AgendaIndexPage.objects.child_of(home).get()
    assert index.live and index.slug == "agenda" and index.title == "Agenda"
    items = MainMenuItem.objects.filter(navigatie__site=site, page=index)
    assert items.count() == 1
    meetings = {b.slug: b for b in Bijeenkomst.objects.child_of(index).live()}
    assert set(meetings) == {spec["slug"] for spec in demo_meetings()}
    kinds = {slug: listing.stand(b).kind for slug, b in meetings.items()}
    assert kinds == {
        "passend-onderwijs-hoe-werkt-het": "plaatsen",
        "naar-het-voortgezet-onderwijs": "wachtlijst",
        "online-het-opp": "open",
        "cursus-samen-sterk-voor-je-kind": "plaatsen",
        "spreekuur-voor-jongeren": "afgelast",
        "thuiszitten-voorkomen": "voorbij",
    }
    assert meetings["cursus-samen-sterk-voor-je-kind"].sessies.count() == 3
    assert meetings["online-het-opp"].online and meetings["online-het-opp"].meeting_link
    # Every language has an agenda page (copied by setup_site for translation).
    assert AgendaIndexPage.objects.filter(translation_key=index.translation_key).count() == len(settings.LANGUAGES)


def test_setup_site_again_changes_nothing(site, home):
    index = AgendaIndexPage.objects.child_of(home).get()
    edited = Bijeenkomst.objects.child_of(index).get(slug="online-het-opp")
    edited.title = "Door de redacteur aangepast"
    edited.save_revision().publish()
    before = (
        AgendaIndexPage.objects.count(),
        Bijeenkomst.objects.count(),
        MainMenuItem.objects.filter(navigatie__site=site).count(),
        list(Bezetting.objects.order_by("pk").values_list("confirmed", "waiting")),
    )
    run_setup_site()
    run_setup_site()
    after = (
        AgendaIndexPage.objects.count(),
        Bijeenkomst.objects.count(),
        MainMenuItem.objects.filter(navigatie__site=site).count(),
        list(Bezetting.objects.order_by("pk").values_list("confirmed", "waiting")),
    )
    assert after == before
    assert Bijeenkomst.objects.get(pk=edited.pk).title == "Door de redacteur aangepast"


def test_new_agenda_page_joins_the_main_menu_last(site, home):
    AgendaIndexPage.objects.all().delete()
    navigatie = Navigatie.for_site(site)
    before = list(navigatie.main_menu_items.order_by("sort_order").values_list("page_id", flat=True))
    setup_agenda(signal=site_setup, sender=None, home_page=home, site=site, demo=False)
    index = AgendaIndexPage.objects.child_of(home).get()
    items = list(navigatie.main_menu_items.order_by("sort_order").values_list("page_id", flat=True))
    assert items == before + [index.pk]
    assert not Bijeenkomst.objects.child_of(index).exists(), "no demo meetings without --demo"

    # A second run adds nothing; a menu the editors emptied stays empty.
    navigatie.main_menu_items.all().delete()
    setup_agenda(signal=site_setup, sender=None, home_page=home, site=site, demo=True)
    setup_agenda(signal=site_setup, sender=None, home_page=home, site=site, demo=True)
    assert not navigatie.main_menu_items.exists()
    assert AgendaIndexPage.objects.child_of(home).count() == 1
    assert Bijeenkomst.objects.child_of(index).count() == len(demo_meetings())


def test_menu_shows_agenda(client, site):
    from bs4 import BeautifulSoup

    html = BeautifulSoup(client.get("/").content, "html.parser")
    links = [
        (a.get_text(strip=True), a["href"]) for a in html.find("nav", attrs={"aria-label": "Hoofdmenu"}).find_all("a")
    ]
    assert ("Agenda", "/agenda/") in links
