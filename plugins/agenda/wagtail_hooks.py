from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .admin_views import ATTENDEE_POLICY, can_view_overview
from .models import Aanmelding, Doelgroep, Thema

# Any Wagtail screen that asks about registrations gets the role-only answer
# (no exception for superusers), not the default model permissions.
register_permission_policy(Aanmelding, ATTENDEE_POLICY)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return admin_views.urls()


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_overview(request.user)


@hooks.register("register_admin_menu_item")
def register_overview_menu_item():
    return OverviewMenuItem(
        _("Bijeenkomsten"), reverse("agenda_admin:overview"), name="bijeenkomsten", icon_name="date", order=160
    )


@hooks.register("register_log_actions")
def register_agenda_log_actions(actions):
    v = admin_views

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


# --- The lists editors choose from: "Thema's" and "Voor wie" ------------------------------


class ThemaViewSet(SnippetViewSet):
    model = Thema
    icon = "tag"
    menu_label = _("Thema's")
    list_display = ["name", "slug", "meeting_count"]
    search_fields = ["name"]


class DoelgroepViewSet(SnippetViewSet):
    model = Doelgroep
    icon = "group"
    menu_label = _("Voor wie")
    list_display = ["name", "slug", "meeting_count"]
    search_fields = ["name"]


class AgendaListsGroup(SnippetViewSetGroup):
    items = (ThemaViewSet, DoelgroepViewSet)
    menu_icon = "tag"
    menu_label = _("Thema's en doelgroepen")
    menu_name = "agenda-lijsten"
    # Right after "Bijeenkomsten" (order 160).
    menu_order = 161


register_snippet(AgendaListsGroup)
