"""The language copies made at install can be translated with wagtail-localize, and a translation starts as a draft."""

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation
from wagtail_localize.operations import translate_object

from distro.core.models import ContentPage
from distro.core.translation_links import link_language_copies

pytestmark = pytest.mark.django_db


def copies_without_translation():
    known = set(Translation.objects.values_list("source__object_id", "target_locale_id"))
    copies = Page.objects.filter(depth__gt=1).exclude(locale__language_code="nl")
    # National pages (informatieset) get their languages from the feed: they say so on their model.
    return [
        p
        for p in copies
        if (p.translation_key, p.locale_id) not in known and getattr(p.specific_class, "localize_link_copies", True)
    ]


def test_every_copy_made_at_install_opens_in_the_translation_editor(client, site, redacteur):
    assert Page.objects.filter(locale__language_code="ar").exists()
    assert copies_without_translation() == []

    arabic_home = Page.objects.get(depth=2, locale__language_code="ar")
    client.force_login(redacteur)
    response = client.get(f"/admin/pages/{arabic_home.pk}/edit/")
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]


def test_the_command_fixes_an_existing_site_and_then_has_nothing_to_do(site):
    Translation.objects.all().delete()
    assert copies_without_translation()

    call_command("link_translations", stdout=open("/dev/null", "w"))

    assert copies_without_translation() == []
    assert link_language_copies() == 0


def test_a_translation_someone_stopped_syncing_stays_stopped(site):
    arabic_home = Page.objects.get(depth=2, locale__language_code="ar")
    translation = Translation.objects.get(
        source__object_id=arabic_home.translation_key, target_locale=arabic_home.locale
    )
    translation.enabled = False
    translation.save()

    link_language_copies()

    translation.refresh_from_db()
    assert translation.enabled is False


def test_a_new_translation_is_a_draft_until_someone_publishes_it(site, home, redacteur):
    page = home.add_child(instance=ContentPage(title="Nieuw hier", slug="nieuw-hier"))
    page.save_revision().publish()
    arabic = Locale.objects.get(language_code="ar")

    translate_object(page, [arabic], user=redacteur)

    copy = page.get_translation(arabic)
    assert copy.live is False
    assert copy.has_unpublished_changes
