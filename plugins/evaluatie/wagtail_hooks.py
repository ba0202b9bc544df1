from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from . import admin_access, admin_sjablonen, admin_views
from .models import Evaluatieformulier, Reactie
from .views import serve_form

# Any Wagtail screen that asks about responses gets the role-only answer (no exception for superusers).
register_permission_policy(Reactie, admin_access.RESULTS_POLICY)


@hooks.register("before_serve_page")
def serve_evaluation_forms(page, request, serve_args, serve_kwargs):
    """An evaluation form answers with the state it is in (views.py), not with Wagtail's template."""
    if isinstance(page, Evaluatieformulier):
        # A form behind a password or a login: Wagtail's own hook (after this one) asks for it first.
        if any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
            return None
        return serve_form(page, request)
    return None


@hooks.register("register_admin_urls")
def register_admin_urls():
    return admin_views.urls()


@hooks.register("register_page_listing_more_buttons")
def from_template_in_listing(page, user, next_url=None):
    yield from admin_sjablonen.buttons_for(page, user)


@hooks.register("register_page_header_buttons")
def from_template_in_header(page, user, view_name, next_url=None):
    yield from admin_sjablonen.buttons_for(page, user)


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_access.can_view_results(request.user)


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        _("Evaluaties"), reverse("evaluatie_admin:index"), name="evaluaties", icon_name="form", order=170
    )


@hooks.register("register_log_actions")
def register_evaluatie_log_actions(actions):
    @actions.register_action(admin_access.LOG_EXPORT)
    class Exported(LogFormatter):
        label = _("Evaluatie gedownload")

        def format_message(self, log_entry):
            kind = _("zonder bescherming van kleine aantallen") if log_entry.data.get("onbeschermd") else _("beschermd")
            return _("Uitkomsten gedownload (%(format)s, %(kind)s)") % {
                "format": str(log_entry.data.get("format", "?")).upper(),
                "kind": kind,
            }
