from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from .admin_views import ATTENDEE_POLICY
from .models import Aanmelding

# Any Wagtail screen that asks about registrations gets the role-only answer
# (no exception for superusers), not the default model permissions.
register_permission_policy(Aanmelding, ATTENDEE_POLICY)


@hooks.register("register_admin_urls")
def register_admin_urls():
    from . import admin_views

    urlpatterns = [
        path("", admin_views.OverviewView.as_view(), name="overview"),
        path("<int:pk>/deelnemers/", admin_views.AttendeesView.as_view(), name="attendees"),
        path("<int:pk>/export.<str:fmt>", admin_views.export, name="export"),
        path("<int:pk>/bericht/", admin_views.message, name="message"),
        path("berichten/<int:pk>/", admin_views.MessageDetailView.as_view(), name="message_detail"),
        path("berichten/<int:pk>/opnieuw/", admin_views.message_retry, name="message_retry"),
        path("aanmeldingen/<int:pk>/aanwezig/", admin_views.checkin, name="checkin"),
        path("aanmeldingen/<int:pk>/afmelden/", admin_views.cancel, name="cancel"),
        path("aanmeldingen/<int:pk>/verplaatsen/", admin_views.move, name="move"),
    ]
    return [path("bijeenkomsten/", include((urlpatterns, "agenda_admin"), namespace="agenda_admin"))]


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        from .admin_views import can_view_overview

        return can_view_overview(request.user)


@hooks.register("register_admin_menu_item")
def register_overview_menu_item():
    return OverviewMenuItem(
        _("Bijeenkomsten"), reverse("agenda_admin:overview"), name="bijeenkomsten", icon_name="date", order=160
    )


@hooks.register("register_log_actions")
def register_agenda_log_actions(actions):
    from . import admin_views as v

    @actions.register_action(v.LOG_EXPORT)
    class Exported(LogFormatter):
        label = _("Deelnemerslijst gedownload")

        def format_message(self, log_entry):
            return _("Deelnemerslijst gedownload (%(format)s, %(rows)s aanmeldingen)") % {
                "format": str(log_entry.data.get("format", "?")).upper(),
                "rows": log_entry.data.get("rows", "?"),
            }

    @actions.register_action(v.LOG_CHECKIN)
    class CheckedIn(LogFormatter):
        label = _("Aanwezigheid bijgewerkt")

        def format_message(self, log_entry):
            return _("Aanwezigheid bijgewerkt bij aanmelding %(id)s") % {"id": log_entry.data.get("aanmelding", "?")}

    @actions.register_action(v.LOG_CANCEL)
    class Cancelled(LogFormatter):
        label = _("Aanmelding afgemeld")

        def format_message(self, log_entry):
            return _("Aanmelding %(id)s afgemeld; %(count)s van de wachtlijst kregen een plek") % {
                "id": log_entry.data.get("aanmelding", "?"),
                "count": len(log_entry.data.get("van_wachtlijst", [])),
            }

    @actions.register_action(v.LOG_MOVE)
    class Moved(LogFormatter):
        label = _("Aanmelding verplaatst")

        def format_message(self, log_entry):
            return _("Aanmelding %(id)s verplaatst naar bijeenkomst %(to)s") % {
                "id": log_entry.data.get("aanmelding", "?"),
                "to": log_entry.data.get("naar", "?"),
            }

    @actions.register_action(v.LOG_MESSAGE)
    class MessageSent(LogFormatter):
        label = _("Bericht aan aanmeldingen verstuurd")

        def format_message(self, log_entry):
            return _("Bericht verstuurd aan %(count)s aanmeldingen") % {"count": log_entry.data.get("ontvangers", "?")}

    @actions.register_action(v.LOG_MESSAGE_RETRY)
    class MessageRetried(LogFormatter):
        label = _("Bericht opnieuw verstuurd")

        def format_message(self, log_entry):
            return _("Bericht %(id)s opnieuw verstuurd aan %(count)s aanmeldingen") % {
                "id": log_entry.data.get("bericht", "?"),
                "count": log_entry.data.get("ontvangers", "?"),
            }
