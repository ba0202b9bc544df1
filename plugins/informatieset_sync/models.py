"""The national informatieset as pages, and the bookkeeping of its syncs.

Consumer side: ``InformatiesetIndexPage`` ("Informatie") holds the synced,
locked ``InformatiesetPage`` items. Only the sync writes their national
fields; editors add the regional supplement and experience stories.

Publisher side: a national editorial team writes ``BronPagina`` pages under a
``BronIndexPage``; ``steunpunt export_informatieset`` turns that tree into a
feed. The two sides share the national fields through ``NationalContent``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Revision
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from distro.core.blocks import RICH_TEXT_FEATURES, ContentStreamBlock

from .audiences import AUDIENCE_LABELS
from .blocks import ExperienceBlock, NationalStreamBlock
from .forms import BronPaginaForm
from .listing import listing_context
from .locking import (
    IndexPagePermissionTester,
    LockedPageMixin,
    NationalPagePermissionTester,
    restore_national_fields,
    sync_in_progress,
)
from .panels import NationalTextPanel


class InformatiesetThema(models.Model):
    """A theme code of the feed's taxonomy, with its label per language."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    labels = models.JSONField(_("namen per taal"), default=dict)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("thema van de informatieset")
        verbose_name_plural = _("thema's van de informatieset")

    def __str__(self):
        return self.label()

    def label(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "nl").split("-")[0]
        return self.labels.get(language) or self.labels.get("nl") or self.code


