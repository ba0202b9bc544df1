"""Write who joined or left a role into Wagtail's audit log.

Steunpunt data is protected by group membership alone (not by superuser
status), so joining the Steunpunt group must leave a trace that names the
group. Wagtail's own "user edited" entry does not say what changed.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from wagtail.log_actions import log

from . import ROLES

ROLE_ADDED = "steunpunt.role_added"
ROLE_REMOVED = "steunpunt.role_removed"

User = get_user_model()


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="steunpunt_log_role_changes")
def log_role_changes(sender, instance, action, reverse, model, pk_set, using, **kwargs):
    if action == "pre_clear":
        # clear() sends no pk_set afterwards; remember who is about to leave.
        instance._steunpunt_cleared = _pairs(instance, reverse, None, using)
        return
    if action == "post_clear":
        pairs = getattr(instance, "_steunpunt_cleared", [])
        action_name = ROLE_REMOVED
    elif action in ("post_add", "post_remove"):
        pairs = _pairs(instance, reverse, pk_set, using)
        action_name = ROLE_ADDED if action == "post_add" else ROLE_REMOVED
    else:
        return
    for user, group in pairs:
        if group.name in ROLES:
            user.__dict__.pop("_steunpunt_roles", None)
            log(instance=user, action=action_name, data={"role": group.name})


def _pairs(instance, reverse, pk_set, using):
    """(user, group) pairs touched by one m2m change, from either side."""
    if not reverse:  # user.groups.add(group)
        groups = instance.groups.all() if pk_set is None else Group.objects.using(using).filter(pk__in=pk_set)
        return [(instance, group) for group in groups]
    users = instance.user_set.all() if pk_set is None else User.objects.using(using).filter(pk__in=pk_set)
    return [(user, instance) for user in users]
