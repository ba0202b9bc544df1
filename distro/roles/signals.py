"""Write who joined or left a role, and changes to steunpunt accounts, into the audit log.

Steunpunt data is protected by group membership alone (not by superuser
status), so joining the Steunpunt group must leave a trace that names the
group. Wagtail's own "user edited" entry does not say what changed. Changes
that touch who can read steunpunt data are also announced to every Steunpunt
member (independence.announce), whichever route made them.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log

from . import ROLES, STEUNPUNT
from .independence import (
    ACCOUNT_CHANGED,
    SETTING_CHANGED,
    STEUNPUNT_OWNED_FIELDS,
    announce,
    is_protected_account,
    members,
)

ROLE_ADDED = "steunpunt.role_added"
ROLE_REMOVED = "steunpunt.role_removed"

User = get_user_model()


def _actor():
    return get_active_log_context().user


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
        if group.name == STEUNPUNT:
            name = f"{user.get_full_name() or user.get_username()} ({user.get_username()}, {user.email or '-'})"
            if action_name == ROLE_ADDED:
                what = _(
                    "%(user)s is lid geworden van de groep Steunpunt en kan nu de vragen van ouders en jongeren lezen."
                )
                subject = _("Nieuw lid van het team van het steunpunt")
            else:
                what = _("%(user)s is geen lid meer van de groep Steunpunt.")
                subject = _("Iemand is uit het team van het steunpunt gehaald")
            announce(subject, what % {"user": name}, actor=_actor(), extra_recipients=[user.email])


def _pairs(instance, reverse, pk_set, using):
    """(user, group) pairs touched by one m2m change, from either side."""
    if not reverse:  # user.groups.add(group)
        groups = instance.groups.all() if pk_set is None else Group.objects.using(using).filter(pk__in=pk_set)
        return [(instance, group) for group in groups]
    users = instance.user_set.all() if pk_set is None else User.objects.using(using).filter(pk__in=pk_set)
    return [(user, instance) for user in users]


# --- Accounts of Steunpunt members ------------------------------------------------------


def remember_account_changes(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._steunpunt_account_changes = None
    if raw or not instance.pk or not is_protected_account(instance):
        return
    old = User.objects.filter(pk=instance.pk).values("email", "password", "is_active", "is_superuser").first()
    if old is None:
        return
    changes = {}
    if old["email"] != instance.email:
        changes["email"] = [old["email"], instance.email]
    # set_password() keeps the raw password until save; a hash upgrade at login
    # (Django's check_password setter) clears it first, and is no change of password.
    if old["password"] != instance.password and (
        getattr(instance, "_password", None) is not None or not instance.has_usable_password()
    ):
        changes["password"] = True
    if old["is_active"] != instance.is_active:
        changes["is_active"] = [old["is_active"], instance.is_active]
    if update_fields is not None:
        wanted = {"email": "email", "password": "password", "is_active": "is_active"}
        changes = {k: v for k, v in changes.items() if wanted[k] in update_fields}
    instance._steunpunt_account_changes = (changes, old["email"]) if changes else None


def log_account_changes(sender, instance, created=False, raw=False, **kwargs):
    pending = getattr(instance, "_steunpunt_account_changes", None)
    instance._steunpunt_account_changes = None
    if not pending:
        return
    changes, old_email = pending
    log(instance=instance, action=ACCOUNT_CHANGED, data=changes)
    announce_account_changes(instance, changes, old_email)


def describe_account_changes(changes) -> list[str]:
    """What changed on an account, in words: for the audit log and for the team's e-mail."""
    parts = []
    if "email" in changes:
        parts.append(
            _("het e-mailadres is veranderd van %(old)s in %(new)s")
            % {"old": changes["email"][0] or "-", "new": changes["email"][1] or "-"}
        )
    if "password" in changes:
        parts.append(_("het wachtwoord is veranderd"))
    if "is_active" in changes:
        parts.append(
            _("het account is weer actief") if changes["is_active"][1] else _("het account is op non-actief gezet")
        )
    return [str(part) for part in parts]


def announce_account_changes(user, changes, old_email=""):
    """Tell the team what changed on a member's account; the old address hears of a new one too."""
    name = f"{user.get_full_name() or user.get_username()} ({user.get_username()})"
    parts = describe_account_changes(changes)
    what = _("Bij het account van %(user)s, lid van het team van het steunpunt: %(changes)s.") % {
        "user": name,
        "changes": "; ".join(str(p) for p in parts),
    }
    announce(_("Een account van het steunpunt is veranderd"), what, actor=_actor(), extra_recipients=[old_email])


# --- The steunpunt's own addresses in the site settings -------------------------------------


def connect():
    """Called by RolesConfig.ready()."""
    # The settings model lives in distro.core: imported here, not at the top, so
    # importing this module never imports the core's models too early.
    from distro.core.models import SteunpuntSettings

    m2m_changed.connect(log_role_changes, sender=User.groups.through, dispatch_uid="steunpunt_log_role_changes")
    pre_save.connect(remember_account_changes, sender=User, dispatch_uid="steunpunt_account_changes_before")
    post_save.connect(log_account_changes, sender=User, dispatch_uid="steunpunt_account_changes_after")
    pre_save.connect(remember_owned_setting_changes, sender=SteunpuntSettings, dispatch_uid="steunpunt_owned_settings")
    post_save.connect(log_owned_setting_changes, sender=SteunpuntSettings, dispatch_uid="steunpunt_owned_settings_log")


def remember_owned_setting_changes(sender, instance, raw=False, **kwargs):
    instance._steunpunt_owned_changes = None
    if raw:
        return
    old = sender.objects.filter(pk=instance.pk).values(*STEUNPUNT_OWNED_FIELDS).first() if instance.pk else None
    if old is None:
        # A site's first settings row: the install (setup_site --mailbox) sets it up, nothing changes hands.
        return
    changed = {n: [old[n], getattr(instance, n)] for n in STEUNPUNT_OWNED_FIELDS if old[n] != getattr(instance, n)}
    instance._steunpunt_owned_changes = changed or None


def log_owned_setting_changes(sender, instance, raw=False, **kwargs):
    changed = getattr(instance, "_steunpunt_owned_changes", None)
    instance._steunpunt_owned_changes = None
    if not changed:
        return
    log(instance=instance, action=SETTING_CHANGED, data={"changes": changed})
    lines = [
        _("%(field)s: van %(old)s in %(new)s")
        % {"field": sender._meta.get_field(name).verbose_name, "old": values[0] or "-", "new": values[1] or "-"}
        for name, values in changed.items()
    ]
    what = _("De contactgegevens van het steunpunt zijn veranderd. %(changes)s.") % {
        "changes": "; ".join(str(line) for line in lines)
    }
    if not members().exists() and not any(values[0] for values in changed.values()):
        # Filling in the addresses of a site without a team yet (setup_site --mailbox at install):
        # logged above, but there is nobody to tell and nothing that changed hands.
        return
    old_mailbox = changed.get("mailbox", [instance.mailbox])[0]
    # The old mailbox hears of it too: that is where the steunpunt reads its mail today.
    announce(
        _("De contactgegevens van het steunpunt zijn veranderd"),
        what,
        actor=_actor(),
        extra_recipients=[old_mailbox, instance.mailbox],
    )
