"""Example content for ``install.sh --demo``: fictional, clearly marked as example."""

import json

from wagtail.models import Locale, Page

from distro.core.demo_images import demo_image, draw_hero, draw_logo
from distro.core.models import ContentPage, HomePage, MainMenuItem, Navigatie, SteunpuntSettings
from distro.socialekaart.models import Gemeente, Organisatie, Thema

ORGANISATIES = [
    (
        "Voorbeeld: Jeugdteam Rivierenland",
        "<p>Het jeugdteam helpt gezinnen met vragen over opvoeden, opgroeien en school. Gratis en dichtbij.</p>",
        ["Jeugdhulp", "Opvoeden"],
        ["Beekdal", "Molenwaard"],
        "0800 123 45 67",
        "jeugdteam@example.org",
    ),
    (
        "Voorbeeld: Onderwijsconsulent",
        "<p>Lukt het niet om samen met school een oplossing te vinden? Een onderwijsconsulent helpt gratis en onafhankelijk.</p>",
        ["Onderwijs", "Thuiszitten"],
        [],
        "070 123 45 67",
        "consulent@example.org",
    ),
    (
        "Voorbeeld: Oudervereniging De Brug",
        "<p>Ouders van kinderen met een extra ondersteuningsbehoefte delen ervaringen. Elke maand een koffieochtend.</p>",
        ["Lotgenoten", "Onderwijs"],
        ["Beekdal"],
        "",
        "info@example.org",
    ),
    (
        "Voorbeeld: Jongerenwerk Molenwaard",
        "<p>Voor jongeren van 12 tot 23 jaar. Je kunt binnenlopen, een praatje maken of hulp vragen bij school.</p>",
        ["Jongeren"],
        ["Molenwaard"],
        "06 12 34 56 78",
        "",
    ),
]


def create_demo_content(home, site):
    nl = Locale.objects.get(language_code="nl")
    site_settings = SteunpuntSettings.for_site(site)
    if not site_settings.phone:
        site_settings.swv_name = site_settings.swv_name or "Samenwerkingsverband Voorbeeldregio (demo)"
        site_settings.phone = "0123 45 67 89"
        site_settings.whatsapp = "+31 6 12345678"
        site_settings.email = "steunpunt@example.org"
        site_settings.mailbox = site_settings.mailbox or "mailbox-steunpunt@example.org"
        site_settings.address = "Voorbeeldstraat 1\n1234 AB Beekdal"
        site_settings.opening_hours = "Maandag tot en met donderdag, 9.00 - 17.00 uur"
        site_settings.walk_in_hours = "Woensdag 13.00 - 15.00 uur in de bibliotheek van Beekdal"
        site_settings.save()
    if not site_settings.logo_id:
        site_settings.logo = demo_image("Logo van het steunpunt (demo)", draw_logo(), "logo-steunpunt.png")
        site_settings.hero_image = demo_image("Ouder en kind op weg naar school (demo)", draw_hero(), "startpagina.png")
        site_settings.hero_image_alt = "Tekening: een ouder en een kind lopen hand in hand naar school."
        site_settings.save()

    if not Organisatie.objects.exists():
        for name, description, themes, municipalities, phone, email in ORGANISATIES:
            organisatie = Organisatie.objects.create(
                name=name, description=description, phone=phone, email=email, locale=nl, website="https://example.org/"
            )
            organisatie.themes.set([Thema.objects.get_or_create(name=t, locale=nl)[0] for t in themes])
            organisatie.municipalities.set([Gemeente.objects.get_or_create(name=m)[0] for m in municipalities])
            organisatie.save()

    if not ContentPage.objects.child_of(home).filter(slug="zo-werkt-het-in-onze-regio").exists():
        page = home.add_child(
            instance=ContentPage(
                title="Zo werkt het in onze regio",
                slug="zo-werkt-het-in-onze-regio",
                locale=nl,
                intro="Een voorbeeldpagina: zo vraagt u extra ondersteuning aan in onze regio.",
                body=[
                    (
                        "paragraph",
                        "<p>Heeft uw kind meer hulp nodig dan de school gewoon geeft? Dan zoekt de school samen met u naar een oplossing.</p>",
                    ),
                    (
                        "steps",
                        {
                            "title": "Zo gaat het",
                            "steps": [
                                {
                                    "title": "Praat met de leerkracht of mentor",
                                    "text": "<p>Vertel wat u ziet en wat uw kind nodig heeft.</p>",
                                },
                                {
                                    "title": "De school maakt een plan",
                                    "text": "<p>Samen met u. U mag altijd iemand meenemen naar het gesprek.</p>",
                                },
                                {"title": "Lukt het niet? Bel het steunpunt", "text": "<p>We denken met u mee.</p>"},
                            ],
                        },
                    ),
                    (
                        "faq",
                        {
                            "title": "Veelgestelde vragen",
                            "items": [
                                {
                                    "question": "Kost het steunpunt geld?",
                                    "answer": "<p>Nee, het steunpunt is gratis.</p>",
                                },
                                {
                                    "question": "Vertelt het steunpunt iets aan school?",
                                    "answer": "<p>Nee, alleen als u dat zelf wilt.</p>",
                                },
                            ],
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Neem iemand mee",
                            "text": "<p>Het is vaak fijn om iemand mee te nemen naar een gesprek op school.</p>",
                        },
                    ),
                    ("contact", None),
                ],
            )
        )
        page.save_revision().publish()
        navigatie = Navigatie.for_site(site)
        MainMenuItem.objects.create(navigatie=navigatie, page=page, sort_order=-1)

    fill_home_page(home)


