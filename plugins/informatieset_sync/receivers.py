"""What the plugin adds to ``steunpunt setup_site``: the "Informatie" page and a first sync."""

from __future__ import annotations

import sys

from django.conf import settings
from django.db.models import Max

from distro.core.models import MainMenuItem, Navigatie
from distro.extensions import site_setup

from . import conf
from .locking import allow_national_changes
from .models import InformatiesetIndexPage, SyncRun, SyncState
from .sync import ensure_index_pages, run_sync, system_user


def setup_informatieset(signal, sender, home_page, site, demo=False, **kwargs):
    """Make "Informatie" (with its translations and a menu item) once; sync the set on a new site.

    Idempotent: a second run finds the page, and syncs only if no sync ever
    succeeded or the configured source changed.
    """
    created = not InformatiesetIndexPage.objects.filter(locale=home_page.locale, alias_of__isnull=True).exists()
    with allow_national_changes():
        # Translations now, as published pages: setup_site's own pass skips
        # pages that have translations, and synced items need a parent in
        # every language.
        pages = ensure_index_pages([code for code, _name in settings.LANGUAGES], home=home_page, user=system_user())
    if created:
        # Menus belong to the editors after the first run: only a new page joins the menu, at the end.
        navigatie = Navigatie.for_site(site)
        last = navigatie.main_menu_items.aggregate(last=Max("sort_order"))["last"]
        MainMenuItem.objects.create(navigatie=navigatie, page=pages["nl"], sort_order=0 if last is None else last + 1)

    if not conf.sync_on_setup():
        return
    state = SyncState.current()
    if state.pk and state.source == conf.source():
        return  # the periodic job keeps it current
    run = run_sync(trigger=SyncRun.Trigger.SETUP)
    if run.status == SyncRun.Status.FAILED:
        sys.stderr.write(
            f"Waarschuwing: de landelijke informatieset kon niet worden opgehaald ({run.error}). "
            "De site werkt wel; de synchronisatie probeert het later opnieuw.\n"
        )
    else:
        sys.stdout.write(
            f"Landelijke informatieset: revisie {run.revision}, {run.created} pagina's nieuw, {run.updated} bijgewerkt.\n"
        )


def connect():
    """Called by InformatiesetSyncConfig.ready()."""
    site_setup.connect(setup_informatieset, dispatch_uid="informatieset_sync_setup")
