"""The public pages of the informatieset: the "Informatie" listing with its filters and the item pages."""

import re
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from national_helpers import index_page, national_page
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from distro.core.models import SteunpuntSettings
from plugins.informatieset_sync.locking import allow_national_changes
from plugins.informatieset_sync.models import InformatiesetThema

pytestmark = pytest.mark.django_db


def card_titles(response):
    """The titles of the listed pages, in the order a visitor sees them."""
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a></h3>', html)


def text(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def themes(db):
    return {
        "zorgplicht": InformatiesetThema.objects.create(
            code="zorgplicht", labels={"nl": "Zorgplicht", "en": "Duty of care"}, sort_order=1
        ),
        "aanmelden": InformatiesetThema.objects.create(
            code="aanmelden", labels={"nl": "Aanmelden", "en": "Applying"}, sort_order=2
        ),
    }


@pytest.fixture
def listing(home, themes):
    """An informatieset of four top-level pages (one with a sub-page), not in alphabetical feed order."""
    index = index_page(home)
    pages = {
        "school": national_page(
            index, title="Een school kiezen", feed_position=3, audiences=["ouders"], themes=["aanmelden"]
        ),
        "zorg": national_page(
            index, title="Zorgplicht", feed_position=1, audiences=["ouders", "professionals"], themes=["zorgplicht"]
        ),
        "jong": national_page(
            index, title="Jouw school", feed_position=2, audiences=["jongeren"], themes=["zorgplicht", "aanmelden"]
        ),
        "kind": national_page(index, title="Hulp in de klas", feed_position=4, audiences=["kinderen"], themes=[]),
    }
    pages["sub"] = national_page(
        pages["zorg"],
        title="Zorgplicht bij aanmelden",
        feed_position=1,
        audiences=["ouders"],
        themes=["zorgplicht", "aanmelden"],
    )
    return index, pages


# --- The listing -------------------------------------------------------------


def test_index_lists_top_level_pages_in_feed_order_with_summary_and_audiences(client, listing):
    index, pages = listing
    response = client.get(index.url)
    assert response.status_code == 200
    assert card_titles(response) == ["Zorgplicht", "Jouw school", "Een school kiezen", "Hulp in de klas"]
    visible = text(response)
    assert "4 onderwerpen" in visible
    assert "Uitleg over passend onderwijs." in visible
    assert "Voor wie Ouders, Professionals" in visible
    assert "Thema's Zorgplicht, Aanmelden" in visible
    # Sub-pages are found through their parent, not in the unfiltered list.
    assert "Zorgplicht bij aanmelden" not in card_titles(response)


def test_index_ties_in_feed_position_are_ordered_by_title(client, home):
    index = index_page(home)
    national_page(index, title="Bbb", feed_position=1)
    national_page(index, title="Aaa", feed_position=1)
    national_page(index, title="Ccc", feed_position=0)
    assert card_titles(client.get(index.url)) == ["Ccc", "Aaa", "Bbb"]


def test_index_leaves_out_unpublished_pages(client, listing):
    index, pages = listing
    with allow_national_changes():
        pages["kind"].unpublish()
    assert "Hulp in de klas" not in card_titles(client.get(index.url))
    assert "Hulp in de klas" not in card_titles(client.get(index.url, {"voor": "kinderen"}))


def test_audience_filter_narrows_the_list_and_searches_the_whole_set(client, listing):
    index, pages = listing
    response = client.get(index.url, {"voor": "ouders"})
    assert card_titles(response) == ["Zorgplicht", "Een school kiezen", "Zorgplicht bij aanmelden"]
    visible = text(response)
    assert "3 pagina's gevonden" in visible
    assert "Voor: Ouders." in visible
    assert card_titles(client.get(index.url, {"voor": "jongeren"})) == ["Jouw school"]
    assert card_titles(client.get(index.url, {"voor": "professionals"})) == ["Zorgplicht"]


def test_theme_filter_narrows_the_list(client, listing):
    index, pages = listing
    response = client.get(index.url, {"thema": "aanmelden"})
    assert card_titles(response) == ["Jouw school", "Een school kiezen", "Zorgplicht bij aanmelden"]
    assert "Thema: Aanmelden." in text(response)
    assert card_titles(client.get(index.url, {"thema": "zorgplicht"})) == [
        "Zorgplicht",
        "Jouw school",
        "Zorgplicht bij aanmelden",
    ]


def test_combined_filters_need_both(client, listing):
    index, pages = listing
    response = client.get(index.url, {"voor": "ouders", "thema": "aanmelden"})
    assert card_titles(response) == ["Een school kiezen", "Zorgplicht bij aanmelden"]
    assert "Voor: Ouders. Thema: Aanmelden." in text(response)


def test_filter_with_no_results_says_so_and_offers_to_clear(client, listing):
    index, pages = listing
    response = client.get(index.url, {"voor": "kinderen", "thema": "zorgplicht"})
    assert card_titles(response) == []
    visible = text(response)
    assert "0 pagina's gevonden" in visible
    assert "We hebben geen informatie gevonden die past bij uw keuze." in visible
    html = response.content.decode()
    assert f'<a href="{index.url}">Alle filters wissen en alles tonen</a>' in html


def test_filter_form_works_without_javascript_and_keeps_the_choice(client, listing):
    index, pages = listing
    html = client.get(index.url, {"voor": "jongeren", "thema": "zorgplicht"}).content.decode()
    form = re.search(r'<form method="get" action="([^"]*)" class="filter-form".*?</form>', html, re.S)
    assert form and form.group(1) == index.url
    form_html = form.group(0)
    assert '<label class="form__label" for="id_voor">Voor wie</label>' in form_html
    assert '<label class="form__label" for="id_thema">Thema</label>' in form_html
    assert '<option value="jongeren" selected>Jongeren</option>' in form_html
    assert '<option value="zorgplicht" selected>Zorgplicht</option>' in form_html
    assert 'type="submit"' in form_html
    assert f'<a class="filter-form__clear" href="{index.url}">Alle filters wissen</a>' in form_html
    # Without a filter there is nothing to clear.
    assert "filter-form__clear" not in client.get(index.url).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"voor": "grootouders"},
        {"thema": "bestaat-niet"},
        {"voor": "", "thema": ""},
        {"voor": "ouders'\"><script>", "thema": "%00"},
        # A repeated parameter counts with its last value ("x": unknown); codes are lower case.
        {"thema": ["zorgplicht", "x"], "voor": "OUDERS"},
    ],
)
def test_invalid_filter_values_are_ignored_without_error(client, listing, query):
    index, pages = listing
    response = client.get(index.url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert "form__error" not in html
    assert card_titles(response) == ["Zorgplicht", "Jouw school", "Een school kiezen", "Hulp in de klas"]


def test_an_invalid_value_does_not_cancel_a_valid_other_filter(client, listing):
    index, pages = listing
    response = client.get(index.url, {"voor": "jongeren", "thema": "bestaat-niet"})
    assert card_titles(response) == ["Jouw school"]


def test_theme_labels_and_audiences_follow_the_language(client, home, listing):
    index, pages = listing
    en_index = index_page(home, "en")
    national_page(
        en_index, title="Duty of care", key=pages["zorg"].translation_key, audiences=["ouders"], themes=["zorgplicht"]
    )
    response = client.get(en_index.url, {"thema": "zorgplicht"})
    assert response.status_code == 200
    assert card_titles(response) == ["Duty of care"]
    html = response.content.decode()
    assert '<option value="zorgplicht" selected>Duty of care</option>' in html
    assert '<option value="aanmelden">Applying</option>' in html
    # The Dutch pages are not listed on the English index.
    assert "Zorgplicht bij aanmelden" not in html


def test_theme_filter_is_left_out_when_the_set_has_no_themes(client, home):
    index = index_page(home)
    national_page(index, title="Alleen", audiences=["ouders"])
    html = client.get(index.url).content.decode()
    assert 'id="id_voor"' in html
    assert 'id="id_thema"' not in html


def test_index_query_count_does_not_grow_with_the_number_of_pages(client, home, themes, django_assert_max_num_queries):
    index = index_page(home)
    national_page(index, title="Eerste", audiences=["ouders"], themes=["zorgplicht"])
    client.get(index.url)  # warm the site and settings caches, as on a running site

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url, query).status_code == 200
        return len(captured)

    few = (queries({}), queries({"voor": "ouders", "thema": "zorgplicht"}))
    for n in range(30):
        national_page(index, title=f"Pagina {n}", audiences=["ouders", "jongeren"], themes=["zorgplicht", "aanmelden"])
    many = (queries({}), queries({"voor": "ouders", "thema": "zorgplicht"}))
    assert many == few
    with django_assert_max_num_queries(20):
        response = client.get(index.url, {"voor": "ouders"})
    assert len(card_titles(response)) == 31


