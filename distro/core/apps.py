from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "distro.core"
    label = "core"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: these modules import models (the task results, Wagtail's image
        # model), which only exist once the app registry is ready.
        from . import exports, images, jobs

        jobs.register()
        exports.guard_wagtail_exports()
        images.apply_pixel_limit()
        images.connect()
