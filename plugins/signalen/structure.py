"""The shape of a board report: its breakdowns, the keys of its cells and the sums between them.

Every count in a report is a *cell* with a key such as ``r|aard=klacht|schoolsoort=vso``:
the family (``r`` counts registrations, ``t`` counts theme mentions, since one
registration can have several themes) and the categories it is limited to.
The same key is the same number wherever it appears: the "klacht" row total
of the nature × handling table is the "klacht" cell of the nature table.
From the keys alone follow the equations an attacker can use (a total is the
sum of its parts); ``equations`` writes them out for the disclosure control.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from distro.socialekaart.models import Gemeente, Organisatie

from .registraties import Aard, Afhandeling, Kanaal, Schoolsoort, Thema, Vraagsteller

REGISTRATIONS = "r"
MENTIONS = "t"
UNKNOWN = ""


@dataclass(frozen=True)
class Breakdown:
    """A one- or two-way table of the report."""

    id: str
    title: str
    family: str
    rows: str
    columns: str = ""
    #: Limited to these categories (e.g. the referrals: afhandeling=doorverwezen).
    within: tuple[tuple[str, str], ...] = ()
    chart: bool = False


BREAKDOWNS = (
    Breakdown("thema", _("Thema's"), MENTIONS, "thema", chart=True),
    Breakdown("kanaal", _("Kanaal"), REGISTRATIONS, "kanaal", chart=True),
    Breakdown("vraagsteller", _("Wie vraagt"), REGISTRATIONS, "vraagsteller", chart=True),
    Breakdown("schoolsoort", _("Soort school"), REGISTRATIONS, "schoolsoort", chart=True),
    Breakdown("gemeente", _("Gemeente"), REGISTRATIONS, "gemeente"),
    Breakdown("aard", _("Soort contact"), REGISTRATIONS, "aard", chart=True),
    Breakdown("afhandeling", _("Afhandeling"), REGISTRATIONS, "afhandeling", chart=True),
    Breakdown(
        "doorverwezen",
        _("Doorverwezen naar"),
        REGISTRATIONS,
        "organisatie",
        within=(("afhandeling", Afhandeling.DOORVERWEZEN),),
    ),
    Breakdown("thema_schoolsoort", _("Thema's per soort school"), MENTIONS, "thema", "schoolsoort"),
    Breakdown("aard_afhandeling", _("Soort contact en afhandeling"), REGISTRATIONS, "aard", "afhandeling"),
    Breakdown("kanaal_vraagsteller", _("Kanaal en wie vraagt"), REGISTRATIONS, "kanaal", "vraagsteller"),
)


def key(family: str, **categories) -> str:
    return "|".join([family, *(f"{d}={categories[d]}" for d in sorted(categories))])


def parse(cell_key: str) -> tuple[str, dict[str, str]]:
    family, *parts = cell_key.split("|")
    return family, dict(part.split("=", 1) for part in parts)


#: The dimensions whose labels are the software's words, not names from the database: a stored
#: report shows them in the reader's language (the names it stored are Dutch).
FIXED_CHOICES = {
    "kanaal": Kanaal,
    "vraagsteller": Vraagsteller,
    "schoolsoort": Schoolsoort,
    "aard": Aard,
    "afhandeling": Afhandeling,
}


def _unknown_label(dimension: str) -> str:
    special = {"afhandeling": _("Nog niet afgehandeld"), "organisatie": _("Geen organisatie gekozen")}
    return str(special.get(dimension, _("Onbekend")))


def label_now(dimension: str, value: str) -> str | None:
    """The label of a fixed choice in the active language, or None for a name from the database."""
    if value == UNKNOWN:
        return _unknown_label(dimension)
    choices = FIXED_CHOICES.get(dimension)
    return str(choices(value).label) if choices is not None and value in choices.values else None


def categories() -> dict[str, list[tuple[str, str]]]:
    """Every dimension's values and labels, as they are now (a report stores them with its figures).

    Every value is always there, 0 included: leaving out an empty row would tell that the
    rows shown are not empty.
    """

    def unknown(dimension):
        return [(UNKNOWN, _unknown_label(dimension))]

    # Every organisation of the sociale kaart: listing those ever referred to would tell that
    # someone was.
    organisations = Organisatie.objects.filter(locale__language_code="nl").values_list("pk", "name").order_by("name")
    fixed = {d: [(v, str(label)) for v, label in choices.choices] + unknown(d) for d, choices in FIXED_CHOICES.items()}
    return {
        "kanaal": fixed["kanaal"],
        "vraagsteller": fixed["vraagsteller"],
        "schoolsoort": fixed["schoolsoort"],
        "gemeente": [(str(pk), name) for pk, name in Gemeente.objects.values_list("pk", "name")] + unknown("gemeente"),
        "aard": fixed["aard"],
        "afhandeling": fixed["afhandeling"],
        "organisatie": [(str(pk), name) for pk, name in organisations] + unknown("organisatie"),
        "thema": [(str(pk), name) for pk, name in Thema.objects.values_list("pk", "naam")],
    }


def cell_keys(values: dict[str, list[tuple[str, str]]]) -> list[str]:
    """Every key the report has: grand totals, each table's cells and margins."""
    keys = {key(REGISTRATIONS), key(MENTIONS)}
    for breakdown in BREAKDOWNS:
        fixed = dict(breakdown.within)
        if fixed:
            keys.add(key(breakdown.family, **fixed))
        for row, _label in values[breakdown.rows]:
            keys.add(key(breakdown.family, **fixed, **{breakdown.rows: row}))
            if breakdown.columns:
                for column, _label in values[breakdown.columns]:
                    keys.add(key(breakdown.family, **fixed, **{breakdown.columns: column}))
                    keys.add(key(breakdown.family, **fixed, **{breakdown.rows: row, breakdown.columns: column}))
    return sorted(keys)


