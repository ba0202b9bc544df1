"""The question types of an evaluation form, as StreamField blocks.

Each question is a block; its block id (kept by wagtail-localize in every
translation) is the question's identity, so answers in all languages of one
form count together. ``SCALES`` says what values each type accepts: the
public form and the storage both check against it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

#: Texts of the points of the scales (B1, also read aloud): value -> label.
LIKERT = {
    1: _("Helemaal niet mee eens"),
    2: _("Niet mee eens"),
    3: _("Neutraal"),
    4: _("Mee eens"),
    5: _("Helemaal mee eens"),
}
SMILEYS = {
    1: _("Heel slecht"),
    2: _("Slecht"),
    3: _("Gaat wel"),
    4: _("Goed"),
    5: _("Heel goed"),
}
JA_NEE = {1: _("Ja"), 0: _("Nee")}
CIJFERS = {n: str(n) for n in range(11)}
#: Longest open answer: enough for a story, too short for a pasted document.
OPEN_MAX_LENGTH = 2000


class VraagBlock(blocks.StructBlock):
    vraag = blocks.CharBlock(label=_("Vraag"), max_length=300)
    uitleg = blocks.CharBlock(label=_("Uitleg"), required=False, max_length=300)
    verplicht = blocks.BooleanBlock(label=_("Verplicht"), required=False)

    class Meta:
        icon = "help"


class LikertBlock(VraagBlock):
    class Meta:
        label = _("Eens/oneens (1 tot 5)")


class SmileyBlock(VraagBlock):
    class Meta:
        label = _("Smileys (voor kinderen en jongeren)")


class CijferBlock(VraagBlock):
    class Meta:
        label = _("Cijfer (0 tot 10)")


class JaNeeBlock(VraagBlock):
    class Meta:
        label = _("Ja of nee")


class KeuzeBlock(VraagBlock):
    keuzes = blocks.ListBlock(blocks.CharBlock(max_length=150), label=_("Keuzes"), min_num=2, max_num=12)
    meerdere = blocks.BooleanBlock(label=_("Meer dan één keuze mogelijk"), required=False)

    class Meta:
        label = _("Keuze")


class OpenBlock(VraagBlock):
    class Meta:
        label = _("Open vraag")


class VragenBlock(blocks.StreamBlock):
    likert = LikertBlock()
    smiley = SmileyBlock()
    cijfer = CijferBlock()
    ja_nee = JaNeeBlock()
    keuze = KeuzeBlock()
    open = OpenBlock()

    class Meta:
        min_num = 1
        max_num = 30


#: The fixed scales; a keuze question's values are the positions of its choices.
SCALES = {"likert": LIKERT, "smiley": SMILEYS, "cijfer": CIJFERS, "ja_nee": JA_NEE}


def allowed_values(block_type: str, value) -> dict:
    """value -> label of one question (``value``: the block's StructValue)."""
    if block_type == "keuze":
        return {i: text for i, text in enumerate(value["keuzes"])}
    return SCALES.get(block_type, {})
