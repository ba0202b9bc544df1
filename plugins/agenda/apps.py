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
        # Django: these modules import the agenda's models, which only exist once the app registry is ready.
        from . import bericht, caching, grants, health, jobs, receivers, receivers_mail, report, retention, tasks
        from .models import declare_translatable_fields  # Django: the same reason, models need the registry.

        declare_translatable_fields()
        grants.register()
        jobs.register()
        retention.register()
        tasks.register()
        bericht.register()
        caching.register()
        receivers.connect()
        receivers_mail.connect()
        report.connect()
        health.register()
