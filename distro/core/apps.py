from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "distro.core"
    label = "core"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: these modules import models (the task results, Wagtail's image
        # model, the outbox and job runs the health checks read), which only exist
        # once the app registry is ready.
        from distro import health as distro_health  # Django: see above

        from . import exports, health, images, jobs  # Django: see above

        jobs.register()
        health.register()
        exports.guard_wagtail_exports()
        images.apply_pixel_limit()
        images.connect()
        checks.register(distro_health.system_check, "steunpunt")
