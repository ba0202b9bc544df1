from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig

from . import settings_declared


class InformatiesetSyncConfig(PluginConfig):
    name = "plugins.informatieset_sync"
    label = "informatieset_sync"
    verbose_name = _("Landelijke informatieset")

    class SteunpuntPluginMeta:
        name = "informatieset_sync"
        verbose_name = _("Landelijke informatieset")
        description = _("De landelijke informatieset passend onderwijs, automatisch bijgewerkt.")
        version = "0.1.0"
        requires = ()
        settings = settings_declared.SETTINGS

    def ready(self):
        super().ready()
        from . import health  # imports models: only once the app registry is ready

        health.register()
