"""The page cache's health check: can every worker reach the shared store?"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distro.extensions import HealthCheck, HealthResult, health_checks

from . import store

PROBE_KEY = "health-probe"


def page_cache() -> HealthResult:
    if not store.enabled():
        return HealthResult.warning(_("De paginacache staat uit (STEUNPUNT_PAGE_CACHE). De site is daardoor trager."))
    try:
        store.backend().set(PROBE_KEY, "ok", timeout=60)
        readable = store.backend().get(PROBE_KEY) == "ok"
    except Exception:
        readable = False
    if not readable:
        # Without the store the site still works, uncached: a warning, not an error.
        return HealthResult.warning(
            _("De paginacache is niet bereikbaar (Redis of de map var/cache). Pagina's worden steeds opnieuw gemaakt.")
        )
    return HealthResult.ok(_("De paginacache werkt."))


def register() -> None:
    health_checks.register(
        HealthCheck(
            name="paginacache",
            check=page_cache,
            description=gettext_lazy("Kunnen alle processen de paginacache bereiken?"),
            module=__name__,
        )
    )
