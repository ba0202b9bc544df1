from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "distro.roles"
    label = "roles"
    verbose_name = _("Rollen")

    def ready(self):
        # Django: signals imports the user model, which only exists once the app registry is ready.
        from . import grants, signals

        grants.register()
        signals.connect()

        # Wagtail reads this when it builds the admin URLs, after every ready().
        # Setting it here (rather than replacing "wagtail.users" in
        # INSTALLED_APPS by a subclass) keeps the change inside this app.
        global_apps.get_app_config("wagtailusers").user_viewset = "distro.roles.users.UserViewSet"
        global_apps.get_app_config("wagtailusers").group_viewset = "distro.roles.groups.GroupViewSet"
        post_migrate.connect(_setup_roles_after_migrate, dispatch_uid="steunpunt_setup_roles")


def _last_migrated_app():
    # Django sends post_migrate once per app that has a models module, in
    # INSTALLED_APPS order, and creates each app's permissions in that same
    # round. Only after the last one do all permissions exist (this app has
    # no models, so it never gets a post_migrate of its own).
    return [config for config in global_apps.get_app_configs() if config.models_module is not None][-1]


def _setup_roles_after_migrate(sender, using, **kwargs):
    # Enabling a plugin and migrating is all it takes: its grants land here.
    if sender is not _last_migrated_app():
        return
    # Deferred: setup imports the auth and Wagtail models, and runs only after migrate.
    from .setup import setup_roles

    setup_roles(using=using)
