"""The welcome panel on the home page, through the core's ``home_page_panels`` extension point."""

from django.conf import settings
from django.utils.translation import gettext as _

from distro.extensions import HomePanel, home_page_panels


def welkom_panel(signal, sender, request, page, **kwargs):
    """The text of STEUNPUNT_VOORBEELD_GROET in a panel; no panel when it is empty."""
    groet = settings.STEUNPUNT_VOORBEELD_GROET.strip()
    if not groet:
        return None
    return HomePanel(
        title=_("Welkom"),
        template="steunpunt_voorbeeld/welkom_panel.html",
        context={"groet": groet},
        # After the agenda's "Binnenkort" (50): news first, the greeting below it.
        order=200,
    )


def connect():
    """Called by VoorbeeldConfig.ready(): only an enabled plugin is connected."""
    home_page_panels.connect(welkom_panel, dispatch_uid="voorbeeld_welkom_panel")
