"""The agenda's settings, declared for the core (``AgendaConfig.SteunpuntPluginMeta.settings``).

Imported by apps.py, so by the settings module before the app registry
exists: nothing here may import models.
"""

from django.utils.translation import gettext_lazy as _

from distro.plugins import Setting, at_least

SETTINGS = (
    Setting(
        "STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN",
        int,
        30,
        _(
            "Dagen na de laatste datum van een bijeenkomst dat de gegevens van aanmeldingen (naam, e-mail, "
            "antwoorden) bewaard blijven. Daarna maakt een vaste taak ze anoniem; alleen de aantallen blijven."
        ),
        validate=at_least(1),
    ),
    Setting(
        "STEUNPUNT_AGENDA_HERINNERING_UREN",
        int,
        24,
        _(
            "Hoeveel uur voor een bijeenkomst de herinnering per e-mail gaat. Wie zich binnen die tijd "
            "aanmeldt of van de wachtlijst komt, kreeg net een e-mail met alles erin en krijgt geen "
            "herinnering erbij."
        ),
        validate=at_least(1),
    ),
)
