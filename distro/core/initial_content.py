"""Starting texts for a fresh site, in Dutch at B1 level. Editors adapt them."""

from django.conf import settings


def privacy_body(name: str) -> list:
    days = settings.STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN
    return [
        (
            "paragraph",
            f"<p>{name} gaat zorgvuldig om met uw gegevens. Op deze pagina leest u welke gegevens we bewaren, waarom en hoe lang.</p>",
        ),
        ("heading", {"text": "Welke gegevens bewaren we?", "level": "h2"}),
        (
            "paragraph",
            "<ul><li>Als u een vraag stelt: uw vraag, wie u bent (ouder, jongere of professional) en hoe we u kunnen bereiken. Uw naam mag u weglaten.</li>"
            "<li>Als u zich aanmeldt voor een bijeenkomst: uw naam, e-mailadres, het aantal personen en uw antwoorden op de vragen bij de aanmelding.</li>"
            "<li>Als u een evaluatie invult: uw antwoorden, zonder uw naam.</li></ul>",
        ),
        ("heading", {"text": "Waarom bewaren we die gegevens?", "level": "h2"}),
        (
            "paragraph",
            "<p>Alleen om u te helpen: om uw vraag te beantwoorden, om u te laten weten of u kunt komen, en om ons werk beter te maken. We verkopen uw gegevens niet en we geven ze niet aan anderen.</p>",
        ),
        ("heading", {"text": "Wie kan uw gegevens zien?", "level": "h2"}),
        (
            "paragraph",
            "<p>Alleen de medewerkers van het steunpunt. Het steunpunt werkt onafhankelijk. Medewerkers van het samenwerkingsverband en van scholen kunnen uw vraag niet lezen. Het bestuur krijgt alleen cijfers, zonder namen.</p>",
        ),
        ("heading", {"text": "Hoe lang bewaren we uw gegevens?", "level": "h2"}),
        (
            "paragraph",
            f"<ul><li>Vragen via de website: {days} dagen. Daarna verwijdert de website ze automatisch.</li><li>Aanmeldingen voor bijeenkomsten: een maand na de bijeenkomst. We bewaren daarna alleen hoeveel mensen er kwamen.</li></ul>",
        ),
        ("heading", {"text": "Cookies", "level": "h2"}),
        (
            "paragraph",
            "<p>Deze website gebruikt geen cookies om u te volgen. Alleen als u een formulier invult, zet de website een cookie dat nodig is om het formulier veilig te versturen. De website laadt niets van andere websites.</p>",
        ),
        ("heading", {"text": "Uw rechten", "level": "h2"}),
        (
            "paragraph",
            "<p>U mag altijd vragen welke gegevens we van u hebben. U mag ook vragen om uw gegevens te veranderen of te verwijderen. Neem daarvoor contact met ons op. Bent u het niet eens met hoe wij met uw gegevens omgaan? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens.</p>",
        ),
        ("contact", None),
    ]


def accessibility_body(name: str) -> list:
    return [
        (
            "paragraph",
            f"<p>{name} wil dat iedereen deze website kan gebruiken. Ook mensen die slecht zien, slecht horen, alleen een toetsenbord gebruiken of moeite hebben met lezen.</p>",
        ),
        ("heading", {"text": "Wat doen we daarvoor?", "level": "h2"}),
        (
            "paragraph",
            "<ul><li>We schrijven in eenvoudige taal (taalniveau B1).</li>"
            "<li>De website werkt met alleen een toetsenbord en met een schermlezer.</li>"
            "<li>Kleuren hebben genoeg contrast. U kunt de tekst groter maken zonder dat er iets wegvalt.</li>"
            "<li>Afbeeldingen hebben een beschrijving. Video's hebben een uitgeschreven tekst.</li>"
            "<li>We testen elke pagina automatisch op de toegankelijkheidseisen (WCAG 2.1, niveau A en AA).</li></ul>",
        ),
        ("heading", {"text": "Werkt iets niet goed?", "level": "h2"}),
        (
            "paragraph",
            "<p>Laat het ons weten. Vertel op welke pagina het was en wat er niet werkte. We proberen het binnen vijf werkdagen op te lossen. Lukt dat niet, dan laten we u weten wanneer het wel klaar is.</p>",
        ),
        ("contact", None),
        (
            "callout",
            {
                "kind": "info",
                "title": "Toegankelijkheidsverklaring invullen",
                "text": "<p>Overheidsorganisaties moeten een officiële toegankelijkheidsverklaring publiceren. Vul deze in via toegankelijkheidsverklaring.nl en zet hier de link naar uw verklaring.</p>",
            },
        ),
    ]


CONTACT_INTRO = (
    "<p>Heeft u een vraag over passend onderwijs? Of loopt u vast op school? "
    "Het steunpunt luistert, denkt met u mee en helpt u op weg. Dat is gratis. "
    "Wat u ons vertelt, blijft bij het steunpunt.</p>"
)
CONTACT_FORM_INTRO = "<p>U kunt uw vraag ook hier opschrijven. We nemen binnen drie werkdagen contact met u op.</p>"

HOME_INTRO = (
    "<p>Heeft uw kind extra hulp nodig op school? Het ouder- en jeugdsteunpunt geeft informatie, "
    "denkt met u mee en luistert naar uw ervaringen. Gratis en onafhankelijk. "
    "Ben je zelf leerling? Ook jij kunt bij ons terecht.</p>"
)
PILLARS = [
    (
        "Informeren",
        "Duidelijke informatie over passend onderwijs: wat zijn uw rechten, wat moet de school doen en hoe werkt het in onze regio?",
    ),
    (
        "Steunen",
        "Een vraag of een zorg? Bel, app of mail ons. We denken met u mee en gaan desnoods samen naar een gesprek.",
    ),
    ("Signaleren", "Uw ervaringen helpen het samenwerkingsverband om passend onderwijs beter te maken. Anoniem."),
]
SOCIALE_KAART_INTRO = "<p>Hier vindt u organisaties in de regio die ouders, kinderen en jongeren helpen. Kies een thema of uw gemeente.</p>"
