""" "Aanvulling vertalen": translating the regional supplement of a synced national page from the admin.

The sync makes every language version itself, so wagtail-localize's own
"Translate this page" does not offer them. This action links the existing
pages through wagtail-localize, without creating a page or changing national text.
"""

import uuid
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from national_helpers import index_page, national_page
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from plugins.informatieset_sync.models import InformatiesetPage

NL_REGIONAL = "In onze regio helpt het steunpunt u verder."
EN_REGIONAL = "In our region the steunpunt helps you."
EN_NATIONAL = "<p>Every child gets a place at a school that suits them.</p>"
OWN_ENGLISH = "<p>Our own English note.</p>"


def action_url(page):
    return reverse("informatieset_regional_translation", args=[page.pk])


def national_values(page):
    return InformatiesetPage.objects.filter(pk=page.pk).values(*InformatiesetPage.NATIONAL_FIELDS).get()


def set_regional(page, html):
    page = InformatiesetPage.objects.get(pk=page.pk)
    page.regional_body = [{"type": "paragraph", "value": html}]
    page.save_revision().publish()
    return InformatiesetPage.objects.get(pk=page.pk)


@pytest.fixture
def pages(home):
    """A synced Dutch page with a regional supplement, and its synced English and Ukrainian versions."""
    key = uuid.uuid4()
    nl = national_page(index_page(home, "nl"), title="Wat is passend onderwijs?", slug="passend-onderwijs", key=key)
    en = national_page(
        index_page(home, "en"),
        title="What is inclusive education?",
        slug="inclusive-education",
        key=key,
        summary="About inclusive education.",
        body=[{"type": "paragraph", "value": EN_NATIONAL}],
    )
    uk = national_page(
        index_page(home, "uk"),
        title="Що таке інклюзивна освіта?",
        slug="inkliuzyvna-osvita",
        key=key,
        summary="Про інклюзивну освіту.",
        body=[{"type": "paragraph", "value": "<p>Кожна дитина отримує місце в школі.</p>"}],
    )
    nl = set_regional(nl, f"<p>{NL_REGIONAL}</p>")
    return nl, InformatiesetPage.objects.get(pk=en.pk), InformatiesetPage.objects.get(pk=uk.pk)


@pytest.fixture
def dutch_only(home):
    return national_page(index_page(home, "nl"), title="Alleen in het Nederlands", slug="alleen-nederlands")


def snapshot(*pages):
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "national": [national_values(page) for page in pages],
        "regional": [str(InformatiesetPage.objects.get(pk=page.pk).regional_body.raw_data) for page in pages],
        "page_revisions": [Revision.objects.for_instance(page).count() for page in pages],
    }


def page_state(page):
    state = snapshot(page)
    del state["pages"], state["revisions"]
    return state


# --- The button --------------------------------------------------------------------


def test_button_on_the_dutch_page_with_translations(client, redacteur, pages):
    nl, en, uk = pages
    client.force_login(redacteur)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[nl.pk])).content.decode()
    assert action_url(nl) in edit and "Aanvulling vertalen" in edit
    listing = client.get(reverse("wagtailadmin_explore", args=[nl.get_parent().pk])).content.decode()
    assert action_url(nl) in listing


def test_no_button_without_translations_or_in_another_language(client, redacteur, pages, dutch_only):
    nl, en, uk = pages
    client.force_login(redacteur)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[dutch_only.pk])).content.decode()
    assert "Aanvulling vertalen" not in edit
    assert (
        action_url(dutch_only)
        not in client.get(reverse("wagtailadmin_explore", args=[dutch_only.get_parent().pk])).content.decode()
    )
    en_edit = client.get(reverse("wagtailadmin_pages:edit", args=[en.pk])).content.decode()
    assert "Aanvulling vertalen" not in en_edit and action_url(en) not in en_edit
    en_listing = client.get(reverse("wagtailadmin_explore", args=[en.get_parent().pk])).content.decode()
    assert action_url(en) not in en_listing and action_url(nl) not in en_listing


def test_no_button_for_a_user_who_cannot_edit(client, bestuurder, pages):
    nl, en, uk = pages
    client.force_login(bestuurder)
    response = client.get(reverse("wagtailadmin_explore", args=[nl.get_parent().pk]))
    assert action_url(nl) not in response.content.decode()


# --- The form and linking ---------------------------------------------------------


def test_form_offers_the_existing_translations_in_dutch(client, redacteur, pages, dutch_only):
    nl, en, uk = pages
    en = set_regional(en, OWN_ENGLISH)
    client.force_login(redacteur)
    html = client.get(action_url(nl)).content.decode()
    assert "Naar welke talen wilt u de aanvulling vertalen?" in html
    assert f'value="{en.locale_id}"' in html and f'value="{uk.locale_id}"' in html
    assert "Engels" in html and "Oekraïens" in html
    # Arabic is a site language, but this page has no Arabic version.
    arabic = Locale.objects.get(language_code="ar")
    assert f'value="{arabic.pk}"' not in html
    # The English page has its own supplement, which a published translation replaces.
    assert "heeft al een eigen aanvulling" in html


