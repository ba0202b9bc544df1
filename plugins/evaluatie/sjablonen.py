"""Ready-made forms in B1 Dutch: for parents, young people (12-18) and children, for each kind.

An editor starts from one (admin_templates.py) and changes what they like: a
template is copied into a new draft page, never linked to it. The texts are
the page's content, so they are Dutch here and translated like any page
(wagtail-localize), not with gettext.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Doelgroep, Soort


def likert(vraag, verplicht=False, uitleg=""):
    return ("likert", {"vraag": vraag, "uitleg": uitleg, "verplicht": verplicht})


def smiley(vraag, verplicht=False, uitleg=""):
    return ("smiley", {"vraag": vraag, "uitleg": uitleg, "verplicht": verplicht})


def cijfer(vraag, verplicht=False, uitleg=""):
    return ("cijfer", {"vraag": vraag, "uitleg": uitleg, "verplicht": verplicht})


def ja_nee(vraag, verplicht=False, uitleg=""):
    return ("ja_nee", {"vraag": vraag, "uitleg": uitleg, "verplicht": verplicht})


def keuze(vraag, keuzes, meerdere=True, uitleg=""):
    return ("keuze", {"vraag": vraag, "uitleg": uitleg, "verplicht": False, "keuzes": keuzes, "meerdere": meerdere})


def open_vraag(vraag, uitleg=""):
    return ("open", {"vraag": vraag, "uitleg": uitleg, "verplicht": False})


@dataclass(frozen=True)
class Sjabloon:
    doelgroep: str
    soort: str
    title: str
    intro: str
    vragen: tuple
    bedankt: str

    @property
    def key(self) -> str:
        return f"{self.doelgroep}-{self.soort}"


U_ANONIEM = "<p>Uw antwoorden zijn anoniem. Wij zien niet wie wat heeft geantwoord.</p>"
JE_ANONIEM = "<p>Je antwoorden zijn anoniem. Wij zien niet wie wat heeft geantwoord.</p>"
U_BEDANKT = "<p>Dank u wel! Met uw antwoorden maken we onze hulp en informatie beter.</p>"
JE_BEDANKT = "<p>Dank je wel! Met jouw antwoorden maken we onze hulp beter.</p>"
THEMAS = [
    "Een passende school",
    "Extra ondersteuning op school",
    "Het ontwikkelingsperspectief (OPP)",
    "Thuiszitten",
    "Een klacht of bezwaar",
    "Iets anders",
]

SJABLONEN = (
    Sjabloon(
        Doelgroep.OUDERS,
        Soort.BIJEENKOMST,
        "Hoe was de bijeenkomst?",
        "<p>Wij willen graag weten wat u van de bijeenkomst vond. Zo maken we de volgende keer nog beter. "
        "Het duurt ongeveer 3 minuten.</p>" + U_ANONIEM,
        (
            likert("Ik heb iets geleerd dat ik kan gebruiken.", verplicht=True),
            likert("De uitleg was duidelijk."),
            likert("Ik voelde me welkom."),
            cijfer("Welk cijfer geeft u de bijeenkomst?", verplicht=True, uitleg="0 is heel slecht, 10 is heel goed."),
            keuze(
                "Wat vond u goed?",
                ["De informatie", "De sprekers", "Het contact met andere ouders", "De plek en de tijd"],
            ),
            ja_nee("Zou u deze bijeenkomst aanraden aan andere ouders?"),
            open_vraag("Wat kunnen we beter doen?", uitleg="Schrijf geen namen op."),
        ),
        U_BEDANKT,
    ),
    Sjabloon(
        Doelgroep.OUDERS,
        Soort.GESPREK,
        "Hoe was uw contact met het steunpunt?",
        "<p>U heeft contact gehad met het steunpunt. Wij willen graag weten hoe dat was. "
        "Het duurt ongeveer 2 minuten.</p>" + U_ANONIEM,
        (
            likert("Ik voelde me gehoord.", verplicht=True),
            likert("Ik weet nu beter wat ik kan doen."),
            likert("Het steunpunt was makkelijk te bereiken."),
            cijfer("Welk cijfer geeft u het contact?", verplicht=True, uitleg="0 is heel slecht, 10 is heel goed."),
            ja_nee("Zou u het steunpunt aanraden aan andere ouders?"),
            open_vraag("Wat kunnen we beter doen?", uitleg="Schrijf geen namen op."),
        ),
        U_BEDANKT,
    ),
    Sjabloon(
        Doelgroep.OUDERS,
        Soort.INFORMATIE,
        "Wat vindt u van de informatie op onze site?",
        "<p>Wij willen dat u op deze site snel vindt wat u zoekt. Helpt u ons? "
        "Het duurt ongeveer 2 minuten.</p>" + U_ANONIEM,
        (
            ja_nee("Heeft u gevonden wat u zocht?", verplicht=True),
            likert("De informatie is makkelijk te begrijpen."),
            keuze("Waarover zocht u informatie?", THEMAS),
            cijfer("Welk cijfer geeft u de site?", uitleg="0 is heel slecht, 10 is heel goed."),
            open_vraag("Welke informatie mist u?"),
        ),
        U_BEDANKT,
    ),
    Sjabloon(
        Doelgroep.JONGEREN,
        Soort.BIJEENKOMST,
        "Hoe vond je de bijeenkomst?",
        "<p>Je was bij een bijeenkomst van het steunpunt. Wat vond je ervan? "
        "Het duurt maar 2 minuten.</p>" + JE_ANONIEM,
        (
            smiley("Hoe vond je de bijeenkomst?", verplicht=True),
            likert("Ik heb iets geleerd waar ik wat aan heb."),
            likert("Ik durfde mijn vragen te stellen."),
            keuze("Wat vond je goed?", ["De informatie", "De andere jongeren", "De begeleiders", "De plek en de tijd"]),
            ja_nee("Zou je een vriend of vriendin aanraden om ook te gaan?"),
            open_vraag("Wat kan beter?", uitleg="Schrijf geen namen op."),
        ),
        JE_BEDANKT,
    ),
    Sjabloon(
        Doelgroep.JONGEREN,
        Soort.GESPREK,
        "Hoe was je gesprek met het steunpunt?",
        "<p>Je hebt met iemand van het steunpunt gepraat. Hoe was dat? Het duurt maar 2 minuten.</p>" + JE_ANONIEM,
        (
            smiley("Hoe vond je het gesprek?", verplicht=True),
            likert("Er werd naar mij geluisterd."),
            likert("Ik weet nu beter wat ik kan doen."),
            ja_nee("Zou je het steunpunt aanraden aan andere jongeren?"),
            open_vraag("Wat kan beter?", uitleg="Schrijf geen namen op."),
        ),
        JE_BEDANKT,
    ),
    Sjabloon(
        Doelgroep.JONGEREN,
        Soort.INFORMATIE,
        "Wat vind je van de informatie op onze site?",
        "<p>Vond je wat je zocht? Vertel het ons. Het duurt maar 1 minuut.</p>" + JE_ANONIEM,
        (
            ja_nee("Heb je gevonden wat je zocht?", verplicht=True),
            smiley("Hoe makkelijk was de informatie te begrijpen?"),
            keuze("Waarover zocht je informatie?", THEMAS),
            open_vraag("Wat mis je op de site?"),
        ),
        JE_BEDANKT,
    ),
    Sjabloon(
        Doelgroep.KINDEREN,
        Soort.BIJEENKOMST,
        "Hoe vond je het?",
        "<p>Wat vond je ervan? Kies een gezichtje. Je hoeft je naam niet te zeggen.</p>",
        (
            smiley("Hoe vond je het?", verplicht=True),
            smiley("Snapte je wat er werd verteld?"),
            ja_nee("Wil je nog een keer komen?"),
            open_vraag("Wat vond je het leukst?"),
        ),
        "<p>Dank je wel!</p>",
    ),
    Sjabloon(
        Doelgroep.KINDEREN,
        Soort.GESPREK,
        "Hoe was het gesprek?",
        "<p>Je hebt gepraat met iemand van het steunpunt. Hoe was dat? Kies een gezichtje. "
        "Je hoeft je naam niet te zeggen.</p>",
        (
            smiley("Hoe was het gesprek?", verplicht=True),
            smiley("Werd er goed naar je geluisterd?"),
            open_vraag("Wil je nog iets zeggen?"),
        ),
        "<p>Dank je wel!</p>",
    ),
    Sjabloon(
        Doelgroep.KINDEREN,
        Soort.INFORMATIE,
        "Snap je wat er staat?",
        "<p>Kies een gezichtje. Je hoeft je naam niet te zeggen.</p>",
        (
            smiley("Snap je wat er op deze site staat?", verplicht=True),
            ja_nee("Heb je gevonden wat je zocht?"),
            open_vraag("Wat wil je nog weten?"),
        ),
        "<p>Dank je wel!</p>",
    ),
)

BY_KEY = {sjabloon.key: sjabloon for sjabloon in SJABLONEN}
