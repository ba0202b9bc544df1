"""The informatieset's public pages in a real browser: axe-core WCAG 2.1 A/AA, reflow and the keyboard.

Pages are built with the test helpers (national_helpers), so these tests do
not depend on the sync; one last test syncs the bundled feed and checks its
Arabic and Ukrainian pages. Each live-server test rebuilds the demo site, so a
test visits many pages rather than one.
"""

import sys
from datetime import date
from pathlib import Path

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from distro.core.models import SteunpuntSettings
from distro.testing.browser import FOCUS, problems_on, tab_until

# The page-building helpers live with the plugin's own tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins" / "informatieset_sync"))
from national_helpers import index_page, national_page  # noqa: E402

from plugins.informatieset_sync.models import InformatiesetThema  # noqa: E402

pytestmark = pytest.mark.browser

LANGUAGES = [("nl", "", "ltr"), ("en", "/en", "ltr"), ("ar", "/ar", "rtl")]

TEXT = {
    "nl": ("Wat is passend onderwijs?", "passend-onderwijs", "Elk kind krijgt onderwijs dat past.", "Zorgplicht"),
    "en": (
        "What is inclusive education?",
        "inclusive-education",
        "Every child gets education that fits.",
        "Duty of care",
    ),
    "ar": ("ما هو التعليم المناسب؟", "passend-onderwijs", "يحصل كل طفل على تعليم يناسبه.", "واجب الرعاية"),
}


def every_block(image, other_key):
    """National text with each block type of feed v1, and a link to another item."""
    return [
        {"type": "heading", "value": {"text": "Kop op niveau twee", "level": "2"}},
        {
            "type": "paragraph",
            "value": f'<p>Tekst met <strong>nadruk</strong>, <a href="https://example.org/">een link</a> en <a linktype="informatieset" key="{other_key}">een andere pagina</a>.</p>',
        },
        {"type": "heading", "value": {"text": "Kop op niveau drie", "level": "3"}},
        {
            "type": "faq",
            "value": [
                {"question": "Wie beslist?", "answer": "<p>De school, samen met u.</p>"},
                {"question": "Kost het geld?", "answer": "<p>Nee.</p>"},
            ],
        },
        {"type": "callout", "value": {"kind": "info", "text": "<p>Goed om te weten.</p>"}},
        {"type": "callout", "value": {"kind": "tip", "text": "<p>Neem iemand mee naar het gesprek.</p>"}},
        {"type": "callout", "value": {"kind": "let-op", "text": "<p>Reageer binnen zes weken.</p>"}},
        {
            "type": "steps",
            "value": [
                {"title": "Aanmelden", "text": "<p>Schriftelijk, bij de school.</p>"},
                {"title": "Onderzoek", "text": "<p>De school kijkt wat nodig is.</p>"},
            ],
        },
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt": "Een moeder praat met een leerkracht",
                "decorative": False,
                "caption": "Een gesprek op school",
            },
        },
        {"type": "image", "value": {"image": image.pk, "alt": "", "decorative": True, "caption": ""}},
        {"type": "regional_contact", "value": None},
    ]


def build_informatieset(home):
    """An "Informatie" page with two subjects in nl, en and ar; the first has every block type,
    a regional supplement, an experience story and a sub-page. Returns the paths per language."""
    InformatiesetThema.objects.create(
        code="zorgplicht", labels={"nl": "Zorgplicht", "en": "Duty of care", "ar": "واجب الرعاية"}
    )
    image = Image.objects.create(title="Gesprek", file=get_test_image_file())
    paths = {}
    keys = {}
    for language, _prefix, _direction in LANGUAGES:
        title, slug, summary, other_title = TEXT[language]
        index = index_page(home, language)
        other = national_page(
            index,
            title=other_title,
            slug="zorgplicht",
            key=keys.get("other"),
            feed_position=2,
            audiences=["ouders", "professionals"],
            themes=["zorgplicht"],
        )
        keys.setdefault("other", other.translation_key)
        page = national_page(
            index,
            title=title,
            slug=slug,
            summary=summary,
            key=keys.get("main"),
            feed_position=1,
            audiences=["ouders", "jongeren"],
            themes=["zorgplicht"],
            validated_on=date(2026, 9, 1),
            body=every_block(image, keys["other"]),
        )
        keys.setdefault("main", page.translation_key)
        national_page(page, title=f"{title} (2)", slug="meer", audiences=["jongeren"], themes=["zorgplicht"])
        page = page.get_latest_revision_as_object()
        page.regional_body = [
            {"type": "paragraph", "value": "<p>In onze regio helpt de onderwijsconsulent ook.</p>"},
            {
                "type": "callout",
                "value": {"kind": "tip", "title": "Spreekuur", "text": "<p>Elke woensdag in de bibliotheek.</p>"},
            },
        ]
        page.experiences = [
            {
                "type": "experience",
                "value": {
                    "title": "Eindelijk een plek",
                    "story": "<p>Mijn zoon zit nu op een school die past.</p>",
                    "teller": "Een moeder uit de regio",
                },
            }
        ]
        page.save_revision().publish()
        paths[language] = {"index": index.url, "page": page.url}
    return paths


