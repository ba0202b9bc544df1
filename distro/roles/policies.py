from wagtail.permission_policies import ModelPermissionPolicy

from . import in_role


class RoleOnlyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions that also require membership of one role.

    Superusers get no exception: what parents tell the steunpunt stays with
    the steunpunt, whoever administers the site.
    """

    def __init__(self, model, role, **kwargs):
        super().__init__(model, **kwargs)
        self.role = role

    def _has_django_perm(self, user, action):
        codename = self._get_permission_name(action)
        return codename in user.get_all_permissions() if not user.is_superuser else True

    def user_has_permission(self, user, action):
        return in_role(user, self.role) and self._has_django_perm(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = super().users_with_any_permission(actions)
        return users.filter(groups__name=self.role).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)
