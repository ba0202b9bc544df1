from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "distro.contact"
    label = "contact"
    verbose_name = _("Vragen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from distro.roles import STEUNPUNT
        from distro.roles.policies import RoleOnlyPermissionPolicy

        from . import jobs  # noqa: F401
        from .models import Vraag

        register_permission_policy(Vraag, RoleOnlyPermissionPolicy(Vraag, STEUNPUNT))
