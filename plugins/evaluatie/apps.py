from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig

from . import conf


class EvaluatieConfig(PluginConfig):
    name = "plugins.evaluatie"
    label = "evaluatie"
    verbose_name = _("Evaluatie")

    class SteunpuntPluginMeta:
        name = "evaluatie"
        verbose_name = _("Evaluatie")
        description = _("Vraag ouders en jongeren na een bijeenkomst of gesprek om hun mening.")
        version = "0.1.0"
        #: Works on its own; with the agenda it also invites the people who came to a meeting.
        requires = ()
        settings = conf.SETTINGS

    def ready(self):
        # Django: these modules import the models, which need the app registry.
        from . import caching, feedback, grants, mailing, report, retention

        caching.register()
        feedback.connect()
        grants.register()
        mailing.register()
        report.connect()
        retention.register()
