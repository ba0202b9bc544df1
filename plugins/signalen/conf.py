"""Signalen's settings, declared for the core (``SignalenConfig.SteunpuntPluginMeta.settings``).

Imported by apps.py, so by the settings module before the app registry
exists: nothing here may import models.
"""

from django.utils.translation import gettext_lazy as _

from distro.plugins import Setting, at_least

SETTINGS = (
    Setting(
        "STEUNPUNT_SIGNALEN_NOTITIE_BEWAARTERMIJN_DAGEN",
        int,
        365,
        _(
            "Dagen dat de korte notitie bij een registratie bewaard blijft (ook de tekst van 'Deel je "
            "ervaring'). Daarna verwijdert een vaste taak de notitie; de registratie blijft als cijfer."
        ),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_SIGNALEN_BESTUUR_EMAILS",
        list,
        [],
        _(
            "E-mailadressen die elk kwartaal het verslag voor het bestuur krijgen. Leeg: de leden van de "
            "groep Bestuur met een e-mailadres."
        ),
    ),
)
