"""No report, alone or next to the other stored reports, shows or gives away a count from 1 to k-1.

A property-based test: hypothesis makes random registrations and a random
series of overlapping reports (months, quarters, a half year), made one after
the other as staff would. Then an audit of its own, written apart from the
production code: the attacker knows every published cell of every stored
report, that each report's cell is the sum of the same cell in its months,
and that within a month every total is the sum of its parts. For every cell
a report hid for being small, linear programming over all of that must find
both 0 and k possible.
"""

import datetime

import numpy as np
import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

from plugins.signalen import freezing, periods, report, structure
from plugins.signalen.models import Rapport, Registratie, Telling, Thema

MONTHS = [periods.month(2026, m) for m in range(1, 7)]
PERIODS = {
    **{f"maand {i + 1}": ("maand", *MONTHS[i]) for i in range(6)},
    "kwartaal 1": ("kwartaal", *periods.quarter(2026, 1)),
    "kwartaal 2": ("kwartaal", *periods.quarter(2026, 2)),
    "half jaar": ("anders", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
}

registration = st.fixed_dictionaries(
    {
        "maand": st.integers(0, 2) | st.integers(0, 5),
        "kanaal": st.sampled_from(["telefoon", "email"]),
        "vraagsteller": st.sampled_from(["ouder", "jongere"]),
        "schoolsoort": st.sampled_from(["po", "vo", "so", ""]),
        "aard": st.sampled_from(["vraag", "klacht", "signaal"]),
        "afhandeling": st.sampled_from(["advies", "doorverwezen", ""]),
        "themas": st.sets(st.sampled_from([0, 1]), max_size=2),
    }
)


def true_month_counts():
    """Per month and cell, the true count: the pieces of time an attacker may single out."""
    found = {}
    for registratie in Registratie.objects.prefetch_related("themas"):
        month = registratie.datum.month - 1
        row = {
            "kanaal": registratie.kanaal,
            "vraagsteller": registratie.vraagsteller,
            "schoolsoort": registratie.schoolsoort,
            "gemeente": "",
            "aard": registratie.aard,
            "afhandeling": registratie.afhandeling,
            "organisatie": "",
        }
        themes = [str(t.pk) for t in registratie.themas.all()]
        for cell_key, n in structure.contributions(row, themes).items():
            found[(month, cell_key)] = found.get((month, cell_key), 0) + n
    return found


def published_everywhere():
    """(variables, equations as {variable: coefficient} = constant, cells to check) for all stored reports."""
    variables: dict = {}

    def var(name):
        return variables.setdefault(name, len(variables))

    rows, small = [], []
    for rapport in Rapport.objects.all():
        cells, k = rapport.inhoud["cellen"], rapport.k
        months = [i for i, (start, end) in enumerate(MONTHS) if rapport.start <= start and end <= rapport.eind]
        for cell_key, value in cells.items():
            assert value is None or value == 0 or value >= k, (rapport.titel, cell_key, value)
            parts = {var(("maand", i, cell_key)): -1.0 for i in months}
            if value is None:
                parts[var((rapport.pk, cell_key))] = 1.0
                rows.append((parts, 0.0))
            else:
                rows.append((parts, -float(value)))
        small += [((rapport.pk, cell_key), k) for cell_key in rapport.inhoud["klein"]]
        values = {d: [(v, "") for v in options] for d, options in rapport.inhoud["waarden"].items()}
        for i in months:
            for total, parts in structure.equations(list(cells), values):
                row = {var(("maand", i, total)): 1.0}
                for part in parts:
                    row[var(("maand", i, part))] = row.get(var(("maand", i, part)), 0.0) - 1.0
                rows.append((row, 0.0))
    return variables, rows, small


def system(variables, rows):
    matrix = lil_matrix((len(rows), len(variables)))
    for r, (coefficients, _b) in enumerate(rows):
        for column, value in coefficients.items():
            matrix[r, column] += value
    return matrix.tocsr(), np.array([b for _c, b in rows])


def extremes(variables, equations, target):
    matrix, b = equations
    found = []
    for sign in (1, -1):
        objective = np.zeros(len(variables))
        objective[variables[target]] = sign
        result = linprog(objective, A_eq=matrix, b_eq=b, bounds=(0, None), method="highs")
        assert result.status in (0, 3), result.message
        found.append(np.inf if result.status == 3 else sign * result.fun)
    return found


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    data=st.lists(registration, min_size=10, max_size=120),
    made=st.lists(st.sampled_from(sorted(PERIODS)), min_size=2, max_size=5, unique=True),
)
def test_no_small_count_can_be_worked_out_from_all_stored_reports(site, data, made):
    Rapport.objects.all().delete()
    Registratie.objects.all().delete()
    Telling.objects.all().delete()
    Thema.objects.all().delete()
    themas = [Thema.objects.create(naam="Thuiszitten"), Thema.objects.create(naam="Vervoer")]
    for item in data:
        registratie = Registratie.objects.create(
            datum=MONTHS[item["maand"]][0] + datetime.timedelta(days=3),
            **{f: item[f] for f in ("kanaal", "vraagsteller", "schoolsoort", "aard", "afhandeling")},
        )
        registratie.themas.set([themas[i] for i in item["themas"]])
    for name in made:
        soort, start, end = PERIODS[name]
        report.make(soort, start, end)
    variables, rows, small = published_everywhere()
    # Every month with a small true count that some report's cells depend on is a group too.
    k = Rapport.objects.first().k
    small += [
        (("maand", month, cell_key), k)
        for (month, cell_key), n in true_month_counts().items()
        if 0 < n < k and ("maand", month, cell_key) in variables
    ]
    equations = system(variables, rows)
    for target, k in small:
        low, high = extremes(variables, equations, target)
        assert low <= 1e-6 and high >= k - 1e-6, (target, low, high, made)


