from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig

from . import conf


class SignalenConfig(PluginConfig):
    name = "plugins.signalen"
    label = "signalen"
    verbose_name = _("Signalen")

    class SteunpuntPluginMeta:
        name = "signalen"
        verbose_name = _("Signalen")
        description = _("Registreer vragen en signalen en maak er een anonieme rapportage van voor het bestuur.")
        version = "0.1.0"
        #: Reads the other plugins' figures through the core's extension points; needs none of them.
        requires = ()
        settings = conf.SETTINGS

    def ready(self):
        # Django: these modules import the models, which need the app registry.
        from . import caching, grants, jobs, mailing, receivers, retention

        caching.register()
        grants.register()
        jobs.register()
        mailing.register()
        receivers.connect()
        retention.register()
