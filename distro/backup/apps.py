from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "distro.backup"
    label = "backup"
    verbose_name = _("Back-ups")

    def ready(self):
        # Django: the job reads settings and the backup service, which import models.
        from . import jobs

        jobs.register()
