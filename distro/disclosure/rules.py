"""The rules for one figure: a count, a mean, a group that may be shown at all."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

#: The lowest k anyone may configure: below 3, "< k" would say "1 or 2" about a person.
MINIMUM_K = 3
DEFAULT_K = 5
TOO_FEW = _("te weinig reacties")


def k() -> int:
    return max(MINIMUM_K, int(getattr(settings, "STEUNPUNT_DISCLOSURE_K", DEFAULT_K)))


def small(value: int, threshold: int | None = None) -> bool:
    """A count that must not be shown: 1 to k-1."""
    return 0 < value < (threshold or k())


def count(value: int) -> str:
    """A single count as it may be shown: "< 5" for 1 to 4, otherwise the number."""
    threshold = k()
    return f"< {threshold}" if small(value, threshold) else str(value)


def enough(responses: int) -> bool:
    """Whether a mean, a distribution or a filtered group over ``responses`` may be shown."""
    return responses >= k()


def mean(total: float, responses: int, digits: int = 1) -> float | None:
    """The mean over at least k responses, or None (show ``TOO_FEW``)."""
    if not enough(responses):
        return None
    return round(total / responses, digits)
