"""Page types: they render every block accessibly and only go where they belong."""

import pytest
from bs4 import BeautifulSoup
from core_helpers import add_content_page, all_blocks, make_document, make_image, rich_link
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Locale, Page

from distro.contact.models import ContactPage
from distro.core.blocks import ContentStreamBlock, ImageBlock
from distro.core.models import ContentPage, HomePage
from distro.socialekaart.models import SocialeKaartPage

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


# --- Rendering -----------------------------------------------------------------


def test_home_page_renders_intro_pillars_and_contact(client, home):
    html = soup(client.get("/"))
    main = html.select_one("main")
    assert main.h1.get_text(strip=True) == home.title
    headings = [h.get_text(strip=True) for h in main.find_all(["h2", "h3"])]
    assert {"Informeren", "Steunen", "Signaleren"} <= set(headings)
    assert "Heeft uw kind extra hulp nodig op school?" in main.get_text()
    assert "Heeft u een vraag?" in headings
    assert main.find("a", href="tel:0123456789") is not None


def test_home_page_without_contact_block(client, home):
    home.show_contact = False
    home.save_revision().publish()
    main = soup(client.get("/")).select_one("main")
    assert "Heeft u een vraag?" not in main.get_text()
    assert main.select(".contact-details") == []
    # The contact details then appear once, in the footer.
    assert len(soup(client.get("/")).select("footer .contact-details")) == 1


def test_content_page_renders_every_block_type(client, home):
    # Selectors rely on semantics (elements, text), not on the theme's class names.
    target = add_content_page(home, "Passend onderwijs in de regio")
    page = add_content_page(home, "Alle blokken", all_blocks(1, target), intro="Korte samenvatting van de pagina.")
    html = soup(client.get(page.url))
    main = html.select_one("main")
    text = main.get_text(" ", strip=True)

    assert main.h1.get_text(strip=True) == "Alle blokken"
    assert "Korte samenvatting van de pagina." in text
    # heading: the chosen level
    assert main.find("h2", string="Kop nummer 0") is not None
    # paragraph: rich text with the page and document links expanded to URLs
    links = {a.get_text(): a.get("href") for a in main.find_all("a")}
    assert links["meer over de regio"] == target.url
    assert links["download de folder"].startswith("/documenten/")
    # faq: native disclosure widgets, usable without JavaScript
    faq = [d for d in main.find_all("details") if "Mag ik iemand meenemen 0?" in d.summary.get_text()]
    assert len(faq) == 1 and faq[0].find("a", string="meer over de regio") is not None
    assert main.find(["h2", "h3"], string="Veelgestelde vragen 0") is not None
    # callout: its title and text
    assert "Let op 0" in text
    # steps: an ordered list, in order
    steps = [ol for ol in main.find_all("ol") if "Eerste stap 0" in ol.get_text()]
    assert len(steps) == 1
    items = [li.get_text(" ", strip=True) for li in steps[0].find_all("li", recursive=False)]
    assert items[0].startswith("Eerste stap 0") and items[1] == "Tweede stap"
    # image: alt text from the block, a resized rendition rather than the original upload
    img = main.find("img", alt="Een ouder in gesprek met de leerkracht 0")
    assert img is not None and img["src"].startswith("/media/images/") and ".width-800" in img["src"]
    assert img.find_parent("figure").figcaption.get_text(strip=True) == "Een gesprek op school"
    # documents: a link to the served file with its type
    document_link = main.find("a", string="Folder 0")
    assert document_link["href"].startswith("/documenten/") and "PDF" in document_link.parent.get_text()
    # video: a link to the platform (nothing embedded) and the transcript
    video_link = main.find("a", href="https://video.example.org/watch/123")
    assert video_link is not None and "Uitleg passend onderwijs 0" in video_link.get_text()
    assert html.find("iframe") is None and html.find("video") is None
    # the transcript: collapsible, after the video link
    transcript = video_link.find_next("details")
    assert transcript is not None and transcript is not faq[0] and transcript.summary is not None
    assert transcript.find("a", string="meer over de regio") is not None
    assert "3:45" in text
    # contact details from the site settings
    assert main.find("a", href="tel:0123456789") is not None
    assert "Woensdag 13.00 - 15.00 uur" in text


def test_rich_text_page_links_point_to_the_translation_in_the_visitors_language(client, home):
    """A link in Dutch rich text leads English visitors to the English page, if it exists."""
    en = Locale.objects.get(language_code="en")
    contact = ContactPage.objects.child_of(home).get()
    contact_en = contact.get_translation(en)
    untranslated = add_content_page(home, "Alleen in het Nederlands")
    document = make_document()
    body = [
        (
            "paragraph",
            f'<p><a linktype="page" id="{contact.pk}">Vraag</a> <a linktype="page" id="{untranslated.pk}">NL</a></p>',
        ),
        ("faq", {"title": "", "items": [{"question": "Waar?", "answer": rich_link(contact, document)}]}),
    ]
    page = add_content_page(home, "Links", body, slug="links")
    page_en = page.copy_for_translation(en)
    page_en.save_revision().publish()

    def hrefs(main, *texts):
        return [main.find("a", string=t)["href"] for t in texts]

    dutch = soup(client.get(page.url)).select_one("main")
    assert hrefs(dutch, "Vraag", "NL", "meer over de regio", "download de folder") == [
        contact.url,
        untranslated.url,
        contact.url,
        document.url,
    ]
    english = soup(client.get(page_en.url)).select_one("main")
    assert contact_en.url.startswith("/en/")
    assert hrefs(english, "Vraag", "NL", "meer over de regio", "download de folder") == [
        contact_en.url,
        untranslated.url,
        contact_en.url,
        document.url,
    ]


