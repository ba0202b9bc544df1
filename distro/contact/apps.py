from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from distro.roles import STEUNPUNT


class ContactConfig(AppConfig):
    name = "distro.contact"
    label = "contact"
    verbose_name = _("Vragen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: Wagtail's policies and these modules import models, which only exist once the
        # app registry is ready.
        from wagtail.permissions import register_permission_policy

        from distro.roles.policies import RoleOnlyPermissionPolicy  # Django: see above

        from . import jobs, tasks  # Django: see above
        from .models import Vraag  # Django: see above

        register_permission_policy(Vraag, RoleOnlyPermissionPolicy(Vraag, STEUNPUNT))
        jobs.register()
        tasks.register()
