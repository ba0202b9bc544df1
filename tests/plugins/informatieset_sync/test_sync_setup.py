"""setup_site and the informatieset: the "Informatie" page, its menu item and the first sync."""

import pytest
from django.conf import settings
from django.core.management import call_command
from feedfactory import make_feed, write_feed
from wagtail.models import Page, Revision

from distro.core.models import MainMenuItem, Navigatie
from plugins.informatieset_sync.locking import allow_national_changes
from plugins.informatieset_sync.models import InformatiesetIndexPage, InformatiesetPage, SyncRun, SyncState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def setup_site(*args):
    call_command("setup_site", *args, verbosity=0, stdout=open("/dev/null", "w"))


def main_menu(site):
    return list(Navigatie.for_site(site).main_menu_items.order_by("sort_order").select_related("page"))


def remove_informatie(site):
    with allow_national_changes():
        for page in InformatiesetIndexPage.objects.order_by("-depth"):
            page.delete()
    MainMenuItem.objects.filter(page__isnull=True).delete()


def test_the_site_has_informatie_in_every_language_last_in_the_menu(site, client):
    dutch = InformatiesetIndexPage.objects.get(locale__language_code="nl")
    assert dutch.live and dutch.title == "Informatie" and dutch.url == "/informatie/"
    assert "landelijke informatieset" in dutch.intro
    assert dutch.get_parent().pk == site.root_page_id
    translations = {p.locale.language_code: p for p in dutch.get_translations().live()}
    assert set(translations) == {code for code, _name in settings.LANGUAGES} - {"nl"}
    assert translations["ar"].url == "/ar/informatie/"
    assert client.get("/en/informatie/").status_code == 200
    assert main_menu(site)[-1].page_id == dutch.pk


def test_a_new_site_gets_informatie_at_the_end_of_the_menu_once(site):
    remove_informatie(site)
    before = [item.page_id for item in main_menu(site)]
    setup_site()
    dutch = InformatiesetIndexPage.objects.get(locale__language_code="nl")
    assert [item.page_id for item in main_menu(site)] == [*before, dutch.pk]
    assert InformatiesetIndexPage.objects.live().count() == len(settings.LANGUAGES)
    # Published in every language, also where the home page had no translation before.
    for page in InformatiesetIndexPage.objects.all():
        assert page.get_url() is not None and page.get_parent().live

    state = (
        sorted(Page.objects.values_list("url_path", "locale__language_code", "live")),
        Revision.objects.count(),
        list(MainMenuItem.objects.values_list("page_id", "sort_order")),
    )
    setup_site()
    assert (
        sorted(Page.objects.values_list("url_path", "locale__language_code", "live")),
        Revision.objects.count(),
        list(MainMenuItem.objects.values_list("page_id", "sort_order")),
    ) == state


def test_an_editor_who_removed_informatie_from_the_menu_keeps_it_removed(site):
    dutch = InformatiesetIndexPage.objects.get(locale__language_code="nl")
    MainMenuItem.objects.filter(page=dutch).delete()
    setup_site()
    assert dutch.pk not in [item.page_id for item in main_menu(site)]


def test_setup_syncs_the_configured_feed_once(site, settings, tmp_path):
    feed, assets = make_feed(n_keys=3, languages=("nl", "en"))
    settings.STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP = True
    settings.STEUNPUNT_INFORMATIESET_SOURCE = str(write_feed(tmp_path / "feed", feed, assets))
    setup_site()
    run = SyncRun.objects.get()
    assert run.trigger == SyncRun.Trigger.SETUP and run.status == SyncRun.Status.SUCCESS, run.error
    assert InformatiesetPage.objects.live().count() == 6
    # Running setup_site again (every upgrade does) leaves it to the periodic job.
    setup_site()
    assert SyncRun.objects.count() == 1
    # A new source (install.sh --informatieset-source) is synced at once.
    other, other_assets = make_feed(n_keys=4, languages=("nl",), revision=2)
    settings.STEUNPUNT_INFORMATIESET_SOURCE = str(write_feed(tmp_path / "other", other, other_assets))
    setup_site()
    assert SyncRun.objects.count() == 2
    assert SyncState.current().source == settings.STEUNPUNT_INFORMATIESET_SOURCE


def test_setup_syncs_the_bundled_set_by_default(site, settings):
    settings.STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP = True
    settings.STEUNPUNT_INFORMATIESET_SOURCE = ""
    setup_site()
    assert SyncRun.objects.get().status == SyncRun.Status.SUCCESS
    for code in ("nl", "en", "ar", "uk"):
        assert InformatiesetPage.objects.live().filter(locale__language_code=code).exists(), code


def test_a_failing_sync_does_not_break_setup_site(site, settings, tmp_path, capsys):
    settings.STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP = True
    settings.STEUNPUNT_INFORMATIESET_SOURCE = str(tmp_path / "er-is-niets.json")
    setup_site()
    assert "Waarschuwing" in capsys.readouterr().err
    run = SyncRun.objects.get()
    assert run.status == SyncRun.Status.FAILED and run.trigger == SyncRun.Trigger.SETUP
    assert not InformatiesetPage.objects.exists()
    # The next setup_site tries again, since nothing was ever applied.
    setup_site()
    assert SyncRun.objects.count() == 2


def test_no_sync_on_setup_when_switched_off(site, settings, tmp_path):
    settings.STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP = False
    setup_site()
    assert not SyncRun.objects.exists()
