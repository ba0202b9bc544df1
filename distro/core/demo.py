"""Example content for ``install.sh --demo``: fictional, clearly marked as example."""

from wagtail.models import Locale

from distro.core.models import ContentPage, MainMenuItem, Navigatie, SteunpuntSettings
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
