"""Fixtures for the evaluatie tests: a published form with one question of every type.

def test_x(formulier):            # "Hoe was de thema-avond?", open now
    formulier.vraag("likert")     # the block id of its likert question
"""

from datetime import timedelta

from django.utils import timezone

from plugins.evaluatie.models import Evaluatieformulier

QUESTIONS = [
    ("likert", {"vraag": "De avond was nuttig", "uitleg": "", "verplicht": True}),
    ("smiley", {"vraag": "Hoe vond je het?", "uitleg": "", "verplicht": False}),
    ("cijfer", {"vraag": "Welk cijfer geeft u?", "uitleg": "", "verplicht": False}),
    ("ja_nee", {"vraag": "Zou u het aanraden?", "uitleg": "", "verplicht": False}),
    (
        "keuze",
        {
            "vraag": "Wat was goed?",
            "uitleg": "",
            "verplicht": False,
            "keuzes": ["Uitleg", "Sfeer", "Tijd"],
            "meerdere": True,
        },
    ),
    ("open", {"vraag": "Wat kan beter?", "uitleg": "", "verplicht": False}),
]


def make_form(home):
    page = home.add_child(
        instance=Evaluatieformulier(
            title="Hoe was de thema-avond?",
            slug="hoe-was-het",
            vragen=QUESTIONS,
            open_vanaf=timezone.now() - timedelta(days=1),
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()

    def vraag(block_type):
        return next(block.id for block in page.vragen if block.block_type == block_type)

    page.vraag = vraag
    return page
