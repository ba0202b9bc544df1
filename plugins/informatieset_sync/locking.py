"""Locking national pages: only the sync may change, move, unpublish, copy or delete them.

Wagtail's own page lock does not stop delete or move, so the lock lives in the
page type (see docs/informatieset.md and docs/architecture.md), in layers, so
that each way in meets one:

* ``permissions_for_user()`` returns a tester that denies delete, move,
  unpublish, copy, adding children, reordering and privacy settings to
  everyone, superusers included. The admin views, bulk actions, page listing
  buttons and wagtail-localize all ask this tester.
* Admin hooks refuse, with a message instead of an error page, what the
  tester of *another* page would allow: deleting, moving or copying an
  ancestor (the home page) together with the national pages under it.
* The models refuse the same operations when called directly (shell, other
  apps, wagtail-localize), and ``save()``/``save_revision()`` put the national
  fields back to what is in the database.
* Signals catch what bypasses the model methods: saves of the plain ``Page``
  row or of copies, a delete that cascades from an ancestor, and moves.

The sync marks its own work with :func:`allow_national_changes`. Raw SQL and
``QuerySet.update()`` send no signals and are out of reach of any of this.

The national page types are the models that mix in :class:`LockedPageMixin`;
this module learns them from the mixin rather than importing models.py, which
imports this module.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete, pre_save
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page, PagePermissionTester
from wagtail.signals import pre_page_move

_sync = contextvars.ContextVar("informatieset_sync_in_progress", default=False)

#: Page fields that tie a page to its place in the informatieset. Changing
#: them would turn a synced page into an alias or another page's translation.
IDENTITY_FIELDS = ("alias_of_id", "locale_id", "translation_key")

#: National fields that live on the plain ``Page`` row (the rest are on the
#: InformatiesetPage table). A save through a plain ``Page`` instance bypasses
#: ``InformatiesetPage.save()``, so these are checked in a signal.
PAGE_ROW_NATIONAL_FIELDS = ("title", "draft_title", "slug", "seo_title", "search_description", "url_path")


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


#: The page models that mix in LockedPageMixin (InformatiesetPage, InformatiesetIndexPage).
_NATIONAL_MODELS: list[type] = []


def _national_models() -> tuple[type, ...]:
    return tuple(_NATIONAL_MODELS)


def _national_model_of(page) -> type | None:
    """The national model a page (also a plain ``Page``) is a row of, if any."""
    for model in _NATIONAL_MODELS:
        if page.content_type_id == _content_type_id(model):
            return model
    return None


def _national_content_type_ids() -> set[int]:
    # ContentType.objects caches, so this costs no query after the first call.
    return {_content_type_id(model) for model in _national_models()}


def is_national(page) -> bool:
    """True for the index page and item pages, also when given as a plain ``Page``."""
    if isinstance(page, _national_models()):
        return True
    return isinstance(page, Page) and page.content_type_id in _national_content_type_ids()


def contains_national_pages(page) -> bool:
    """True if the page is national or has national pages below it."""
    if is_national(page):
        return True
    return Page.objects.descendant_of(page).filter(content_type_id__in=_national_content_type_ids()).exists()


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

    def can_publish(self):
        # The sync took this page offline because the feed dropped it;
        # publishing it would show national text that is no longer valid.
        if getattr(self.page.specific_deferred, "removed_from_feed", False):
            return False
        return super().can_publish()


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
    """Model-level guard for the operations the permission tester denies in the admin.

    Mixing it in is what makes a page model national for the signal handlers below.
    """

    is_creatable = False
    #: Language versions come from the feed, and the regional supplement has its own
    #: translation screen (regional_translation.py): setup_site must not hand the
    #: copies to wagtail-localize's editor (distro/core/translation_links.py).
    localize_link_copies = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Migrations build historical copies of models in the "__fake__" module;
        # they are not page types of their own.
        if cls.__module__ != "__fake__":
            _NATIONAL_MODELS.append(cls)

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


# --- Signals: what bypasses the model methods ---------------------------------


def guard_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or sync_in_progress():
        return
    if instance.pk is None or instance._state.adding:
        # Copies, aliases and wagtail-localize translations of national pages
        # are all new rows: the feed is the only source of national pages.
        if is_national(instance):
            refuse(_("kopiëren"))
        _refuse_child_of_national(instance)
        return
    if not is_national(instance):
        return
    model = _national_model_of(instance)
    # InformatiesetPage.save() restores national fields itself; a plain Page
    # row of one has no such save(), so a change there is refused.
    plain_row = model is not None and bool(getattr(model, "NATIONAL_FIELDS", ())) and not isinstance(instance, model)
    names = ["live", *IDENTITY_FIELDS] + (list(PAGE_ROW_NATIONAL_FIELDS) if plain_row else [])
    stored = Page.objects.filter(pk=instance.pk).values(*names).first()
    if stored is None:
        return
    if stored["live"] and not instance.live:
        refuse(_("offline halen"))
    if not stored["live"] and instance.live and _removed_from_feed(model, instance.pk):
        refuse(_("publiceren"))
    for name in IDENTITY_FIELDS:
        if getattr(instance, name) != stored[name]:
            refuse(_("koppelen aan een andere pagina"))
    if plain_row:
        for name in PAGE_ROW_NATIONAL_FIELDS:
            if getattr(instance, name) != stored[name]:
                refuse(_("wijzigen"))


def _content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def _removed_from_feed(model, pk) -> bool:
    # Only item pages can drop out of the feed (the index page has no such field).
    fields = {field.name for field in model._meta.get_fields()} if model is not None else set()
    return "removed_from_feed" in fields and model.objects.filter(pk=pk, removed_from_feed=True).exists()


def _refuse_child_of_national(instance):
    if not instance.path or (instance.depth or 0) <= 1:
        return
    parent_path = instance.path[: -Page.steplen]
    if Page.objects.filter(path=parent_path, content_type_id__in=_national_content_type_ids()).exists():
        raise PermissionDenied(
            _(
                "Onder een pagina uit de landelijke informatieset kunt u geen pagina toevoegen. Dat doet alleen de synchronisatie."
            )
        )


def refuse_delete(sender, instance, **kwargs):
    # Also fires for pages deleted because an ancestor is deleted, and for
    # QuerySet.delete(): Django's collector sends it per row when a receiver exists.
    if sender in _national_models() and not sync_in_progress():
        refuse(_("verwijderen"))


def refuse_move(sender, instance, parent_page_after=None, **kwargs):
    if sync_in_progress():
        return
    # Moving an ancestor moves the national pages with it.
    if contains_national_pages(instance):
        refuse(_("verplaatsen"))
    if parent_page_after is not None and is_national(parent_page_after):
        raise PermissionDenied(
            _(
                "Onder een pagina uit de landelijke informatieset kunt u geen pagina toevoegen. Dat doet alleen de synchronisatie."
            )
        )


# --- Admin hooks: a clear message instead of an error page --------------------
#
# The tester of a national page already stops the admin views for that page.
# These hooks cover the pages *above* it (the home page), whose own tester
# lets a superuser delete, move or copy them with everything underneath.


def _refused_in_admin(request, page, message):
    messages.error(request, message)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        return redirect("wagtailadmin_explore", parent.pk)
    return redirect("wagtailadmin_explore_root")


@hooks.register("before_delete_page")
def refuse_delete_in_admin(request, page):
    if not sync_in_progress() and contains_national_pages(page):
        return _refused_in_admin(
            request,
            page,
            _("Deze pagina bevat de landelijke informatieset. Daarom kunt u haar niet verwijderen."),
        )


@hooks.register("before_move_page")
def refuse_move_in_admin(request, page, destination):
    if sync_in_progress():
        return None
    if contains_national_pages(page):
        return _refused_in_admin(
            request, page, _("Deze pagina bevat de landelijke informatieset. Daarom kunt u haar niet verplaatsen.")
        )
    if is_national(destination):
        return _refused_in_admin(
            request, page, _("Onder een pagina uit de landelijke informatieset kunt u geen pagina zetten.")
        )
    return None


@hooks.register("before_copy_page")
def refuse_copy_in_admin(request, page):
    # Copying the home page alone is fine; copying it with its subpages
    # (or as an alias tree) would copy the national pages.
    if request.method == "POST" and request.POST.get("copy_subpages") and contains_national_pages(page):
        return _refused_in_admin(
            request,
            page,
            _("Deze pagina bevat de landelijke informatieset. Kopieer haar zonder de onderliggende pagina's."),
        )
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_action(request, action_type, objects, action_class_instance):
    if sync_in_progress() or action_type not in ("delete", "move"):
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if any(contains_national_pages(page) for page in pages):
        messages.error(
            request,
            _("De selectie bevat de landelijke informatieset. Die pagina's kunt u niet verwijderen of verplaatsen."),
        )
        return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")
    return None


def refuse_delete_before_it_starts(sender, instance, raw=False, **kwargs):
    # Page.delete() logs every page it is about to delete before treebeard
    # touches the tree. Refusing here, rather than in pre_delete, keeps a
    # refused delete outside a transaction (a shell) from changing the
    # parent's child count first.
    if raw or sync_in_progress() or instance.action != "wagtail.delete":
        return
    if instance.content_type_id in _national_content_type_ids():
        refuse(_("verwijderen"))


def connect():
    """Called by InformatiesetSyncConfig.ready()."""
    pre_save.connect(guard_page_save, dispatch_uid="informatieset_sync_guard_page_save")
    pre_delete.connect(refuse_delete, dispatch_uid="informatieset_sync_refuse_delete")
    pre_page_move.connect(refuse_move, dispatch_uid="informatieset_sync_refuse_move")
    pre_save.connect(
        refuse_delete_before_it_starts,
        sender="wagtailcore.PageLogEntry",
        dispatch_uid="informatieset_sync_refuse_delete_log",
    )
