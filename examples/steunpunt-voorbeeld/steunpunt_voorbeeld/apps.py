from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig, Setting


class VoorbeeldConfig(PluginConfig):
    name = "steunpunt_voorbeeld"
    label = "voorbeeld"
    verbose_name = _("Voorbeeldplugin")

    class SteunpuntPluginMeta:
        name = "voorbeeld"
        verbose_name = _("Voorbeeldplugin")
        description = _("Een welkomstblok op de startpagina, met een tekst die u zelf instelt.")
        version = "1.0.0"
        requires = ()
        # The versions this plugin was written and tested for; others refuse to start it.
        compatibility = {"steunpunt": ">=0.1,<0.2", "wagtail": ">=8.0,<9"}
        settings = (
            Setting(
                "STEUNPUNT_VOORBEELD_GROET",
                str,
                "Welkom bij het ouder- en jeugdsteunpunt!",
                _("De tekst in het welkomstblok op de startpagina. Leeg: geen welkomstblok."),
            ),
        )

    def ready(self):
        # Django: apps.py is read before the app registry is ready; these modules may use models.
        from . import health, receivers

        receivers.connect()
        health.register()