def equations(keys, values, name=lambda k: k) -> list[tuple]:
    """``total = sum(parts)`` for every key whose parts along one dimension are all in ``keys``.

    ``name`` turns a key into the solver's name for it (the report it belongs to, say).
    """
    present = set(keys)
    found = []
    for cell_key in keys:
        family, fixed = parse(cell_key)
        for dimension, options in values.items():
            if dimension in fixed or not options:
                continue
            if dimension == "organisatie" and fixed.get("afhandeling") != Afhandeling.DOORVERWEZEN:
                continue
            if family == REGISTRATIONS and dimension == "thema":
                continue  # a registration can have several themes, or none: no sum
            parts = [key(family, **fixed, **{dimension: value}) for value, _label in options]
            if all(part in present for part in parts):
                found.append((name(cell_key), tuple(name(part) for part in parts)))
    return found


def contributions(row: dict, themes: list[str]) -> dict[str, int]:
    """How much one registration adds to each key (``row`` has the dimensions as strings).

    A registration counts once in each registration cell it falls in, however many tables
    show that cell; it adds one mention per theme to the mention cells.
    """
    found = {key(REGISTRATIONS): 1, key(MENTIONS): len(themes)}
    for breakdown in BREAKDOWNS:
        if any(row.get(d) != v for d, v in breakdown.within):
            continue
        fixed = dict(breakdown.within)
        if breakdown.family == MENTIONS:
            if fixed:
                found[key(MENTIONS, **fixed)] = len(themes)
            for theme in themes:
                found[key(MENTIONS, **fixed, thema=theme)] = 1
                if breakdown.columns:
                    column = {breakdown.columns: row[breakdown.columns]}
                    found[key(MENTIONS, **fixed, **column)] = len(themes)
                    found[key(MENTIONS, **fixed, thema=theme, **column)] = 1
            continue
        if fixed:
            found[key(REGISTRATIONS, **fixed)] = 1
        found[key(REGISTRATIONS, **fixed, **{breakdown.rows: row[breakdown.rows]})] = 1
        if breakdown.columns:
            found[key(REGISTRATIONS, **fixed, **{breakdown.columns: row[breakdown.columns]})] = 1
            found[
                key(
                    REGISTRATIONS,
                    **fixed,
                    **{breakdown.rows: row[breakdown.rows], breakdown.columns: row[breakdown.columns]},
                )
            ] = 1
    return found
