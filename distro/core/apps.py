from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "distro.core"
    label = "core"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import jobs  # noqa: F401  (registers the retention job)
        from .exports import guard_wagtail_exports

        guard_wagtail_exports()

        from . import images

        images.apply_pixel_limit()
        images.connect()

        self._register_health()

    def _register_health(self):
        from django.core import checks

        from distro import health  # imports models: only once the app registry is ready

        from . import health as core_health  # the same

        core_health.register()
        checks.register(health.system_check, "steunpunt")