@pytest.mark.parametrize("theme", ["standaard", "groot-en-duidelijk"])
def test_informatieset_pages_pass_axe_in_every_language_and_theme(visit, home, theme):
    settings = SteunpuntSettings.for_site(Site.objects.get(is_default_site=True))
    settings.theme = theme
    settings.save()
    paths = build_informatieset(home)
    page = visit.page
    problems = []
    for language, _prefix, direction in LANGUAGES:
        views = [
            ("index", paths[language]["index"], 2),
            ("index, gefilterd", paths[language]["index"] + "?voor=jongeren&thema=zorgplicht", 2),
            ("index, niets gevonden", paths[language]["index"] + "?voor=kinderen", 0),
            ("pagina met alle blokken", paths[language]["page"], None),
        ]
        for what, path, cards in views:
            what = f"{theme}, {language}, {what}"
            visit.goto(path)
            html = page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), what
            assert f"steunpunt-theme--{theme}" in html.get_attribute("class"), what
            if cards is not None:
                assert page.locator(".card").count() == cards, what
            else:
                assert page.locator("details.faq__item").count() == 2, what
                assert page.locator(".informatieset-regional").count() == 1, what
                assert page.locator(".experience").count() == 1, what
                # An open disclosure too: its answer is checked with the rest.
                page.locator("summary.faq__question").first.click()
            problems += problems_on(visit, what)
    assert problems == []
    assert visit.foreign_requests == []
    assert visit.csp_violations == []


def test_keyboard_filters_the_listing_and_opens_a_question(visit, home):
    paths = build_informatieset(home)
    page = visit.page
    visit.goto(paths["nl"]["index"])

    # Tab to the audience filter, choose "Jongeren" by typing, tab to the button, submit.
    tab_until(page, lambda f: f["id"] == "id_voor")
    page.keyboard.type("Jongeren")
    assert page.locator("#id_voor").input_value() == "jongeren"
    focused = tab_until(page, lambda f: f["tag"] == "BUTTON", limit=3)
    assert focused["text"] == "Toon informatie"
    with page.expect_navigation(timeout=30_000):  # a POST on a busy machine (CI runs two suites)
        page.keyboard.press("Enter")
    assert page.url.endswith("?voor=jongeren&thema=")
    # The sub-page for young people is found too.
    assert page.locator(".card__title").all_inner_texts() == [
        "Wat is passend onderwijs?",
        "Wat is passend onderwijs? (2)",
    ]
    assert page.locator(".results-count").inner_text() == "2 pagina's gevonden"

    # The clear link is next in the tab order after the button.
    tab_until(page, lambda f: f["text"] == "Toon informatie")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS)["text"] == "Alle filters wissen"

    # On the page: Tab to the first question, open it with Enter, close it with Space.
    visit.goto(paths["nl"]["page"])
    question = page.locator("details.faq__item").first
    assert question.get_attribute("open") is None
    assert not page.get_by_text("De school, samen met u.").is_visible()
    tab_until(page, lambda f: f["tag"] == "SUMMARY")
    assert page.evaluate(FOCUS)["text"] == "Wie beslist?"
    page.keyboard.press("Enter")
    assert question.get_attribute("open") is not None
    assert page.get_by_text("De school, samen met u.").is_visible()
    page.keyboard.press(" ")
    assert question.get_attribute("open") is None


def test_synced_bundled_informatieset_in_arabic_and_ukrainian_passes_axe(visit, home):
    sync = pytest.importorskip("plugins.informatieset_sync.sync")
    run = sync.run_sync(source=None)
    assert run.status == "success", run.error
    from plugins.informatieset_sync.models import InformatiesetIndexPage, InformatiesetPage

    page = visit.page
    problems = []
    for language, direction in [("ar", "rtl"), ("uk", "ltr")]:
        index = InformatiesetIndexPage.objects.get(locale__language_code=language)
        items = list(InformatiesetPage.objects.live().filter(locale__language_code=language).order_by("path"))
        assert len(items) >= 5, f"the bundled set has at least five {language} pages"
        # The index, a filtered index and every page in the language.
        for what, path in [("index", index.url), ("index, gefilterd", index.url + "?voor=ouders")] + [
            (item.slug, item.url) for item in items
        ]:
            visit.goto(path)
            html = page.locator("html")
            assert (html.get_attribute("lang"), html.get_attribute("dir")) == (language, direction), path
            problems += problems_on(visit, f"{language}, {what}")
    assert problems == []
    assert visit.foreign_requests == []
