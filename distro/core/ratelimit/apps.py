from django.apps import AppConfig


class RatelimitConfig(AppConfig):
    """The per-IP form limit's counters: an app of its own so its table comes with ``migrate``."""

    name = "distro.core.ratelimit"
    label = "steunpunt_ratelimit"
    verbose_name = "Limiet op formulieren"
    default_auto_field = "django.db.models.BigAutoField"
