"""Locking national pages: only the sync may change, move, unpublish, copy or delete them.

Wagtail's own page lock does not stop delete or move, so the lock lives in the
page type (see ARCHITECTURE.md):

* ``permissions_for_user()`` returns a tester that denies delete, move,
  unpublish, copy and adding children to everyone, superusers included. The
  admin views, bulk actions and page actions all ask this tester.
* The models refuse the same operations when called directly (shell, API,
  other apps, wagtail-localize), and ``save()``/``save_revision()`` put the
  national fields back to what is in the database.
* Signals catch what bypasses the model methods: a delete that cascades from
  an ancestor, and treebeard moves.

The sync marks its own work with :func:`allow_national_changes`.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.models import PagePermissionTester
from wagtail.signals import pre_page_move

_sync = contextvars.ContextVar("informatieset_sync_in_progress", default=False)


def sync_in_progress() -> bool:
    return _sync.get()


@contextlib.contextmanager
def allow_national_changes():
    """Lift the lock for the duration of a sync (this thread or task only)."""
    token = _sync.set(True)
    try:
        yield
    finally:
        _sync.reset(token)


def refuse(action: str):
    raise PermissionDenied(
        _("Dit is een pagina uit de landelijke informatieset. Alleen de synchronisatie kan deze pagina %(action)s.")
        % {"action": action}
    )


class NationalPagePermissionTester(PagePermissionTester):
    """Editors may edit (the regional fields) and publish; nothing else that changes national content."""

    def can_add_subpage(self):
        return False

    def can_delete(self, ignore_bulk=False):
        return False

    def can_unpublish(self):
        return False

    def can_move(self):
        return False

    def can_move_to(self, destination):
        return False

    def can_copy(self):
        return False

    def can_copy_to(self, destination, recursive=False):
        return False

    def can_reorder_children(self):
        return False

    def can_set_view_restrictions(self):
        return False


class IndexPagePermissionTester(NationalPagePermissionTester):
    """The "Informatie" page: its introduction is editable, its place and children are not."""


def restore_national_fields(page) -> None:
    """Undo any change to national fields made outside the sync."""
    if sync_in_progress():
        return
    if page.pk is None:
        refuse(_("aanmaken"))
    stored = type(page).objects.filter(pk=page.pk).values(*page.NATIONAL_FIELDS).first()
    if stored is None:
        refuse(_("aanmaken"))
    for name, value in stored.items():
        setattr(page, page._meta.get_field(name).attname, value)


class LockedPageMixin:
    """Model-level guard for the operations the permission tester denies in the admin."""

    is_creatable = False

    def unpublish(self, *args, **kwargs):
        if not sync_in_progress():
            refuse(_("offline halen"))
        return super().unpublish(*args, **kwargs)

    def move(self, *args, **kwargs):
        if not sync_in_progress():
            refuse(_("verplaatsen"))
        return super().move(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not sync_in_progress():
            refuse(_("verwijderen"))
        return super().delete(*args, **kwargs)

    def copy(self, *args, **kwargs):
        if not sync_in_progress():
            refuse(_("kopiëren"))
        return super().copy(*args, **kwargs)

    def copy_for_translation(self, *args, **kwargs):
        if not sync_in_progress():
            refuse(_("vertalen"))
        return super().copy_for_translation(*args, **kwargs)

    def create_alias(self, *args, **kwargs):
        if not sync_in_progress():
            refuse(_("kopiëren"))
        return super().create_alias(*args, **kwargs)


def _is_national(instance) -> bool:
    from .models import InformatiesetIndexPage, InformatiesetPage

    return isinstance(instance, (InformatiesetPage, InformatiesetIndexPage))


@receiver(pre_delete, dispatch_uid="informatieset_sync_refuse_delete")
def refuse_delete(sender, instance, **kwargs):
    # Also fires for pages deleted because an ancestor is deleted.
    from .models import InformatiesetIndexPage, InformatiesetPage

    if sender in (InformatiesetPage, InformatiesetIndexPage) and not sync_in_progress():
        refuse(_("verwijderen"))


@receiver(pre_page_move, dispatch_uid="informatieset_sync_refuse_move")
def refuse_move(sender, instance, **kwargs):
    if sync_in_progress():
        return
    moving_national = _is_national(instance.specific_deferred)
    if moving_national:
        refuse(_("verplaatsen"))
    from .models import InformatiesetIndexPage

    # Moving an ancestor moves the national pages with it.
    if InformatiesetIndexPage.objects.descendant_of(instance).exists():
        refuse(_("verplaatsen"))
