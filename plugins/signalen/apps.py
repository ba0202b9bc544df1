from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig


class SignalenConfig(PluginConfig):
    name = "plugins.signalen"
    label = "signalen"
    verbose_name = _("Signalen")

    class SteunpuntPluginMeta:
        name = "signalen"
        verbose_name = _("Signalen")
        description = _("Registreer vragen en signalen en maak er een anonieme rapportage van voor het bestuur.")
        version = "0.1.0"
        requires = ()
