"""Translation catalogues of the informatieset_sync plugin (plugins/informatieset_sync/locale).

The plugin carries its own catalogues; Django finds an installed app's
locale/ directory by itself. Every language the site offers needs a complete
catalogue (no empty or fuzzy entries, every plural form, the same placeholders
as the Dutch text, a compiled .mo that matches the .po), and a visitor on
/en/, /ar/ or /uk/ must see the informatieset pages' own labels in that
language instead of Dutch.

polib comes with wagtail-localize, so it is always installed.
"""

import re
from datetime import date
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from national_helpers import index_page, national_page
from plugin_catalogue_checks import (  # noqa: F401 - pytest runs the imported tests here
    test_catalogue_header_is_final,
    test_catalogue_is_complete_and_not_fuzzy,
    test_compiled_catalogue_matches_the_po_file,
    test_translations_keep_the_placeholders,
)

from plugins.informatieset_sync.models import InformatiesetThema

PLUGIN_LOCALE = Path(__file__).resolve().parents[3] / "plugins" / "informatieset_sync" / "locale"
CORE_LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


# Texts every visitor of the informatieset pages meets (not "Professionals":
# the English word is the same).
VISITOR_STRINGS = [
    "Landelijke informatie, gevalideerd op %(date)s door %(by)s",
    "Landelijke informatie",
    "In onze regio",
    "Ervaringen",
    "Voor wie",
    "Iedereen",
    "Alle thema's",
    "Toon informatie",
    "Alle filters wissen",
    "Informatie zoeken",
    "Ouders",
    "Jongeren",
    "Kinderen",
    "We hebben geen informatie gevonden die past bij uw keuze.",
]

# Shared msgids where the plugin means something else than the core. The core
# catalogue (LOCALE_PATHS) wins at runtime, so these show the core's text.
# "Voor" is the card label "for (audience)" here and "area served" in the core.
KNOWN_DIFFERENT_FROM_CORE: set[str] = set()


def po_path(lang):
    return PLUGIN_LOCALE / lang / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module", params=TRANSLATED)
def catalogue(request):
    lang = request.param
    path = po_path(lang)
    assert path.exists(), (
        f"no plugin catalogue for {lang}: run makemessages in plugins/informatieset_sync, see docs/translations.md"
    )
    return lang, path, polib.pofile(str(path))


def test_every_default_language_has_a_po_and_mo_file():
    for lang in ["en", "ar", "tr", "pl", "uk"]:
        assert po_path(lang).exists(), lang
        assert po_path(lang).with_suffix(".mo").exists(), lang


def test_shared_texts_agree_with_the_core_catalogue(catalogue):
    # Django lets the core catalogue win for a msgid both have; a different
    # plugin translation would never be shown and only mislead translators.
    lang, path, po = catalogue
    core = polib.pofile(str(CORE_LOCALE / lang / "LC_MESSAGES" / "django.po"))
    core_texts = {e.msgid: e.msgstr for e in core if not e.obsolete and not e.msgid_plural}
    differ = [
        (e.msgid, e.msgstr, core_texts[e.msgid])
        for e in po
        if not e.obsolete
        and not e.msgid_plural
        and e.msgid in core_texts
        and e.msgid not in KNOWN_DIFFERENT_FROM_CORE
        and e.msgstr != core_texts[e.msgid]
    ]
    assert not differ, f"{path}: differs from distro/locale: {differ}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_visitor_texts_are_translated_at_runtime(lang):
    with translation.override(lang):
        for text in VISITOR_STRINGS:
            assert translation.gettext(text) != text, f"{text!r} is not translated into {lang}"
        assert translation.ngettext("%(counter)s onderwerp", "%(counter)s onderwerpen", 5) != "%(counter)s onderwerpen"


def test_dutch_stays_dutch():
    with translation.override("nl"):
        for text in VISITOR_STRINGS:
            assert translation.gettext(text) == text


def test_arabic_and_ukrainian_plural_forms_of_the_listing_count():
    with translation.override("ar"):
        arabic = {
            n: translation.ngettext("%(counter)s onderwerp", "%(counter)s onderwerpen", n)
            for n in (0, 1, 2, 3, 11, 100)
        }
    assert len(set(arabic.values())) == 6, arabic
    assert arabic[1] == "موضوع واحد"
    with translation.override("uk"):
        ukrainian = [
            translation.ngettext("%(counter)s onderwerp", "%(counter)s onderwerpen", n) % {"counter": n}
            for n in (1, 3, 5, 21)
        ]
    assert ukrainian == ["1 тема", "3 теми", "5 тем", "21 тема"]


# --- What a visitor sees -----------------------------------------------------------


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def with_regional_additions(page):
    page = page.get_latest_revision_as_object()
    page.regional_body = [{"type": "paragraph", "value": "<p>Regional text.</p>"}]
    page.experiences = [
        {
            "type": "experience",
            "value": {"title": "Finally calm", "story": "<p>A school was found.</p>", "teller": "A father"},
        }
    ]
    page.save_revision().publish()
    return page


