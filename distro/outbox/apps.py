from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from distro.roles import STEUNPUNT


class OutboxConfig(AppConfig):
    name = "distro.outbox"
    label = "outbox"
    verbose_name = _("E-mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: Wagtail's policies and these modules import models, which only exist once the
        # app registry is ready.
        from wagtail.permissions import register_permission_policy

        from distro.roles.policies import RoleOnlyPermissionPolicy  # Django: see above

        from . import grants, jobs, notifications  # Django: see above
        from .models import Verzending  # Django: see above

        # Deliveries name questions and registrations: the Steunpunt role only, superusers included.
        register_permission_policy(Verzending, RoleOnlyPermissionPolicy(Verzending, STEUNPUNT))
        grants.register()
        jobs.register()
        notifications.register()
