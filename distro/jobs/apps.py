from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "distro.jobs"
    label = "jobs"
    verbose_name = _("Achtergrondtaken")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Django: the model and Wagtail's policies only exist once the app registry is ready.
        from wagtail.permissions import register_permission_policy

        from .models import JobRun  # Django: see above
        from .policies import ReadOnlyPermissionPolicy  # Django: see above

        register_permission_policy(JobRun, ReadOnlyPermissionPolicy(JobRun))
