"""A health check: ``steunpunt check`` and /gezond warn when the welcome text is empty."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distro.extensions import HealthCheck, HealthResult, health_checks


def groet_is_ingevuld() -> HealthResult:
    if not settings.STEUNPUNT_VOORBEELD_GROET.strip():
        return HealthResult.warning(
            _("STEUNPUNT_VOORBEELD_GROET is leeg: er staat geen welkomstblok op de startpagina.")
        )
    return HealthResult.ok(_("Het welkomstblok op de startpagina heeft een tekst."))


def register():
    """Called by VoorbeeldConfig.ready()."""
    health_checks.register(
        HealthCheck(
            "voorbeeld.groet",
            groet_is_ingevuld,
            gettext_lazy("Het welkomstblok heeft een tekst"),
            module=groet_is_ingevuld.__module__,
        )
    )
