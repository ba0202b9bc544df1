"""Two-factor authentication for staff: who has it, who must have it, who may reset it.

The reset rule is part of the steunpunt's independence (docs/roles.md): a
Beheerder or superuser outside the Steunpunt group must not be able to weaken
a Steunpunt member's login, because with the member's password and without
the second factor they could read what parents told the steunpunt.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from distro.roles import STEUNPUNT, in_role

RESET_ACTION = "steunpunt.2fa_reset"
ENABLED_ACTION = "steunpunt.2fa_enabled"


def confirmed_device(user) -> TOTPDevice | None:
    if not (user and user.is_authenticated):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_2fa(user) -> bool:
    return confirmed_device(user) is not None


def requires_2fa(user) -> bool:
    """True if STEUNPUNT_2FA_VERPLICHT names one of the user's roles."""
    return any(in_role(user, role) for role in settings.STEUNPUNT_2FA_VERPLICHT)


def may_reset_2fa(user, by) -> bool:
    if not (by and by.is_authenticated and by.is_active):
        return False
    if in_role(user, STEUNPUNT):
        # The member themself or another member: superuser status does not count here.
        return by.pk == user.pk or in_role(by, STEUNPUNT)
    return by.pk == user.pk or by.is_superuser or by.has_perm("auth.change_user")


@transaction.atomic
def reset_2fa(user, by):
    """Remove every second factor of ``user``, on behalf of ``by``; written to the audit log.

    Raises PermissionDenied when ``by`` may not do this (see may_reset_2fa).
    Returns the number of devices removed.
    """
    if not may_reset_2fa(user, by):
        raise PermissionDenied("Only another Steunpunt member may reset a Steunpunt member's two-factor login.")
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    # The real model, not request.user's lazy wrapper: the audit log looks up its type.
    target = get_user_model()._default_manager.get(pk=user.pk)
    log(instance=target, action=RESET_ACTION, user=by, data={"devices": removed})
    return removed
