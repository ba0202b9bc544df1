import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, Page, Workflow

from distro.extensions import role_grants

from . import ROLES
from .workflow import setup_workflow

logger = logging.getLogger(__name__)

#: Example groups that Wagtail's own migrations create. A steunpunt site works
#: with the four roles only; two more groups with overlapping page rights
#: would make it unclear who may do what.
WAGTAIL_EXAMPLE_GROUPS = ("Moderators", "Editors")


def _permission(codename: str, using) -> Permission | None:
    app_label, code = codename.split(".", 1)
    permission = Permission.objects.using(using).filter(content_type__app_label=app_label, codename=code).first()
    if permission is None:
        # A typo in a grant would otherwise go unnoticed until someone misses a button.
        logger.warning("Role grant names permission %s, which does not exist.", codename)
    return permission


def wanted_permissions() -> dict[str, dict[str, set[str]]]:
    """What each role should have, from the grants of the core and the enabled plugins."""
    wanted = {role: {"model": set(), "page": set(), "collection": set()} for role in ROLES}
    for grant in role_grants.all():
        for kind, mapping in (
            ("model", grant.permissions),
            ("page", grant.page_permissions),
            ("collection", grant.collection_permissions),
        ):
            for role, codenames in mapping.items():
                if role not in wanted:
                    raise ValueError(f"Role grant '{grant.name}' names unknown role '{role}'.")
                wanted[role][kind].update(codenames)
    return wanted


@transaction.atomic
def setup_roles(using="default"):
    """Create the four groups and give each exactly the permissions granted to it.

    Safe to run again: permissions that no grant asks for are taken away, so the
    groups always match the enabled plugins.
    """
    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    for role, wanted in wanted_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        perms = [p for p in (_permission(c, using) for c in sorted(wanted["model"])) if p]
        group.permissions.set(perms)
        # Rights on pages and collections anywhere but the root are extras too.
        page_perms = [p for p in (_permission(f"wagtailcore.{c}", using) for c in sorted(wanted["page"])) if p]
        GroupPagePermission.objects.using(using).filter(group=group).exclude(
            page=root_page, permission__in=page_perms
        ).delete()
        if root_page:
            for perm in page_perms:
                GroupPagePermission.objects.using(using).get_or_create(group=group, page=root_page, permission=perm)
        coll_perms = [p for p in (_permission(c, using) for c in sorted(wanted["collection"])) if p]
        GroupCollectionPermission.objects.using(using).filter(group=group).exclude(
            collection=root_collection, permission__in=coll_perms
        ).delete()
        if root_collection:
            for perm in coll_perms:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
    # Only while nobody uses them: an operator who put people in them decides.
    Group.objects.using(using).filter(name__in=WAGTAIL_EXAMPLE_GROUPS, user__isnull=True).delete()
    # After the delete: the default approval task loses the Moderators group with it.
    setup_workflow(Group, Workflow, GroupApprovalTask, using=using)