PROFESSIONALS_TITLE = "Voor professionals"
PROFESSIONALS_INTRO = "Een voorbeeldpagina: zo werkt u samen met het steunpunt."
#: The home page's entry points: (title, text) for parents, young people and professionals.
AUDIENCES = [
    ("Voor ouders", "Over school, extra ondersteuning en uw rechten."),
    ("Voor jongeren", "Vragen over school? Hier lees je wat je kunt doen."),
    (PROFESSIONALS_TITLE, "Zo verwijst u ouders en jongeren naar ons."),
]

PROFESSIONALS_BODY = [
    (
        "paragraph",
        "<p>Bent u leerkracht, intern begeleider, jeugdhulpverlener of leerplichtambtenaar? "
        "Dan kunt u ouders en jongeren naar het steunpunt verwijzen. Wij luisteren, geven uitleg en denken mee. "
        "Het steunpunt is onafhankelijk: wat ouders ons vertellen, blijft bij ons.</p>",
    ),
    ("heading", {"text": "Wanneer verwijst u naar ons?", "level": "h2"}),
    (
        "paragraph",
        "<ul><li>Als ouders vastlopen in gesprekken met school.</li>"
        "<li>Als een leerling thuiszit of dreigt thuis te zitten.</li>"
        "<li>Als ouders niet weten welke hulp er in de regio is.</li></ul>",
    ),
    ("heading", {"text": "Zo werken we samen", "level": "h2"}),
    (
        "paragraph",
        "<p>Met toestemming van de ouders schuiven we aan bij een gesprek op school. "
        "We nemen geen besluiten, maar helpen ouders en school om samen een oplossing te vinden.</p>",
    ),
]


def _first_live(home, slug):
    return Page.objects.descendant_of(home).filter(slug=slug, locale=home.locale).live().first()


def _linked_pillars(pillars, pages: dict) -> str:
    """The pillar blocks with their page links set (pillar title -> page id), keeping the block ids:
    a language copy then still matches the Dutch page (``is_copy_of``) and gets its demo translation."""
    blocks = []
    for block in pillars.raw_data:
        value = block["value"]
        blocks.append({**block, "value": {**value, "page": pages.get(value["title"]) or value.get("page")}})
    return json.dumps(blocks)


def fill_home_page(home):
    """Entry points per audience, pillars that lead somewhere, and the call to action."""
    home = HomePage.objects.get(pk=home.pk)
    if home.audiences:
        return  # the editors' from now on
    professionals = _first_live(home, "voor-professionals") or home.add_child(
        instance=ContentPage(
            title=PROFESSIONALS_TITLE,
            slug="voor-professionals",
            locale=home.locale,
            intro=PROFESSIONALS_INTRO,
            body=PROFESSIONALS_BODY,
        )
    )
    if not professionals.live:
        professionals.save_revision().publish()
    contact = _first_live(home, "stel-je-vraag")
    regio = _first_live(home, "zo-werkt-het-in-onze-regio")
    parents = _first_live(home, "voor-ouders") or regio or contact
    young = _first_live(home, "voor-jongeren") or contact
    informatie = _first_live(home, "informatie") or parents
    home.audiences = [
        ("audience", {"title": title, "text": body, "page": page})
        for (title, body), page in zip(AUDIENCES, (parents, young, professionals), strict=True)
    ]
    # "Informeren" leads to the information pages when a plugin made them.
    targets = {"Informeren": informatie, "Steunen": contact, "Signaleren": contact}
    home.pillars = _linked_pillars(home.pillars, {title: page.pk for title, page in targets.items() if page})
    home.cta_page = home.cta_page or contact
    home.save_revision().publish()
    # Language copies a plugin made earlier (copy_parents) lack the new fields;
    # the links point to the Dutch pages, and the template follows them to
    # the page in the visitor's language.
    for copy in HomePage.objects.filter(translation_key=home.translation_key).exclude(pk=home.pk):
        if not copy.audiences:
            copy.audiences = home.audiences.raw_data
            copy.cta_page = copy.cta_page or home.cta_page
            pages = {block["value"]["title"]: block["value"]["page"] for block in home.pillars.raw_data}
            copy.pillars = _linked_pillars(copy.pillars, pages)
            copy.save_revision().publish()
