from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views
from .links import InformatiesetLinkHandler
from .models import InformatiesetPage
from .notices import latest_open_notice_per_page
from .regional_translation import RegionalTranslationView
from .regional_translation import regional_translation_buttons as buttons


@hooks.register("register_rich_text_features")
def register_informatieset_links(features):
    features.register_link_type(InformatiesetLinkHandler)


# --- Admin URLs -------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_admin_urls():
    urlpatterns = [
        path("synchronisaties/", admin_views.SyncRunReportView.as_view(), name="sync_runs"),
        path(
            "synchronisaties/results/",
            admin_views.SyncRunReportView.as_view(results_only=True),
            name="sync_runs_results",
        ),
        path("synchronisaties/<int:pk>/", admin_views.SyncRunDetailView.as_view(), name="sync_run"),
        path("synchronisaties/nu/", admin_views.sync_now, name="sync_now"),
        path("meldingen/<int:pk>/", admin_views.NoticeDiffView.as_view(), name="notice_diff"),
        path("meldingen/<int:pk>/gezien/", admin_views.notice_review, name="notice_review"),
    ]
    return [path("informatieset/", include((urlpatterns, "informatieset_sync"), namespace="informatieset_sync_admin"))]


# --- Report "Synchronisaties" --------------------------------------------------------


class SyncRunsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_view_runs(request.user)


@hooks.register("register_reports_menu_item")
def register_sync_runs_menu_item():
    return SyncRunsMenuItem(
        _("Synchronisaties informatieset"),
        reverse("informatieset_sync_admin:sync_runs"),
        name="informatieset-synchronisaties",
        icon_name="resubmit",
        order=1100,
    )


# --- Change notices on the dashboard ------------------------------------------------------

#: More would push the rest of the dashboard out of sight; the count says how many are left.
DASHBOARD_NOTICE_LIMIT = 10


class ChangeNoticesPanel(Component):
    name = "informatieset_change_notices"
    template_name = "informatieset_sync/admin/notices_panel.html"
    # Above Wagtail's own panels: these ask the editor to do something.
    order = 50

    def __init__(self, notices, total):
        self.notices = notices
        self.total = total

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "notices": self.notices,
            "total": self.total,
            "more": self.total - len(self.notices),
            "request": request,
            "csrf_token": parent_context.get("csrf_token"),
        }


@hooks.register("construct_homepage_panels")
def add_change_notices_panel(request, panels):
    notices = latest_open_notice_per_page(request.user)
    if notices:
        for notice in notices:
            notice.can_edit_page = notice.page.permissions_for_user(request.user).can_edit()
        panels.append(ChangeNoticesPanel(notices[:DASHBOARD_NOTICE_LIMIT], len(notices)))


# --- Editing a national page -----------------------------------------------------------


@hooks.register("before_edit_page")
def explain_national_page(request, page):
    # On GET only: after a POST Wagtail redirects here, and the editor would
    # see the same explanation twice.
    if request.method == "GET" and isinstance(page.specific_deferred, InformatiesetPage):
        messages.info(
            request,
            gettext(
                "Deze tekst komt uit de landelijke informatieset en wordt automatisch bijgewerkt. "
                "U kunt de landelijke tekst niet veranderen. "
                "U kunt 'In onze regio' en ervaringsverhalen aanvullen."
            ),
        )


# --- Translating the regional supplement (regional_translation.py) ----------------------


@hooks.register("register_admin_urls")
def register_regional_translation_url():
    return [
        path(
            "informatieset/aanvulling-vertalen/<int:page_id>/",
            RegionalTranslationView.as_view(),
            name="informatieset_regional_translation",
        )
    ]


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def regional_translation_buttons(page, user, next_url=None, view_name=None):
    yield from buttons(page, user, next_url=next_url, view_name=view_name)
