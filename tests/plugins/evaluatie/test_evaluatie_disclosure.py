"""The dashboard and the export as the Steunpunt sees them: no small number, none to work out.

Over random response sets (hypothesis): every count on the results page and in
the protected CSV is 0, at least k, "< k" or hidden; and for every cell hidden
because it was below k, a linear-programming audit of everything the page
publishes about that question (the shown cells, the total, "beantwoord door")
finds that the hidden value could be anything from 0 to at least k.
"""

import csv
import io
import math
import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from plugins.evaluatie.blocks import LIKERT
from plugins.evaluatie.models import RESPONSE_FIELDS, Antwoord, Reactie

pytestmark = pytest.mark.django_db
K = 5


def store(formulier, counts: dict[int, int]):
    """One response per count, answering only the likert question (others left empty)."""
    Reactie.objects.all().delete()
    key = formulier.translation_key
    reacties = [
        Reactie(id=uuid.uuid4(), formulier=key, taal="nl", doelgroep="ouders", vrijgegeven=True)
        for value, n in counts.items()
        for _ in range(n)
    ]
    Reactie.objects.bulk_create(reacties)
    values = [value for value, n in counts.items() for _ in range(n)]
    Antwoord.objects.bulk_create(
        Antwoord(reactie=r, vraag=formulier.vraag("likert"), waarde=v, **{f: getattr(r, f) for f in RESPONSE_FIELDS})
        for r, v in zip(reacties, values, strict=True)
    )


def page_cells(html: str) -> tuple[dict[str, str], str | None]:
    soup = BeautifulSoup(html, "html.parser")
    caption = soup.find("caption", string="Antwoorden op vraag 1")
    if caption is None:
        return {}, None
    table = caption.parent
    for hidden_text in table.select(".w-sr-only"):  # "verborgen", for screen readers, next to the ×
        hidden_text.decompose()
    cells = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in table.tbody.find_all("tr")}
    total = table.tfoot.td.get_text(strip=True) if table.tfoot else None
    return cells, total


def number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def attacker_range(target, cells: dict[str, int | None], total: int | None):
    unknown = [label for label, value in cells.items() if value is None]
    if total is None:
        return 0, math.inf
    row = [1.0] * len(unknown)
    rhs = total - sum(v for v in cells.values() if v is not None)
    found = []
    for direction in (1, -1):
        objective = [direction if label == target else 0.0 for label in unknown]
        result = linprog(objective, A_eq=[row], b_eq=[rhs], bounds=[(0, None)] * len(unknown))
        found.append(direction * result.fun)
    return found


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=5, max_size=5))
def test_no_shown_or_exported_count_is_small_and_no_hidden_one_can_be_worked_out(
    client, formulier, steunpunt_medewerker, settings, counts
):
    settings.STEUNPUNT_DISCLOSURE_K = K
    formulier.open_tot = formulier.open_vanaf  # closed: results show from k responses, not later
    formulier.save()
    true = dict(zip(LIKERT, counts, strict=True))
    store(formulier, true)
    client.force_login(steunpunt_medewerker)
    html = client.get(reverse("evaluatie_admin:results", args=[formulier.pk])).content.decode()
    cells, total = page_cells(html)
    exported = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("evaluatie_admin:export", args=[formulier.pk, "csv"])).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    export_cells = {row[1]: row[2] for row in exported[1:] if row[0] == "De avond was nuttig"}

    if sum(counts) < K:
        assert not cells and not export_cells and "Te weinig reacties" in html
        return
    labels = {str(label): value for value, label in LIKERT.items()}
    assert set(cells) == set(labels) and export_cells == cells
    for label, text in cells.items():
        value = number(text)
        assert value is None or not 0 < value < K, (label, text)
        if value is not None:
            assert value == true[labels[label]]
    shown = {label: number(text) for label, text in cells.items()}
    published_total = number(total) if total else None
    if published_total is not None:
        assert published_total == sum(counts)
        assert f"Beantwoord door {published_total}" in html
    for label, text in cells.items():
        if text == f"< {K}":
            low, high = attacker_range(label, shown, published_total)
            assert low <= 1e-6 and high >= K - 1e-6, (label, low, high, cells, total)
