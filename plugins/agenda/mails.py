"""Mail hooks for the agenda (stub; helper A3 fills in the bodies).

The services call these inside their transaction; the real versions register
``transaction.on_commit`` callbacks so a mail is only sent for data that was
actually stored.
"""

from __future__ import annotations


def schedule_bevestiging(aanmelding_id: int) -> None:
    """Confirmation (or waiting-list notice) after a sign-up or merge."""


def schedule_promotie(aanmelding_id: int) -> None:
    """Notice that a registration moved from the waiting list to confirmed."""


def schedule_wijziging(bijeenkomst_id: int, afgelast: bool) -> None:
    """Notice to all registered people that a meeting changed or was cancelled."""
