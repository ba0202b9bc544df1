"""Admin screens of the informatieset: the sync report, "Nu synchroniseren", and change notices."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from django_tasks import TaskResultStatus
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from distro.core.views import admin_forbidden

from . import tasks
from .grants import START_SYNC, VIEW_SYNC_RUNS
from .models import ChangeNotice, SyncRun, SyncState
from .notices import notice_diff, open_notices_up_to, user_can_review

logger = logging.getLogger(__name__)

#: A run still marked "bezig" after this long has died without cleaning up
#: (a killed worker); it no longer blocks a new run from the admin.
RUNNING_STALE_AFTER = timedelta(minutes=30)


# --- Formatting ----------------------------------------------------------------


def format_datetime(value) -> str:
    if not value:
        return "—"
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def format_duration(run) -> str:
    duration = run.duration
    if duration is None:
        return "—"
    seconds = duration.total_seconds()
    if seconds < 60:
        return _("%(seconds)s s") % {"seconds": formats.number_format(seconds, 1)}
    minutes, seconds = divmod(int(round(seconds)), 60)
    return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}


def format_user(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name().strip() or user.get_username()


def format_skipped(run) -> str:
    """Skipped languages with how many items each: "de (3), fr (1)".

    The sync stores one entry per skipped item (a dict with its language);
    plain language codes and dicts with a count are read too.
    """
    counts: dict[str, int] = {}
    for entry in run.skipped or []:
        if isinstance(entry, dict):
            language = str(entry.get("language") or "?")
            count = entry.get("count", 1)
            counts[language] = counts.get(language, 0) + (count if isinstance(count, int) else 1)
        else:
            counts[str(entry)] = counts.get(str(entry), 0) + 1
    return ", ".join(f"{language} ({count})" for language, count in sorted(counts.items())) or "—"


def format_error(run) -> str:
    if not run.error:
        return ""
    where = []
    if run.error_item:
        where.append(_("item %(item)s") % {"item": run.error_item})
    if run.error_field:
        where.append(_("veld %(field)s") % {"field": run.error_field})
    if where:
        return f"{run.error} ({', '.join(where)})"
    return run.error


def running_sync():
    """A run that is really still going (not one a crash left behind), or None."""
    return (
        SyncRun.objects.filter(status=SyncRun.Status.RUNNING, started_at__gte=timezone.now() - RUNNING_STALE_AFTER)
        .order_by("-started_at")
        .first()
    )


def queued_admin_sync() -> bool:
    """True if a worker has yet to start an earlier click on "Nu synchroniseren".

    Only the database task backend keeps a queue; between the click and the
    worker starting it there is no SyncRun yet to tell.
    """
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the distro installs it
        return False
    try:
        return DBTaskResult.objects.filter(
            task_path=tasks.run_admin_sync.module_path,
            status=TaskResultStatus.READY,
            enqueued_at__gte=timezone.now() - RUNNING_STALE_AFTER,
        ).exists()
    except Exception:  # e.g. its table missing with another backend configured
        logger.exception("Could not look for queued syncs")
        return False


def counts_summary(run) -> str:
    return _(
        "%(created)d nieuw, %(updated)d bijgewerkt, %(unchanged)d ongewijzigd, "
        "%(unpublished)d offline gehaald, %(republished)d weer online, %(moved)d verplaatst"
    ) % {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "unpublished": run.unpublished,
        "republished": run.republished,
        "moved": run.moved,
    }


# --- Permissions ----------------------------------------------------------------


def can_view_runs(user) -> bool:
    return bool(user and user.is_active and user.has_perm(VIEW_SYNC_RUNS))


def can_start_sync(user) -> bool:
    return bool(user and user.is_active and user.has_perm(START_SYNC))


def forbidden(request, reason=None):
    """A real 403 (see distro.core.views.admin_forbidden)."""
    if reason is None:
        reason = _(
            "U heeft geen toegang tot deze pagina. De synchronisaties van de informatieset zijn voor beheerders."
        )
    return admin_forbidden(request, reason)


class SyncRunPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_runs(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


# --- Report ------------------------------------------------------------------------


class SyncRunReportView(SyncRunPermissionMixin, ReportView):
    """Report "Synchronisaties": every run, newest first."""

    template_name = "informatieset_sync/admin/sync_runs.html"
    page_title = gettext_lazy("Synchronisaties van de informatieset")
    header_icon = "resubmit"
    model = SyncRun
    index_url_name = "informatieset_sync_admin:sync_runs"
    index_results_url_name = "informatieset_sync_admin:sync_runs_results"
    paginate_by = 25
    verbose_name = gettext_lazy("synchronisatie")
    verbose_name_plural = gettext_lazy("synchronisaties")
    list_export = [
        "started_at",
        "finished_at",
        "trigger",
        "started_by",
        "source",
        "revision",
        "status",
        "created",
        "updated",
        "unchanged",
        "unpublished",
        "republished",
        "moved",
        "skipped",
        "error",
        "error_item",
        "error_field",
    ]
    columns = [
        TitleColumn(
            "started_at",
            label=gettext_lazy("Begonnen"),
            accessor=lambda run: format_datetime(run.started_at),
            get_url=lambda run: reverse("informatieset_sync_admin:sync_run", args=[run.pk]),
        ),
        Column("trigger", label=gettext_lazy("Gestart via"), accessor="get_trigger_display"),
        Column("started_by", label=gettext_lazy("Door"), accessor=lambda run: format_user(run.started_by)),
        Column("source", label=gettext_lazy("Bron"), accessor=lambda run: Truncator(run.source).chars(50)),
        Column("revision", label=gettext_lazy("Revisie")),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        NumberColumn("created", label=gettext_lazy("Nieuw")),
        NumberColumn("updated", label=gettext_lazy("Bijgewerkt")),
        NumberColumn("unchanged", label=gettext_lazy("Ongewijzigd")),
        NumberColumn("unpublished", label=gettext_lazy("Offline gehaald")),
        NumberColumn("republished", label=gettext_lazy("Weer online")),
        NumberColumn("moved", label=gettext_lazy("Verplaatst")),
        Column("duration", label=gettext_lazy("Duur"), accessor=format_duration),
        Column("skipped", label=gettext_lazy("Overgeslagen talen"), accessor=format_skipped),
        Column("error", label=gettext_lazy("Fout"), accessor=format_error),
    ]

    def get_queryset(self):
        return SyncRun.objects.select_related("started_by").order_by("-started_at", "-pk")

    def get_filename(self):
        return f"synchronisaties-informatieset-{timezone.localdate().isoformat()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        state = SyncState.current()
        context.update(
            {
                "sync_state": state if state.pk else None,
                "running_sync": running_sync(),
                "can_start_sync": can_start_sync(self.request.user),
                "sync_now_url": reverse("informatieset_sync_admin:sync_now"),
            }
        )
        return context


class SyncRunDetailView(SyncRunPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "informatieset_sync/admin/sync_run.html"
    header_icon = "resubmit"

    def get_page_title(self):
        return _("Synchronisatie van %(when)s") % {"when": format_datetime(self.run.started_at)}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("informatieset_sync_admin:sync_runs"), "label": _("Synchronisaties van de informatieset")},
            {"url": "", "label": self.get_page_title()},
        ]

    def dispatch(self, request, *args, **kwargs):
        self.run = get_object_or_404(SyncRun.objects.select_related("started_by"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        context["run"] = run
        context["rows"] = [
            (_("Status"), run.get_status_display()),
            (_("Gestart via"), run.get_trigger_display()),
            (_("Gestart door"), format_user(run.started_by)),
            (_("Bron"), run.source or "—"),
            (_("Revisie van de feed"), run.revision if run.revision is not None else "—"),
            (_("Geforceerd"), _("ja") if run.forced else _("nee")),
            (_("Begonnen"), format_datetime(run.started_at)),
            (_("Klaar"), format_datetime(run.finished_at)),
            (_("Duur"), format_duration(run)),
            (_("Nieuw"), run.created),
            (_("Bijgewerkt"), run.updated),
            (_("Ongewijzigd"), run.unchanged),
            (_("Offline gehaald"), run.unpublished),
            (_("Weer online"), run.republished),
            (_("Verplaatst"), run.moved),
            (_("Overgeslagen talen"), format_skipped(run)),
        ]
        context["notices"] = ChangeNotice.objects.filter(sync_run=run).select_related("page").order_by("page__title")
        return context


def sync_now(request):
    """POST: start a sync in the background for a Beheerder."""
    if not can_start_sync(request.user):
        return forbidden(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report_url = reverse("informatieset_sync_admin:sync_runs")

    current = running_sync()
    if current is not None:
        messages.warning(
            request,
            _("Er loopt al een synchronisatie (begonnen %(when)s). Wacht tot die klaar is.")
            % {"when": format_datetime(current.started_at)},
        )
        return redirect(report_url)
    if queued_admin_sync():
        messages.warning(request, _("Er staat al een synchronisatie klaar om te starten. Wacht tot die klaar is."))
        return redirect(report_url)

    try:
        # Looked up on the module at call time, so a test can put a fake task there.
        result = tasks.run_admin_sync.enqueue(request.user.pk)
    except Exception:
        logger.exception("Could not queue an admin sync")
        messages.error(request, _("De synchronisatie kon niet worden gestart. Probeer het later opnieuw."))
        return redirect(report_url)

    if not result.is_finished:
        messages.success(
            request,
            _("De synchronisatie is gestart. Ververs deze pagina over een paar minuten om het resultaat te zien."),
        )
        return redirect(report_url)

    # The task backend ran it at once (no separate worker).
    run = None
    if result.status == TaskResultStatus.SUCCESSFUL:
        run = SyncRun.objects.filter(pk=result.return_value).first()
    if run is None or run.status == SyncRun.Status.FAILED:
        messages.error(
            request,
            _("De synchronisatie is mislukt: %(error)s")
            % {"error": format_error(run) if run else _("onbekende fout, zie het logboek van de server")},
        )
    elif run.status == SyncRun.Status.NOT_MODIFIED:
        messages.success(request, _("De synchronisatie is klaar. De informatieset is niet veranderd."))
    else:
        messages.success(request, _("De synchronisatie is klaar: %(counts)s.") % {"counts": counts_summary(run)})
    return redirect(report_url)


# --- Change notices ------------------------------------------------------------------


def _notice_for(request, pk) -> ChangeNotice:
    notice = get_object_or_404(ChangeNotice.objects.select_related("page", "old_revision", "new_revision"), pk=pk)
    if not user_can_review(request.user, notice):
        # Not 403: whether a notice exists for a page is none of their business.
        raise Http404
    return notice


class NoticeDiffView(WagtailAdminTemplateMixin, TemplateView):
    """ "Bekijk wat er veranderd is": a word diff of the national text."""

    template_name = "informatieset_sync/admin/notice_diff.html"
    header_icon = "history"

    def dispatch(self, request, *args, **kwargs):
        self.notice = _notice_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Wat is er veranderd in “%(title)s”?") % {"title": self.notice.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice = self.notice
        context.update(notice_diff(notice))
        context["notice"] = notice
        context["page"] = notice.page
        context["can_edit_page"] = notice.page.permissions_for_user(self.request.user).can_edit()
        context["reviewed"] = notice.reviewed_at is not None
        context["review_url"] = reverse("informatieset_sync_admin:notice_review", args=[notice.pk])
        return context


def notice_review(request, pk):
    """POST "Gezien": close this notice and the older open ones of the same page."""
    notice = _notice_for(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    count = open_notices_up_to(notice).update(reviewed_at=timezone.now(), reviewed_by=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "De melding over “%(title)s” is gesloten.",
                "De %(count)d meldingen over “%(title)s” zijn gesloten.",
                count,
            )
            % {"title": notice.page.title, "count": count},
        )
    return redirect(_safe_next(request) or reverse("wagtailadmin_home"))


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
