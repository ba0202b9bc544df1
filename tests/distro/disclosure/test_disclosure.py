"""Disclosure control: no small count is shown, and none can be worked out from what is shown.

The property test checks the second claim with its own linear programs over
exactly what a table publishes (not with the module's audit): for every cell
hidden for being small, both 0 and k must be consistent with every shown
count and total.
"""

import math

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from distro import disclosure
from distro.disclosure.tables import TOTAL, Table


def test_a_small_count_reads_less_than_k_and_zero_and_large_counts_are_shown(settings):
    settings.STEUNPUNT_DISCLOSURE_K = 5
    assert [disclosure.count(n) for n in (0, 1, 4, 5, 120)] == ["0", "< 5", "< 5", "5", "120"]


def test_k_is_configurable_but_never_below_three(settings):
    settings.STEUNPUNT_DISCLOSURE_K = 10
    assert disclosure.count(9) == "< 10"
    settings.STEUNPUNT_DISCLOSURE_K = 1
    assert disclosure.k() == 3 and disclosure.count(2) == "< 3"


def test_a_mean_needs_k_responses(settings):
    settings.STEUNPUNT_DISCLOSURE_K = 5
    assert disclosure.mean(16, 4) is None and not disclosure.enough(4)
    assert disclosure.mean(18, 5) == 3.6


def test_one_small_count_next_to_a_total_hides_a_second_cell(settings):
    settings.STEUNPUNT_DISCLOSURE_K = 5
    table = Table(
        rows=["ja", "nee", "weet niet"],
        columns=["n"],
        values={("ja", "n"): 30, ("nee", "n"): 12, ("weet niet", "n"): 2},
        row_totals=False,
    )
    protected = table.protect()
    shown = {row: cells[0].text for row, cells, _total in protected.rows()}
    # "nee" is hidden too: otherwise 44 - 30 - 12 gives the 2 back.
    assert shown == {"ja": "30", "nee": "×", "weet niet": "< 5"}
    assert protected.totals()[0][0].text == "44"


def test_a_two_way_table_hides_a_rectangle(settings):
    settings.STEUNPUNT_DISCLOSURE_K = 5
    values = {("po", "vraag"): 3, ("po", "zorg"): 20, ("vo", "vraag"): 15, ("vo", "zorg"): 25}
    protected = Table(rows=["po", "vo"], columns=["vraag", "zorg"], values=values).protect()
    assert protected.cell("po", "vraag").reason == "klein"
    # Its row, its column and the fourth corner: the only way totals cannot give it away.
    assert {key for key in protected.hidden if TOTAL not in key} == set(values)
    assert protected.cell(TOTAL, TOTAL).text == "63"


def test_no_small_numbers_means_nothing_hidden(settings):
    settings.STEUNPUNT_DISCLOSURE_K = 5
    values = {("a", "x"): 0, ("a", "y"): 7, ("b", "x"): 9, ("b", "y"): 12}
    protected = Table(rows=["a", "b"], columns=["x", "y"], values=values).protect()
    assert not protected.any_hidden and protected.cell("a", "x").text == "0"


# --- the property ----------------------------------------------------------------------------


def independent_equations(rows, columns, row_totals, column_totals):
    equations = []
    if row_totals:
        equations += [((r, TOTAL), [(r, c) for c in columns]) for r in rows]
    if column_totals:
        equations += [((TOTAL, c), [(r, c) for r in rows]) for c in columns]
    if row_totals and column_totals:
        equations += [((TOTAL, TOTAL), [(r, c) for r in rows for c in columns])]
    return equations


def attacker_range(cell, equations, published, unknown):
    """min and max of ``cell`` over all non-negative fillings of the unknowns that fit what is shown."""
    index = {u: i for i, u in enumerate(unknown)}
    a_eq, b_eq = [], []
    for total, parts in equations:
        row, constant = [0.0] * len(unknown), 0.0
        for member, sign in [(total, 1)] + [(p, -1) for p in parts]:
            if member in index:
                row[index[member]] += sign
            else:
                constant += sign * published[member]
        if any(row):
            a_eq.append(row)
            b_eq.append(-constant)
    found = []
    for direction in (1, -1):
        objective = [0.0] * len(unknown)
        objective[index[cell]] = direction
        result = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=[(0, None)] * len(unknown))
        found.append(math.inf if result.status == 3 else direction * result.fun)
    return found


counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def tables(draw):
    rows = [f"r{i}" for i in range(draw(st.integers(1, 4)))]
    columns = [f"c{i}" for i in range(draw(st.integers(1, 4)))]
    values = {(r, c): draw(counts) for r in rows for c in columns}
    return rows, columns, values, draw(st.booleans()), draw(st.booleans()), draw(st.integers(3, 6))


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables())
def test_no_shown_cell_is_small_and_no_hidden_small_cell_can_be_worked_out(example):
    rows, columns, values, row_totals, column_totals, k = example
    protected = Table(rows, columns, values, row_totals, column_totals).protect(threshold=k)
    shown = {}
    everything = list(protected.true_values)
    for key in everything:
        cell = protected.cell(*key)
        if cell.hidden:
            assert not any(str(n) == cell.text for n in range(1, k))
        else:
            assert not 0 < cell.value < k, (key, cell)
            shown[key] = cell.value
    equations = independent_equations(rows, columns, row_totals, column_totals)
    unknown = [key for key in everything if key not in shown]
    for key in unknown:
        if protected.cell(*key).reason == "klein":
            low, high = attacker_range(key, equations, shown, unknown)
            assert low <= 1e-6 and high >= k - 1e-6, (key, low, high, shown)


# --- The audit's shortcuts give the answers of the plain programs -----------------------------


@st.composite
def linked_tables(draw):
    """Two-way tables over the same rows (a quarter and its months, say), some cells hidden."""
    rows, columns, tables = draw(st.integers(2, 4)), draw(st.integers(2, 3)), draw(st.integers(1, 3))
    values, equations = {}, []
    for t in range(tables):
        for r in range(rows):
            for c in range(columns):
                values[(t, r, c)] = draw(st.integers(0, 9))
            values[(t, r, TOTAL)] = sum(values[(t, r, c)] for c in range(columns))
            equations.append(((t, r, TOTAL), tuple((t, r, c) for c in range(columns))))
        for c in [*range(columns), TOTAL]:
            values[(t, TOTAL, c)] = sum(values[(t, r, c)] for r in range(rows))
            equations.append(((t, TOTAL, c), tuple((t, r, c) for r in range(rows))))
    cells = sorted(values, key=repr)
    hidden = draw(st.lists(st.sampled_from(cells), min_size=1, unique=True))
    later = draw(st.lists(st.sampled_from([c for c in cells if c not in hidden] or cells), unique=True, max_size=4))
    return values, equations, hidden, [c for c in later if c not in hidden]


@hypothesis_settings(max_examples=120, deadline=None)
@given(linked_tables(), st.integers(3, 6))
def test_the_audit_answers_as_two_plain_programs_would_also_after_hiding_more(example, threshold):
    from distro.disclosure import audit

    values, equations, hidden, later = example
    system = audit.System(equations, {k: v for k, v in values.items() if k not in hidden}, hidden)
    shown = set(hidden)
    for step in [None, *later]:
        if step is not None:
            system.hide(step)
            shown.add(step)
        published = {k: v for k, v in values.items() if k not in shown}
        plain = audit.ranges(equations, published, sorted(shown, key=repr))
        for cell in sorted(shown, key=repr):
            assert system.protects(cell, threshold) == audit.protects(*plain[cell], threshold), (cell, step)


def test_a_cell_that_cannot_be_zero_stays_unsafe_when_asked_again():
    from distro.disclosure import audit

    # x + y = 7 and y + z = 6: x is at least 1 (and at most 7), whatever y and z are.
    equations = [("T", ("x", "y")), ("U", ("y", "z"))]
    system = audit.System(equations, {"T": 7, "U": 6}, ["x", "y", "z"])
    assert audit.ranges(equations, {"T": 7, "U": 6}, ["x", "y", "z"])["x"] == (1.0, 7.0)
    assert [system.protects("x", 5) for _ in range(3)] == [False, False, False]
    assert system.protects("y", 5) and system.protects("z", 5)
