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
        # Django: these modules import the plugin's models, which only exist once the app registry is ready.
        from . import caching, grants, health, jobs, locking, receivers, report

        grants.register()
        caching.register()
        jobs.register()
        locking.connect()
        receivers.connect()
        health.register()
        report.connect()
