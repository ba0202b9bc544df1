"""Evaluatie's settings, declared for the core (``EvaluatieConfig.SteunpuntPluginMeta.settings``).

Imported by apps.py, so by the settings module before the app registry
exists: nothing here may import models.
"""

from django.utils.translation import gettext_lazy as _

from distro.plugins import Setting, at_least

SETTINGS = (
    Setting(
        "STEUNPUNT_EVALUATIE_OPMERKINGEN_BEWAARTERMIJN_DAGEN",
        int,
        365,
        _(
            "Dagen dat de opmerkingen bij 'Was deze informatie nuttig?' bewaard blijven. Daarna verwijdert "
            "een vaste taak ze; de aantallen ja en nee blijven. (Hoe lang de antwoorden op een "
            "evaluatieformulier blijven, stelt u per formulier in.)"
        ),
        validate=at_least(1),
    ),
)
