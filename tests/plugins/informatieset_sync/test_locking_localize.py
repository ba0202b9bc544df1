"""wagtail-localize and national pages: regional supplements are translatable, national text is not.

National translations come from the feed, so "Translate this page" must never
make a copy of a national page. When the translation exists already (both
pages synced, same translation_key), translating the Dutch regional
supplement updates only the English page's regional supplement.
"""

import uuid

import pytest
from django.urls import reverse
from national_helpers import index_page, national_page
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from plugins.informatieset_sync.models import InformatiesetPage

EN_TEXT = "<p>Every child gets a place at a school that suits them.</p>"


@pytest.fixture
def pair(home):
    """A synced Dutch page and its synced English translation, the Dutch one with a regional supplement."""
    key = uuid.uuid4()
    nl = national_page(index_page(home, "nl"), title="Wat is passend onderwijs?", slug="passend-onderwijs", key=key)
    en = national_page(
        index_page(home, "en"),
        title="What is inclusive education?",
        slug="inclusive-education",
        key=key,
        summary="About inclusive education.",
        body=[{"type": "paragraph", "value": EN_TEXT}],
    )
    page = InformatiesetPage.objects.get(pk=nl.pk)
    page.regional_body = [{"type": "paragraph", "value": "<p>In onze regio helpt het steunpunt u verder.</p>"}]
    page.save_revision().publish()
    return InformatiesetPage.objects.get(pk=nl.pk), InformatiesetPage.objects.get(pk=en.pk)


def submit_for_translation(user, page, locale):
    from wagtail_localize.operations import TranslationCreator

    TranslationCreator(user, [locale]).create_translations(InformatiesetPage.objects.get(pk=page.pk))


def national_values(page):
    return InformatiesetPage.objects.filter(pk=page.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get()


def test_only_regional_fields_are_translatable():
    names = [field.field_name for field in InformatiesetPage.translatable_fields]
    assert names == ["regional_body", "experiences"]


def test_submitting_into_a_locale_without_the_national_page_creates_no_copy(client, superuser, home, pair):
    nl, en = pair
    uk = Locale.objects.get_or_create(language_code="uk")[0]
    pages = Page.objects.count()
    revisions = Revision.objects.count()
    # The core pages' language copies made at install have Translation records of their own.
    translations = Translation.objects.filter(target_locale=uk).count()
    client.force_login(superuser)
    url = reverse("wagtail_localize:submit_page_translation", args=[nl.pk])
    client.get(url)
    response = client.post(url, {"locales": [uk.pk], "include_subtree": "on"})
    assert response.status_code in (200, 302, 403)
    assert Page.objects.count() == pages
    assert not InformatiesetPage.objects.filter(locale=uk).exists()
    assert Revision.objects.count() == revisions
    assert Translation.objects.filter(target_locale=uk).count() == translations


def test_translating_the_regional_supplement_keeps_the_english_national_text(client, superuser, home, pair):
    nl, en = pair
    en_locale = en.locale
    en_national = national_values(en)
    nl_national = national_values(nl)
    pages = Page.objects.count()
    client.force_login(superuser)

    # wagtail-localize's "Translate this page" form does not offer English,
    # because the page exists there already (the synced translation) ...
    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[nl.pk]))
    assert f'value="{en_locale.pk}"' not in response.content.decode()
    # ... so the link between the two is made through its API.
    submit_for_translation(superuser, nl, en_locale)
    assert Page.objects.count() == pages
    translation = Translation.objects.get(source__object_id=nl.translation_key, target_locale=en_locale)
    assert national_values(en) == en_national

    # Only the regional supplement is offered to the translator.
    segments = StringSegment.objects.filter(source=translation.source)
    texts = [segment.string.data for segment in segments]
    assert texts and all("regio" in text for text in texts), texts
    assert not any("Elk kind" in text or "passend onderwijs" in text.lower() for text in texts)

    for segment in segments:
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=en_locale,
            context=segment.context,
            data="In our region the steunpunt helps you.",
        )

    # The translation editor replaces the English page's edit view; publish from there.
    edit_url = reverse("wagtailadmin_pages:edit", args=[en.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302

    en = InformatiesetPage.objects.get(pk=en.pk)
    assert "In our region the steunpunt helps you." in str(en.regional_body)
    assert national_values(en) == en_national
    assert en.title == "What is inclusive education?" and EN_TEXT in str(en.national_body.raw_data)
    assert en.live and en.locale == en_locale
    assert national_values(nl) == nl_national
    assert Page.objects.count() == pages

    # The public English page shows the English national text with the translated supplement.
    html = client.get(en.url).content.decode()
    assert "Every child gets a place" in html and "In our region the steunpunt helps you." in html
    assert "Elk kind krijgt" not in html


def test_convert_to_alias_refused(client, superuser, home, pair):
    """Turning the synced English page into an alias of the Dutch one would replace its national text."""
    nl, en = pair
    client.force_login(superuser)
    submit_for_translation(superuser, nl, en.locale)
    en_national = national_values(en)
    url = reverse("wagtail_localize:convert_to_alias", args=[en.pk])
    response = client.post(url)
    assert response.status_code in (302, 403)
    en = InformatiesetPage.objects.get(pk=en.pk)
    assert en.alias_of_id is None
    assert national_values(en) == en_national


def test_sync_translated_pages_keeps_national_text(client, superuser, home, pair):
    """wagtail-localize's "Sync translated pages" (update translations) after a Dutch regional change."""
    nl, en = pair
    client.force_login(superuser)
    submit_for_translation(superuser, nl, en.locale)
    en_national = national_values(en)
    page = InformatiesetPage.objects.get(pk=nl.pk)
    page.regional_body = [{"type": "paragraph", "value": "<p>Nieuw in onze regio.</p>"}]
    page.save_revision().publish()
    source = TranslationSource.objects.get(object_id=nl.translation_key)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    assert national_values(en) == en_national
    assert InformatiesetPage.objects.filter(translation_key=nl.translation_key).count() == 2