class NationalContent(models.Model):
    """The fields of a feed item besides title and slug, shared by consumer and publisher pages."""

    summary = models.TextField(_("samenvatting"), max_length=600, blank=True)
    audiences = models.JSONField(_("voor wie"), default=list, blank=True)
    themes = models.JSONField(_("thema's"), default=list, blank=True)
    national_body = StreamField(NationalStreamBlock(), verbose_name=_("landelijke tekst"), blank=True)
    validated_on = models.DateField(_("gevalideerd op"), null=True, blank=True)
    validated_by = models.CharField(_("gevalideerd door"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def audience_labels(self) -> list[str]:
        return [str(AUDIENCE_LABELS.get(code, code)) for code in self.audiences]

    def theme_objects(self) -> list[InformatiesetThema]:
        themes = {t.code: t for t in InformatiesetThema.objects.filter(code__in=self.themes)}
        return [themes[code] for code in self.themes if code in themes]

    @staticmethod
    def theme_choices() -> list[tuple[str, str]]:
        """(code, label) of every known theme, in order: the choices of the admin form."""
        return [(theme.code, theme.label()) for theme in InformatiesetThema.objects.all()]


class InformatiesetIndexPage(LockedPageMixin, Page):
    """The root of the national informatieset on a consumer site ("Informatie")."""

    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["informatieset_sync.InformatiesetPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("informatieset (landelijk)")
        verbose_name_plural = _("informatiesets (landelijk)")

    def permissions_for_user(self, user):
        return IndexPagePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            listing_context(
                self, request, pages=InformatiesetPage.objects.all(), themes=list(InformatiesetThema.objects.all())
            )
        )
        return context


class InformatiesetPage(LockedPageMixin, NationalContent, Page):
    """One feed item in one language: national text (locked) plus regional additions."""

    feed_item_id = models.UUIDField(_("id in de feed"), null=True, blank=True, editable=False, db_index=True)
    feed_position = models.IntegerField(_("positie in de feed"), default=0, editable=False)
    feed_hash = models.CharField(max_length=64, blank=True, editable=False)
    feed_revision = models.PositiveIntegerField(null=True, blank=True, editable=False)
    national_updated_at = models.DateTimeField(_("landelijk bijgewerkt op"), null=True, blank=True, editable=False)
    removed_from_feed = models.BooleanField(_("niet meer in de informatieset"), default=False, editable=False)

    regional_body = StreamField(
        ContentStreamBlock(),
        verbose_name=_("in onze regio"),
        blank=True,
        help_text=_("Aanvulling voor uw regio. De landelijke tekst verandert hierdoor niet."),
    )
    experiences = StreamField(
        [("experience", ExperienceBlock())],
        verbose_name=_("ervaringsverhalen"),
        blank=True,
    )

    # What the editor adds comes first: the national text can be long, and is only read here.
    content_panels = [
        FieldPanel("regional_body", heading=_("In onze regio")),
        FieldPanel("experiences"),
        NationalTextPanel(
            heading=_("Landelijke tekst (alleen lezen)"),
            help_text=_("Deze tekst komt uit de landelijke informatieset en wordt automatisch bijgewerkt."),
        ),
    ]
    promote_panels = [FieldPanel("slug", read_only=True)]
    settings_panels = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("national_body"),
        index.SearchField("regional_body"),
        index.FilterField("removed_from_feed"),
    ]

    # wagtail-localize translates only what the region adds; national
    # translations come from the feed.
    translatable_fields = [TranslatableField("regional_body"), TranslatableField("experiences")]

    parent_page_types = ["informatieset_sync.InformatiesetIndexPage", "informatieset_sync.InformatiesetPage"]
    subpage_types = ["informatieset_sync.InformatiesetPage"]

    # Written by the sync only; restored from the database on any other save.
    NATIONAL_FIELDS = (
        "title",
        "draft_title",
        "slug",
        "seo_title",
        "search_description",
        "summary",
        "audiences",
        "themes",
        "national_body",
        "validated_on",
        "validated_by",
        "feed_item_id",
        "feed_position",
        "feed_hash",
        "feed_revision",
        "national_updated_at",
        "removed_from_feed",
    )

    class Meta:
        verbose_name = _("pagina uit de informatieset")
        verbose_name_plural = _("pagina's uit de informatieset")

    def permissions_for_user(self, user):
        return NationalPagePermissionTester(user, self)

    def save(self, *args, **kwargs):
        restore_national_fields(self)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        restore_national_fields(self)
        return super().save_revision(*args, **kwargs)

    def full_clean(self, *args, **kwargs):
        # Titles and slugs come from the feed, which validated them already;
        # Wagtail's checks (e.g. reserved slugs) must not make a sync fail.
        if sync_in_progress():
            return
        return super().full_clean(*args, **kwargs)

    @property
    def has_regional_additions(self) -> bool:
        return bool(self.regional_body) or bool(self.experiences)


class BronIndexPage(Page):
    """Publisher side: the root of a page tree that is exported as a feed."""

    publisher_name = models.CharField(_("naam van de uitgever"), max_length=255)
    publisher_url = models.URLField(_("website van de uitgever"))
    intro = RichTextField(_("introductie"), features=RICH_TEXT_FEATURES, blank=True)
    # The feed's revision goes up whenever an export finds different content.
    feed_revision = models.PositiveIntegerField(_("revisie van de feed"), default=0, editable=False)
    feed_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("publisher_name"),
        FieldPanel("publisher_url"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["informatieset_sync.BronPagina"]

    @classmethod
    def can_create_at(cls, parent):
        # Consumer sites (nearly all) should not be offered a page type for publishing.
        return settings.STEUNPUNT_INFORMATIESET_PUBLISHER and super().can_create_at(parent)

    class Meta:
        verbose_name = _("informatieset uitgeven (bron)")
        verbose_name_plural = _("informatiesets uitgeven (bron)")


class BronPagina(NationalContent, Page):
    """Publisher side: one page of the national informatieset as its editors write it."""

    updated_at = models.DateTimeField(_("inhoud bijgewerkt op"), default=timezone.now)

    base_form_class = BronPaginaForm

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("audiences"),
        FieldPanel("themes"),
        FieldPanel("national_body"),
        MultiFieldPanel([FieldPanel("validated_on"), FieldPanel("validated_by")], heading=_("Validatie")),
    ]
    parent_page_types = ["informatieset_sync.BronIndexPage", "informatieset_sync.BronPagina"]
    subpage_types = ["informatieset_sync.BronPagina"]

    class Meta:
        verbose_name = _("pagina van de informatieset (bron)")
        verbose_name_plural = _("pagina's van de informatieset (bron)")

    def feed_item_id(self) -> uuid.UUID:
        # Stable across revisions and different per language, as the contract asks.
        return uuid.uuid5(self.translation_key, self.locale.language_code)


class FeedAsset(models.Model):
    """An image of the feed, stored once as a Wagtail image and found by its hash."""

    sha256 = models.CharField(max_length=64, unique=True)
    media_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("afbeelding uit de informatieset")
        verbose_name_plural = _("afbeeldingen uit de informatieset")


class SyncState(models.Model):
    """What the last successful sync applied: for ETags and replay protection."""

    source = models.CharField(max_length=1000, blank=True)
    revision = models.PositiveIntegerField(default=0)
    etag = models.CharField(max_length=500, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def current(cls) -> SyncState:
        return cls.objects.order_by("pk").first() or cls()


class SyncRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("bezig")
        SUCCESS = "success", _("gelukt")
        NOT_MODIFIED = "not_modified", _("niet veranderd")
        DRY_RUN = "dry_run", _("proefrun")
        FAILED = "failed", _("mislukt")

    class Trigger(models.TextChoices):
        COMMAND = "command", _("opdrachtregel")
        JOB = "job", _("automatisch")
        ADMIN = "admin", _("beheer")
        SETUP = "setup", _("installatie")

    source = models.CharField(_("bron"), max_length=1000)
    trigger = models.CharField(_("gestart via"), max_length=20, choices=Trigger.choices, default=Trigger.COMMAND)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision = models.PositiveIntegerField(_("revisie"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    forced = models.BooleanField(_("geforceerd"), default=False)
    created = models.PositiveIntegerField(_("nieuw"), default=0)
    updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    unpublished = models.PositiveIntegerField(_("offline gehaald"), default=0)
    republished = models.PositiveIntegerField(_("weer online"), default=0)
    moved = models.PositiveIntegerField(_("verplaatst"), default=0)
    skipped = models.JSONField(_("overgeslagen"), default=list, blank=True)
    error = models.TextField(_("fout"), blank=True)
    error_item = models.CharField(_("fout bij item"), max_length=255, blank=True)
    error_field = models.CharField(_("fout in veld"), max_length=255, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("synchronisatie")
        verbose_name_plural = _("synchronisaties")

    def __str__(self):
        return f"{self.get_status_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        if self.finished_at:
            return self.finished_at - self.started_at
        return None


class ChangeNotice(models.Model):
    """The national text of a page with regional additions changed: its editors should check them."""

    page = models.ForeignKey(InformatiesetPage, on_delete=models.CASCADE, related_name="change_notices")
    sync_run = models.ForeignKey(SyncRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    old_revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    new_revision = models.ForeignKey(Revision, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding landelijke wijziging")
        verbose_name_plural = _("meldingen landelijke wijzigingen")