@pytest.mark.django_db
def test_a_quarter_next_to_its_months_does_not_give_a_small_month_away(site):
    """January has 3 e-mails (hidden), February none, March 6: a quarter showing 9 would say "3"."""
    for month, emails in ((0, 3), (1, 0), (2, 6)):
        for n in range(emails):
            Registratie.objects.create(
                datum=MONTHS[month][0] + datetime.timedelta(days=n), kanaal="email", aard="vraag", vraagsteller="ouder"
            )
        for n in range(12):
            Registratie.objects.create(
                datum=MONTHS[month][0] + datetime.timedelta(days=n),
                kanaal="telefoon",
                aard="vraag",
                vraagsteller="ouder",
            )
    january = report.make("maand", *MONTHS[0])
    assert january.inhoud["cellen"]["r|kanaal=email"] is None
    for month in MONTHS[1:3]:
        report.make("maand", *month)
    quarter = report.make("kwartaal", *periods.quarter(2026, 1))
    shown = quarter.inhoud["cellen"]
    march = Rapport.objects.get(start=MONTHS[2][0]).inhoud["cellen"]
    # Whatever the quarter shows, January's e-mails cannot be worked out from it.
    assert not (shown["r|kanaal=email"] is not None and march["r|kanaal=email"] is not None)
    variables, rows, small = published_everywhere()
    equations = system(variables, rows)
    for target, k in small:
        low, high = extremes(variables, equations, target)
        assert low <= 1e-6 and high >= k - 1e-6, (target, low, high)


def _contact(day, **fields):
    values = {
        "kanaal": "telefoon",
        "vraagsteller": "ouder",
        "aard": "vraag",
        "schoolsoort": "po",
        "afhandeling": "advies",
    }
    return Registratie.objects.create(datum=day, **({"minuten": 20} | values | fields))


def _assert_nothing_small_can_be_worked_out():
    variables, rows, small = published_everywhere()
    small += [
        (("maand", month, cell_key), 5)
        for (month, cell_key), n in true_month_counts().items()
        if 0 < n < 5 and ("maand", month, cell_key) in variables
    ]
    equations = system(variables, rows)
    for target, k in small:
        low, high = extremes(variables, equations, target)
        assert low <= 1e-6 and high >= k - 1e-6, (target, low, high)


@pytest.mark.django_db
def test_a_month_made_after_its_quarter_does_not_give_the_other_months_away(site):
    """The reviewer's case: Q1 first, then January; February's 2 klachten must stay hidden."""
    for _n in range(20):
        _contact(datetime.date(2026, 1, 10))
        _contact(datetime.date(2026, 3, 10))
    for _n in range(7):
        _contact(datetime.date(2026, 1, 11), aard="klacht")
    _contact(datetime.date(2026, 2, 10), aard="klacht", schoolsoort="vso")
    _contact(datetime.date(2026, 2, 10), aard="klacht", schoolsoort="vso")
    quarter = report.make("kwartaal", *periods.quarter(2026, 1))
    january = report.make("maand", *MONTHS[0])
    q, j = quarter.inhoud["cellen"], january.inhoud["cellen"]
    assert not (q["r|aard=klacht"] is not None and j["r|aard=klacht"] is not None)
    # The klachten's mean minutes in both would give the minutes of February's two.
    assert not ("klacht" in quarter.inhoud["tijd"]["per"]["aard"] and "klacht" in january.inhoud["tijd"]["per"]["aard"])
    _assert_nothing_small_can_be_worked_out()


@pytest.mark.django_db
def test_a_late_or_changed_registration_never_shows_as_the_difference_of_two_reports(site):
    """The reviewer's case: after Q1 is reported, one late contact dated 30 March is entered and an
    old one is reclassified; a report over the same days must count them as before."""
    first = [_contact(datetime.date(2026, 1, 5)) for _ in range(40)]
    quarter = report.make("kwartaal", *periods.quarter(2026, 1))
    _contact(datetime.date(2026, 3, 30), kanaal="whatsapp", vraagsteller="jongere", aard="zorg", minuten=45)
    first[0].aard = "klacht"
    first[0].save()
    again = report.make("anders", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert again.inhoud["cellen"] == quarter.inhoud["cellen"]
    assert again.inhoud["tijd"] == quarter.inhoud["tijd"]
    # The late one counts on the day it was entered, in the next period that is reported.
    assert not Telling.objects.filter(kanaal="whatsapp").exists()
    freezing.freeze(timezone.localdate(), timezone.localdate())
    late = Telling.objects.get(kanaal="whatsapp")
    assert late.teldatum == timezone.localdate() and Telling.objects.filter(aard="klacht").count() == 0
