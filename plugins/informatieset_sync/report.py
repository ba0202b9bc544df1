"""What the informatieset tells other plugins: its themes, and how its syncs went (for the board's report).

Only figures about the national content, nothing about visitors: the
board's report shows whether the site's information was kept up to date.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from distro.extensions import ReportFigure, ThemeSuggestion, signal_report_figures, theme_suggestions

from .models import InformatiesetThema, SyncRun, SyncState


def themes(sender, **kwargs):
    return [ThemeSuggestion(theme.code, theme.label("nl")) for theme in InformatiesetThema.objects.all()]


def report_figures(sender, start, end, **kwargs):
    runs = SyncRun.objects.filter(started_at__date__gte=start, started_at__date__lte=end)
    group = _("Landelijke informatieset")
    # Syncs are the software's, not people's: plain counts, marked protected so none is hidden.
    return [
        ReportFigure(
            _("Geslaagde controles op nieuwe versies"),
            runs.filter(status__in=(SyncRun.Status.SUCCESS, SyncRun.Status.NOT_MODIFIED)).count(),
            group,
            protected=True,
        ),
        ReportFigure(_("Mislukte controles"), runs.filter(status=SyncRun.Status.FAILED).count(), group, protected=True),
        ReportFigure(_("Revisie van de informatieset nu"), SyncState.current().revision, group, protected=True),
    ]


def connect():
    theme_suggestions.connect(themes, dispatch_uid="informatieset_sync_themes")
    signal_report_figures.connect(report_figures, dispatch_uid="informatieset_sync_report_figures")
