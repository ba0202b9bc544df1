from django.utils.translation import gettext_lazy as _

from distro.plugins import PluginConfig


class EvaluatieConfig(PluginConfig):
    name = "plugins.evaluatie"
    label = "evaluatie"
    verbose_name = _("Evaluatie")

    class SteunpuntPluginMeta:
        name = "evaluatie"
        verbose_name = _("Evaluatie")
        description = _("Vraag ouders en jongeren na een bijeenkomst of gesprek om hun mening.")
        version = "0.1.0"
        requires = ("agenda",)
