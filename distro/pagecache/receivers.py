"""Invalidate the page cache on every write that can change a public page.

Deliberately broad: any saved, deleted or re-linked row of any model
invalidates, unless its app declared the model private
(``PageCacheRules.private_models``). A new model, in the core or a plugin,
is therefore safe by default; forgetting to declare one costs hits, never
freshness. Writes that send no signal (``QuerySet.update``) call
``store.invalidate`` themselves.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import post_page_move

from distro.extensions import PageCacheRules, page_cache_rules

from . import store

#: Rows no anonymous visitor ever sees: sessions, logs, revisions (a draft is
#: not live; publishing saves the page), search index, renditions (made while
#: rendering: invalidating on them would undo every render), submissions.
CORE_PRIVATE_MODELS = (
    "sessions.Session",
    "captcha.CaptchaStore",
    "auth.User",
    "auth.Group",
    "auth.Permission",
    "contenttypes.ContentType",
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "otp_totp.TOTPDevice",
    "django_tasks_database.DBTaskResult",
    "jobs.JobRun",
    "outbox.Verzending",
    "contact.Vraag",
    "steunpunt_ratelimit.Teller",
    "wagtailadmin.Admin",
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
    "wagtailcore.APIToken",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.GroupApprovalTask",
    "wagtailcore.GroupCollectionPermission",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.GroupSitePermission",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.Revision",
    "wagtailcore.Task",
    "wagtailcore.TaskState",
    "wagtailcore.UploadedFile",
    "wagtailcore.Workflow",
    "wagtailcore.WorkflowContentType",
    "wagtailcore.WorkflowPage",
    "wagtailcore.WorkflowState",
    "wagtailcore.WorkflowTask",
    "wagtailembeds.Embed",
    "wagtailforms.FormSubmission",
    "wagtailimages.Rendition",
    "wagtailsearch.IndexEntry",
    "wagtailsearch.SQLiteFTSIndexEntry",
    "wagtailusers.UserProfile",
    "wagtail_localize.LocaleSynchronization",
    "wagtail_localize.OverridableSegment",
    "wagtail_localize.RelatedObjectSegment",
    "wagtail_localize.SegmentOverride",
    "wagtail_localize.String",
    "wagtail_localize.StringSegment",
    "wagtail_localize.StringTranslation",
    "wagtail_localize.Template",
    "wagtail_localize.TemplateSegment",
    "wagtail_localize.TranslatableObject",
    "wagtail_localize.Translation",
    "wagtail_localize.TranslationContext",
    "wagtail_localize.TranslationLog",
    "wagtail_localize.TranslationSource",
)

#: Page fields that saving a draft or locking a page writes; none is visible on the site.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _private_models() -> set[str]:
    private = set()
    for rules in page_cache_rules.all():
        private.update(rules.private_models)
    return private


def _on_write(sender, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata: nothing is being served from these rows yet
    update_fields = kwargs.get("update_fields")
    if update_fields and DRAFT_ONLY_FIELDS.issuperset(update_fields):
        return
    label = sender._meta.label
    if label not in _private_models():
        store.invalidate(f"{label} changed")


def _on_m2m(sender, action, **kwargs):
    if action.startswith("post_"):
        _on_write(sender, **kwargs)


def _on_move(sender, **kwargs):
    # Treebeard moves pages with UPDATE statements, no post_save.
    store.invalidate("page moved")


def connect() -> None:
    page_cache_rules.register(PageCacheRules(name="core", private_models=CORE_PRIVATE_MODELS, module=__name__))
    post_save.connect(_on_write, dispatch_uid="pagecache-save")
    post_delete.connect(_on_write, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")
    post_page_move.connect(_on_move, dispatch_uid="pagecache-move")