# --- The item page -------------------------------------------------------------


def test_page_shows_title_summary_breadcrumb_and_validated_line_in_dutch(client, home):
    index = index_page(home)
    page = national_page(
        index,
        title="Wat is passend onderwijs?",
        summary="Korte uitleg.",
        validated_on=date(2026, 9, 1),
        validated_by="Redactie Steunpunten",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Wat is passend onderwijs?</h1>" in html
    assert '<p class="lead">Korte uitleg.</p>' in html
    assert "Landelijke informatie, gevalideerd op 1 september 2026 door Redactie Steunpunten" in text(response)
    breadcrumb = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    assert f'<a href="{index.url}">Informatie</a>' in breadcrumb
    assert '<html lang="nl" dir="ltr"' in html


def test_page_shows_validated_line_in_english_on_english_pages(client, home):
    index = index_page(home, "en")
    page = national_page(
        index, title="What is inclusive education?", validated_on=date(2026, 9, 1), validated_by="National editors"
    )
    response = client.get(page.url)
    assert page.url.startswith("/en/")
    with translation.override("en"):
        expected = gettext("Landelijke informatie, gevalideerd op %(date)s door %(by)s") % {
            "date": "1 September 2026",
            "by": "National editors",
        }
    assert expected in text(response)
    assert "1 september 2026" not in text(response)


def test_page_in_arabic_is_right_to_left_with_arabic_date(client, home):
    index = index_page(home, "ar")
    page = national_page(index, title="ما هو التعليم المناسب؟", slug="passend", validated_on=date(2026, 9, 1))
    html = client.get(page.url).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "سبتمبر" in html  # September, in the Arabic calendar names Django uses


def test_page_without_validation_data_says_only_national_information(client, home):
    page = national_page(index_page(home), title="Zonder datum", validated_on=None, validated_by="")
    visible = text(client.get(page.url))
    assert "Landelijke informatie" in visible
    assert "gevalideerd" not in visible


@pytest.fixture
def image(db):
    return Image.objects.create(title="Een gesprek op school", file=get_test_image_file())


EVERY_BLOCK = [
    {"type": "heading", "value": {"text": "Wat betekent dit?", "level": "2"}},
    {"type": "heading", "value": {"text": "Voor ouders", "level": "3"}},
    {
        "type": "paragraph",
        "value": '<p>Gewone <strong>tekst</strong> met <a href="https://example.org/">een link</a>.</p>',
    },
    {
        "type": "faq",
        "value": [
            {"question": "Wie betaalt dat?", "answer": "<p>De school.</p>"},
            {"question": "Moet ik iets doen?", "answer": "<p>Nee.</p>"},
        ],
    },
    {"type": "callout", "value": {"kind": "info", "text": "<p>Goed om te weten.</p>"}},
    {"type": "callout", "value": {"kind": "tip", "text": "<p>Neem iemand mee.</p>"}},
    {"type": "callout", "value": {"kind": "let-op", "text": "<p>Let op de termijn.</p>"}},
    {
        "type": "steps",
        "value": [
            {"title": "Aanmelden", "text": "<p>Bij de school.</p>"},
            {"title": "Gesprek", "text": "<p>Met de intern begeleider.</p>"},
        ],
    },
    {"type": "regional_contact", "value": None},
]


def image_blocks(image):
    return [
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
    ]


def test_every_block_type_renders_accessible_markup(client, home, image):
    page = national_page(index_page(home), title="Alle blokken", body=EVERY_BLOCK + image_blocks(image))
    html = client.get(page.url).content.decode()
    national = re.search(r'<div class="stream informatieset-national">(.*?)</article>', html, re.S).group(1)

    # Headings at the level the feed asks for.
    assert '<h2 id="kop-wat-betekent-dit">Wat betekent dit?</h2>' in national
    assert "<h3>Voor ouders</h3>" in national
    assert '<strong>tekst</strong> met <a href="https://example.org/">een link</a>' in national

    # FAQ: one native disclosure widget per question, closed at first.
    details = re.findall(
        r'<details class="faq__item">\s*<summary class="faq__question">([^<]+)</summary>\s*<div class="faq__answer"><p>([^<]+)</p>',
        national,
    )
    assert details == [("Wie betaalt dat?", "De school."), ("Moet ik iets doen?", "Nee.")]
    assert "<details open" not in national

    # Callouts say in words what kind they are, not by colour alone.
    callouts = re.findall(
        r'<div class="callout callout--([a-z-]+)" role="note">\s*<p class="callout__title">([^<]+)</p>', national
    )
    assert callouts == [("info", "Informatie"), ("tip", "Tip"), ("let-op", "Let op")]

    # Steps are an ordered list, in order.
    steps = re.search(r'<ol class="steps__list">(.*?)</ol>', national, re.S).group(1)
    assert re.findall(r'<strong class="steps__title">([^<]+)</strong>', steps) == ["Aanmelden", "Gesprek"]

    # An informative image has its alt text and caption; a decorative one an empty alt.
    figures = re.findall(r'<figure class="image-block">(.*?)</figure>', national, re.S)
    assert len(figures) == 2
    assert 'alt="Een moeder praat met een leerkracht"' in figures[0]
    assert "<figcaption>Een gesprek op school</figcaption>" in figures[0]
    assert 'alt=""' in figures[1]
    assert "<figcaption>" not in figures[1]

    # The regional contact block shows this site's steunpunt.
    contact = re.search(
        r'<div class="contact-block contact-block--regional">(.*?)</div>\s*</div>', national, re.S
    ).group(1)
    assert "Heeft u nog een vraag?" in contact
    assert '<a href="/stel-je-vraag/">Stel je vraag</a>' in contact


def test_regional_contact_shows_this_sites_own_details_and_follows_the_settings(client, home):
    page = national_page(index_page(home), title="Contact", body=[{"type": "regional_contact", "value": None}])
    settings = SteunpuntSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "0800 123 45 67"
    settings.email = "vragen@steunpunt-beekdal.example"
    settings.whatsapp = "+31 6 11112222"
    settings.opening_hours = "Dinsdag 9.00 - 12.00 uur"
    settings.save()

    def contact_block():
        html = client.get(page.url).content.decode()
        return re.search(r'<div class="contact-block contact-block--regional">(.*?)</div>\s*</div>', html, re.S).group(
            1
        )

    block = contact_block()
    assert '<a href="tel:08001234567" dir="ltr">0800 123 45 67</a>' in block
    assert '<a href="mailto:vragen@steunpunt-beekdal.example" dir="ltr">vragen@steunpunt-beekdal.example</a>' in block
    assert 'href="https://wa.me/31611112222"' in block
    assert "Dinsdag 9.00 - 12.00 uur" in block

    settings.phone = "030 765 43 21"
    settings.email = "info@ander-steunpunt.example"
    settings.whatsapp = ""
    settings.save()
    block = contact_block()
    assert "030 765 43 21" in block and "0800 123 45 67" not in block
    assert "info@ander-steunpunt.example" in block and "vragen@steunpunt-beekdal.example" not in block
    assert "wa.me" not in block


def test_regional_section_and_experiences_only_when_present(client, home):
    page = national_page(index_page(home), title="Thuiszitten")
    visible = text(client.get(page.url))
    assert "In onze regio" not in visible
    assert "Ervaringen" not in visible

    page = page.get_latest_revision_as_object()
    page.regional_body = [
        {"type": "paragraph", "value": "<p>In Beekdal helpt de leerplichtambtenaar ook.</p>"},
        {"type": "callout", "value": {"kind": "tip", "title": "Spreekuur", "text": "<p>Elke woensdag.</p>"}},
    ]
    page.experiences = [
        {
            "type": "experience",
            "value": {
                "title": "Eindelijk rust",
                "story": "<p>Na drie maanden vond mijn zoon een school.</p>",
                "teller": "Een vader uit Beekdal",
            },
        }
    ]
    page.save_revision().publish()

    response = client.get(page.url)
    html = response.content.decode()
    regional = re.search(
        r'<section class="informatieset-regional" aria-labelledby="in-onze-regio">(.*?)</section>', html, re.S
    ).group(1)
    assert '<h2 id="in-onze-regio">In onze regio</h2>' in regional
    assert "In Beekdal helpt de leerplichtambtenaar ook." in regional
    assert '<p class="callout__title">Spreekuur</p>' in regional  # rendered with the core block templates
    experiences = re.search(
        r'<section class="informatieset-experiences" aria-labelledby="ervaringen">(.*?)</section>', html, re.S
    ).group(1)
    assert '<h2 id="ervaringen">Ervaringen</h2>' in experiences
    assert '<h3 class="experience__title">Eindelijk rust</h3>' in experiences
    assert "Na drie maanden vond mijn zoon een school." in experiences
    assert '<p class="experience__teller">Een vader uit Beekdal</p>' in experiences
    # Regional information comes first, under the summary: the national text ends with the contact box.
    assert html.index("In Beekdal helpt") < html.index("Elk kind krijgt een plek")


def test_page_lists_its_live_sub_pages_in_feed_order(client, home):
    parent = national_page(index_page(home), title="Zorgplicht")
    national_page(parent, title="Tweede", feed_position=2, summary="Over de tweede.")
    national_page(parent, title="Eerste", feed_position=1)
    gone = national_page(parent, title="Weg", feed_position=0)
    with allow_national_changes():
        gone.unpublish()
    html = client.get(parent.url).content.decode()
    children = re.search(
        r'<nav class="informatieset-children" aria-labelledby="meer-over">(.*?)</nav>', html, re.S
    ).group(1)
    assert re.findall(r'<a href="[^"]+">([^<]+)</a>', children) == ["Eerste", "Tweede"]
    assert "Over de tweede." in children
    # A page without sub-pages has no such list.
    leaf = parent.get_children().live().first()
    assert "informatieset-children" not in client.get(leaf.url).content.decode()


def test_page_with_many_blocks_has_a_bounded_query_count(client, home, image, django_assert_max_num_queries):
    index = index_page(home)
    targets = [national_page(index, title=f"Doel {n}") for n in range(5)]

    def body(repeat):
        links = "".join(
            f'<a linktype="informatieset" key="{t.translation_key}">doel {n}</a> ' for n, t in enumerate(targets)
        )
        blocks = []
        for _ in range(repeat):
            blocks += EVERY_BLOCK + image_blocks(image)
            blocks.append({"type": "paragraph", "value": f"<p>Zie ook {links}</p>"})
            blocks.append({"type": "faq", "value": [{"question": "Meer?", "answer": f"<p>{links}</p>"}] * 3})
        return blocks

    small = national_page(index, title="Klein", body=body(1))
    large = national_page(index, title="Groot", body=body(10))
    for page in (small, large):
        page = page.get_latest_revision_as_object()
        page.experiences = [
            {
                "type": "experience",
                "value": {
                    "title": f"Verhaal {n}",
                    "story": f'<p><a linktype="informatieset" key="{targets[0].translation_key}">x</a></p>',
                    "teller": "",
                },
            }
            for n in range(1 if page.pk == small.pk else 10)
        ]
        page.save_revision().publish()
    client.get(small.url)  # warm the caches

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        assert response.status_code == 200
        return len(captured), response

    small_count, _ = queries(small)
    large_count, response = queries(large)
    assert large_count == small_count
    with django_assert_max_num_queries(25):
        client.get(large.url)
    html = response.content.decode()
    assert html.count(f'<a href="{targets[3].url}">doel 3</a>') == 40  # 10 paragraphs + 30 answers


def test_unknown_informatieset_link_on_a_page_is_plain_text(client, home):
    page = national_page(
        index_page(home),
        title="Links",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Zie <a linktype="informatieset" key="{uuid.uuid4()}">de andere pagina</a>.</p>',
            }
        ],
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert "<p>Zie <a>de andere pagina</a>.</p>" in response.content.decode()


def test_regional_contact_links_to_the_contact_page_in_the_visitors_language(client, home):
    from distro.contact.models import ContactPage

    page = national_page(index_page(home, "en"), title="Contact us", body=[{"type": "regional_contact", "value": None}])
    assert '<a href="/en/stel-je-vraag/">' in client.get(page.url).content.decode()
    ContactPage.objects.get(locale__language_code="en").unpublish()
    assert '<a href="/stel-je-vraag/">' in client.get(page.url).content.decode()
    ContactPage.objects.get(locale__language_code="nl").unpublish()
    assert "contact-block__link" not in client.get(page.url).content.decode()
