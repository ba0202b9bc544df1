from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "distro.outbox"
    label = "outbox"
    verbose_name = _("E-mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from distro.roles import STEUNPUNT
        from distro.roles.policies import RoleOnlyPermissionPolicy

        from . import grants, jobs  # noqa: F401
        from .models import Verzending

        # Deliveries name questions and registrations: the Steunpunt role only, superusers included.
        register_permission_policy(Verzending, RoleOnlyPermissionPolicy(Verzending, STEUNPUNT))