def test_rich_text_links_to_deleted_pages_do_not_break_the_page(client, home):
    gone = add_content_page(home, "Verdwijnt")
    gone_id = gone.pk
    page = add_content_page(home, "Met dode link", [("paragraph", f'<p><a linktype="page" id="{gone_id}">weg</a></p>')])
    gone.delete()
    main = soup(client.get(page.url)).select_one("main")
    link = main.find("a", string="weg")
    assert link is not None and not link.has_attr("href")


def test_image_block_requires_alt_text():
    block = ImageBlock()
    image = make_image()
    for empty in ["", "   "]:
        with pytest.raises(StructBlockValidationError) as excinfo:
            block.clean({"image": image, "alt_text": empty, "caption": ""})
        assert "alt_text" in excinfo.value.block_errors
    value = block.clean({"image": image, "alt_text": "Twee kinderen op het schoolplein", "caption": ""})
    assert value["alt_text"] == "Twee kinderen op het schoolplein"


def test_image_block_alt_text_error_is_dutch():
    from django.utils import translation

    with translation.override("nl"):
        with pytest.raises(StructBlockValidationError) as excinfo:
            ImageBlock().clean({"image": make_image(), "alt_text": "", "caption": ""})
        message = " ".join(excinfo.value.block_errors["alt_text"].messages)
    assert "verplicht" in message or "alternatieve tekst" in message


def test_content_stream_rejects_an_image_without_alt_text_in_a_page():
    stream = ContentStreamBlock()
    value = stream.to_python(
        [
            {"type": "paragraph", "value": "<p>Tekst</p>"},
            {"type": "image", "value": {"image": make_image().pk, "alt_text": "", "caption": ""}},
        ]
    )
    with pytest.raises(StreamBlockValidationError) as excinfo:
        stream.clean(value)
    assert list(excinfo.value.block_errors) == [1]
    assert "alt_text" in excinfo.value.block_errors[1].block_errors


def test_video_block_needs_a_transcript():
    video = ContentStreamBlock().child_blocks["video"]
    value = video.to_python({"title": "Uitleg", "url": "https://video.example.org/1", "duration": "", "transcript": ""})
    with pytest.raises(StructBlockValidationError) as excinfo:
        video.clean(value)
    assert set(excinfo.value.block_errors) == {"transcript"}


@pytest.mark.parametrize(
    "path",
    ["/", "/stel-je-vraag/", "/sociale-kaart/", "/privacy/", "/toegankelijkheid/", "/zo-werkt-het-in-onze-regio/"],
)
def test_every_page_type_renders_in_dutch(client, site, path):
    html = soup(client.get(path))
    assert html.html["lang"] == "nl" and html.html["dir"] == "ltr"
    assert html.select_one("main#inhoud h1") is not None
    assert len(html.find_all("h1")) == 1


def test_every_published_page_has_a_url(site):
    """Menus and links skip pages without a URL, so every live page must have one."""
    pages = Page.objects.live().filter(depth__gt=1)
    assert pages.count() > 10
    without = [p.url_path for p in pages if p.get_url() is None]
    assert without == []


# --- Where pages go ------------------------------------------------------------


def test_home_page_only_at_the_top_of_the_tree(home):
    assert HomePage.allowed_parent_page_models() == [Page]
    content = ContentPage.objects.child_of(home).first()
    for parent in [home, content]:
        assert not HomePage.can_create_at(parent)
    # One home page per language, made by setup_site: editors cannot add another.
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_content_pages_go_under_home_and_content_pages_only(home):
    root = Page.get_first_root_node()
    content = ContentPage.objects.child_of(home).first()
    contact = ContactPage.objects.child_of(home).get()
    kaart = SocialeKaartPage.objects.child_of(home).get()
    assert ContentPage.can_create_at(home) and ContentPage.can_create_at(content)
    assert not ContentPage.can_create_at(root)
    assert not ContentPage.can_create_at(contact)
    assert not ContentPage.can_create_at(kaart)


def test_contact_and_sociale_kaart_pages_have_no_children(home):
    contact = ContactPage.objects.child_of(home).get()
    kaart = SocialeKaartPage.objects.child_of(home).get()
    assert ContactPage.allowed_subpage_models() == []
    assert SocialeKaartPage.allowed_subpage_models() == []
    for model in [ContentPage, ContactPage, SocialeKaartPage, HomePage]:
        assert not model.can_create_at(contact)
        assert not model.can_create_at(kaart)


def test_contact_and_sociale_kaart_pages_under_home_or_content_and_once_per_parent(home):
    root = Page.get_first_root_node()
    # The demo site has both under the home page already: no second one there.
    assert not ContactPage.can_create_at(home)
    assert not SocialeKaartPage.can_create_at(home)
    assert not ContactPage.can_create_at(root)
    assert not SocialeKaartPage.can_create_at(root)
    section = add_content_page(home, "Een afdeling")
    assert ContactPage.can_create_at(section)
    assert SocialeKaartPage.can_create_at(section)


def test_core_page_types_offered_under_home_and_content(home):
    for parent_model in [HomePage, ContentPage]:
        allowed = parent_model.allowed_subpage_models()
        assert {ContentPage, ContactPage, SocialeKaartPage} <= set(allowed)
        assert HomePage not in allowed
