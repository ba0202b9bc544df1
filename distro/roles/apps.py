from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "distro.roles"
    label = "roles"
    verbose_name = _("Rollen")

    def ready(self):
        from . import grants  # noqa: F401

        post_migrate.connect(_setup_roles_after_migrate, sender=self)


def _setup_roles_after_migrate(using, **kwargs):
    # Enabling a plugin and migrating is all it takes: its grants land here.
    from .setup import setup_roles

    setup_roles(using=using)