def test_linking_creates_no_page_and_changes_no_text(client, redacteur, pages):
    nl, en, uk = pages
    before = snapshot(nl, en, uk)
    client.force_login(redacteur)
    response = client.post(action_url(nl), {"locales": [en.locale_id, uk.locale_id]})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[en.pk])
    assert snapshot(nl, en, uk) == before
    source = TranslationSource.objects.get(object_id=nl.translation_key, locale=nl.locale)
    assert set(Translation.objects.filter(source=source, enabled=True).values_list("target_locale_id", flat=True)) == {
        en.locale_id,
        uk.locale_id,
    }
    # Only the regional supplement is there to translate.
    texts = [segment.string.data for segment in StringSegment.objects.filter(source=source)]
    assert texts == [NL_REGIONAL]
    assert InformatiesetPage.objects.get(pk=en.pk).live


def test_only_the_chosen_languages_are_linked(client, redacteur, pages):
    nl, en, uk = pages
    client.force_login(redacteur)
    response = client.post(action_url(nl), {"locales": [uk.locale_id]})
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[uk.pk])
    assert list(
        Translation.objects.filter(source__object_id=nl.translation_key).values_list("target_locale_id", flat=True)
    ) == [uk.locale_id]


def test_translate_and_publish_updates_only_the_english_supplement(client, redacteur, pages):
    nl, en, uk = pages
    en_national = national_values(en)
    nl_national = national_values(nl)
    uk_before = page_state(uk)
    client.force_login(redacteur)
    response = client.post(action_url(nl), {"locales": [en.locale_id, uk.locale_id]}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    # wagtail-localize's translation editor replaced the English page's edit view.
    assert "header-meta--locales" in html and NL_REGIONAL in html
    assert "De aanvulling staat klaar om te vertalen" in html

    # Translate the string as the editor's script does, then publish.
    translation = Translation.objects.get(source__object_id=nl.translation_key, target_locale=en.locale)
    segment = StringSegment.objects.get(source=translation.source)
    put = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": EN_REGIONAL}),
        content_type="application/x-www-form-urlencoded",
    )
    assert put.status_code == 201
    response = client.post(reverse("wagtailadmin_pages:edit", args=[en.pk]), {"action": "publish"})
    assert response.status_code == 302

    en = InformatiesetPage.objects.get(pk=en.pk)
    assert EN_REGIONAL in str(en.regional_body.raw_data)
    assert national_values(en) == en_national
    assert EN_NATIONAL in str(en.national_body.raw_data)
    assert national_values(nl) == nl_national
    assert page_state(uk) == uk_before
    public = client.get(en.url).content.decode()
    assert "Every child gets a place" in public and EN_REGIONAL in public
    assert NL_REGIONAL not in public


def test_linking_again_brings_a_changed_dutch_supplement_to_the_translator(client, redacteur, pages):
    nl, en, uk = pages
    client.force_login(redacteur)
    client.post(action_url(nl), {"locales": [en.locale_id]})
    nl = set_regional(nl, "<p>Nieuw: het steunpunt houdt elke dinsdag spreekuur.</p>")
    before = snapshot(nl, en, uk)
    translations = Translation.objects.count()

    html = client.get(action_url(nl)).content.decode()
    assert "Al klaargezet" in html
    response = client.post(action_url(nl), {"locales": [en.locale_id]})
    assert response.status_code == 302
    assert snapshot(nl, en, uk) == before
    assert Translation.objects.count() == translations
    source = TranslationSource.objects.get(object_id=nl.translation_key, locale=nl.locale)
    texts = [segment.string.data for segment in StringSegment.objects.filter(source=source)]
    assert texts == ["Nieuw: het steunpunt houdt elke dinsdag spreekuur."]
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[en.pk])).content.decode()
    assert "elke dinsdag spreekuur" in editor


# --- Refusals ----------------------------------------------------------------------


def test_users_who_cannot_edit_get_403_and_nothing_changes(client, bestuurder, steunpunt_medewerker, pages):
    nl, en, uk = pages
    before = snapshot(nl, en, uk)
    for user in (bestuurder, steunpunt_medewerker):
        client.force_login(user)
        assert client.get(action_url(nl)).status_code == 403
        assert client.post(action_url(nl), {"locales": [en.locale_id]}).status_code == 403
    assert snapshot(nl, en, uk) == before
    assert not TranslationSource.objects.filter(object_id=nl.translation_key).exists()


def test_not_for_translations_or_other_pages(client, redacteur, pages, home):
    nl, en, uk = pages
    client.force_login(redacteur)
    assert client.post(action_url(en), {"locales": [nl.locale_id]}).status_code == 403
    assert client.get(reverse("informatieset_regional_translation", args=[home.pk])).status_code == 404
    assert not TranslationSource.objects.filter(object_id=nl.translation_key).exists()


@pytest.mark.parametrize("choice", ["arabic", "dutch", "nonsense", "none"])
def test_invalid_choice_gives_a_dutch_error_and_changes_nothing(client, redacteur, pages, choice):
    nl, en, uk = pages
    values = {
        "arabic": [Locale.objects.get(language_code="ar").pk],  # a site language without this page
        "dutch": [nl.locale_id],  # the source itself
        "nonsense": ["abc"],
        "none": [],
    }[choice]
    before = snapshot(nl, en, uk)
    client.force_login(redacteur)
    response = client.post(action_url(nl), {"locales": values})
    assert response.status_code == 200
    html = response.content.decode()
    expected = "Kies minstens één taal." if choice == "none" else "U kunt alleen kiezen uit de talen in de lijst."
    assert expected in html
    assert snapshot(nl, en, uk) == before
    assert not TranslationSource.objects.filter(object_id=nl.translation_key).exists()
    assert not Translation.objects.filter(source__object_id=nl.translation_key).exists()
