from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig

from . import conf


class AgendaConfig(PluginConfig):
    name = "plugins.agenda"
    label = "agenda"
    verbose_name = _("Agenda")

    class SteunpuntPluginMeta:
        name = "agenda"
        verbose_name = _("Agenda")
        description = _("Bijeenkomsten en thema-avonden met aanmelden, wachtlijst en herinneringen.")
        version = "0.1.0"
        requires = ()
        settings = conf.SETTINGS

    def ready(self):
        super().ready()
        from . import health  # imports models: only once the app registry is ready

        health.register()