def item_page(home, lang):
    page = national_page(
        index_page(home, lang),
        title=f"Page in {lang}",
        slug=f"page-{lang}",
        validated_on=date(2026, 9, 1),
        validated_by="Redactie informatieset",
        body=[
            {"type": "paragraph", "value": "<p>National text.</p>"},
            {"type": "callout", "value": {"kind": "let-op", "text": "<p>Mind the date.</p>"}},
        ],
    )
    return with_regional_additions(page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,validated,regional,experiences,callout",
    [
        (
            "en",
            "National information, checked on 1 September 2026 by Redactie informatieset",
            "In our region",
            "Experiences",
            "Important",
        ),
        (
            "ar",
            "معلومات وطنية، تمت مراجعتها في 1 سبتمبر 2026 من قِبل Redactie informatieset",
            "في منطقتنا",
            "تجارب",
            "انتبه",
        ),
        ("uk", "Національна інформація. Дата перевірки:", "У нашому регіоні", "Досвід", "Увага"),
    ],
)
def test_item_page_labels_follow_the_visitors_language(client, home, lang, validated, regional, experiences, callout):
    page = item_page(home, lang)
    assert page.url.startswith(f"/{lang}/")
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(response)
    assert validated in text
    assert "Redactie informatieset" in text
    assert f'<h2 id="in-onze-regio">{regional}</h2>' in html
    assert f'<h2 id="ervaringen">{experiences}</h2>' in html
    assert f'<p class="callout__title">{callout}</p>' in html
    for dutch in ("gevalideerd op", "In onze regio", "Ervaringen", "Let op"):
        assert dutch not in text, f"{dutch!r} left in Dutch on /{lang}/"


@pytest.mark.django_db
def test_dutch_item_page_keeps_the_dutch_labels(client, home):
    page = item_page(home, "nl")
    html = client.get(page.url).content.decode()
    assert "Landelijke informatie, gevalideerd op 1 september 2026 door Redactie informatieset" in visible_text(
        client.get(page.url)
    )
    assert '<h2 id="in-onze-regio">In onze regio</h2>' in html
    assert '<p class="callout__title">Let op</p>' in html


@pytest.fixture
def theme(db):
    return InformatiesetThema.objects.create(
        code="zorgplicht",
        labels={"nl": "Zorgplicht", "en": "Duty of care", "ar": "واجب الرعاية", "uk": "Обов'язок піклування"},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "en",
            {
                "label_voor": "Who is it for",
                "label_thema": "Theme",
                "options": ["Everyone", "Parents", "Young people", "Children", "Professionals"],
                "all_themes": "All themes",
                "button": "Show information",
                "count": "2 topics",
                "filtered": "For: Parents.",
                "clear": "Clear all filters",
            },
        ),
        (
            "ar",
            {
                "label_voor": "لِمَن",
                "label_thema": "الموضوع",
                "options": ["الجميع", "أولياء الأمور", "الشباب", "الأطفال", "المختصون"],
                "all_themes": "كل المواضيع",
                "button": "اعرض المعلومات",
                "count": "موضوعان",
                "filtered": "لِمَن: أولياء الأمور.",
                "clear": "امسح كل الفلاتر",
            },
        ),
        (
            "uk",
            {
                "label_voor": "Для кого",
                "label_thema": "Тема",
                "options": ["Усі", "Батьки", "Молодь", "Діти", "Фахівці"],
                "all_themes": "Усі теми",
                "button": "Показати інформацію",
                "count": "2 теми",
                "filtered": "Для кого: Батьки.",
                "clear": "Очистити всі фільтри",
            },
        ),
    ],
)
def test_listing_filter_and_audience_labels_follow_the_visitors_language(client, home, theme, lang, expected):
    index = index_page(home, lang)
    national_page(index, title="First", slug="first", audiences=["ouders"], themes=["zorgplicht"])
    national_page(index, title="Second", slug="second", audiences=["jongeren"])
    response = client.get(index.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<label class="form__label" for="id_voor">{expected["label_voor"]}</label>' in html
    assert f'<label class="form__label" for="id_thema">{expected["label_thema"]}</label>' in html
    audience_select = re.search(r'<select name="voor".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", audience_select) == expected["options"]
    assert f'<option value="" selected>{expected["all_themes"]}</option>' in html
    assert f'<button type="submit" class="button">{expected["button"]}</button>' in html
    assert expected["count"] in visible_text(response)
    assert f"<dd>{expected['options'][1]}</dd>" in html  # the card of the page for parents
    assert "Ouders" not in html and "Toon informatie" not in html

    filtered = client.get(index.url, {"voor": "ouders"})
    assert expected["filtered"] in visible_text(filtered)
    assert expected["clear"] in visible_text(filtered)
    assert "Alle filters wissen" not in filtered.content.decode()
