from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from distro.extensions import role_grants

from . import ROLES


def _permission(codename: str, using) -> Permission | None:
    app_label, code = codename.split(".", 1)
    return Permission.objects.using(using).filter(content_type__app_label=app_label, codename=code).first()


def wanted_permissions() -> dict[str, dict[str, set[str]]]:
    wanted = {role: {"model": set(), "page": set(), "collection": set()} for role in ROLES}
    for grant in role_grants.all():
        for kind, mapping in (
            ("model", grant.permissions),
            ("page", grant.page_permissions),
            ("collection", grant.collection_permissions),
        ):
            for role, codenames in mapping.items():
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
        if root_page:
            page_perms = [
                p for p in (_permission(f"wagtailcore.{c}", using) for c in sorted(wanted["page"])) if p
            ]
            GroupPagePermission.objects.using(using).filter(group=group).exclude(
                page=root_page, permission__in=page_perms
            ).delete()
            for perm in page_perms:
                GroupPagePermission.objects.using(using).get_or_create(group=group, page=root_page, permission=perm)
        if root_collection:
            coll_perms = [p for p in (_permission(c, using) for c in sorted(wanted["collection"])) if p]
            GroupCollectionPermission.objects.using(using).filter(group=group).exclude(
                collection=root_collection, permission__in=coll_perms
            ).delete()
            for perm in coll_perms:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
