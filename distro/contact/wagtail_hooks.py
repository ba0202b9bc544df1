import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from distro.outbox.services import status_subquery
from distro.roles import bulk, logs
from distro.roles.choosers import RoleOnlyChooserViewSet

from .admin_views import (
    LOG_NOTE,
    LOG_NOTES_EDITED,
    LOG_STATUS,
    VraagDetailView,
    VraagEditView,
    VraagIndexView,
    status_label,
)
from .tasks import KIND
from .vraag import Vraag


class VraagFilterSet(WagtailFilterSet):
    # A date range on a date-time field: django-filter takes whole days in the
    # active time zone (Europe/Amsterdam), so "1 to 3 March" ends at midnight there.
    created_at = django_filters.DateFromToRangeFilter(label=_("Ontvangen"), widget=DateRangePickerWidget)
    # The e-mail state lives in the core outbox; filtered through the annotation below.
    mail_status = django_filters.ChoiceFilter(
        label=_("E-mail"), choices=Vraag.MailStatus.choices, method="filter_mail_status"
    )

    class Meta:
        model = Vraag
        fields = ["status", "role", "created_at"]

    def filter_mail_status(self, queryset, name, value):
        return queryset.filter(mail_status=value) if value else queryset


class VraagViewSet(SnippetViewSet):
    model = Vraag
    icon = "help"
    menu_label = _("Vragen")
    menu_order = 150
    add_to_admin_menu = True
    # "__str__" first: Wagtail makes it the row's link (VraagIndexView sends it to the detail view).
    list_display = [
        "__str__",
        "role",
        "status",
        Column("mail_status", label=_("E-mail"), accessor="get_mail_status_display"),
        DateColumn("created_at", label=_("Ontvangen")),
    ]
    filterset_class = VraagFilterSet
    index_view_class = VraagIndexView
    inspect_view_enabled = True
    inspect_view_class = VraagDetailView
    edit_view_class = VraagEditView
    copy_view_enabled = False
    # Wagtail's default chooser would list questions to every admin user.
    chooser_viewset_class = RoleOnlyChooserViewSet

    def get_queryset(self, request):
        # The outbox state of every question in the same query as the list.
        return Vraag.objects.annotate(mail_status=status_subquery(KIND))


register_snippet(VraagViewSet)
# The bulk-delete page and the audit log report would otherwise tell every
# admin user which questions exist (distro/roles/bulk.py, logs.py).
bulk.register()
logs.install()


# --- The history of a question ----------------------------------------------------------


@hooks.register("register_log_actions")
def register_vraag_log_actions(actions):
    @actions.register_action(LOG_STATUS)
    class StatusChanged(LogFormatter):
        label = _("Status veranderd")

        def format_message(self, log_entry):
            return _("Status veranderd van %(old)s naar %(new)s") % {
                "old": status_label(log_entry.data.get("oud", "")),
                "new": status_label(log_entry.data.get("nieuw", "")),
            }

    actions.register_action(LOG_NOTE, _("Notitie toegevoegd"), _("Notitie toegevoegd"))
    actions.register_action(LOG_NOTES_EDITED, _("Notities bewerkt"), _("Notities bewerkt"))


# --- The count of new questions on the dashboard ------------------------------------------


class NewQuestionsPanel(Component):
    name = "steunpunt_nieuwe_vragen"
    template_name = "contact/admin/dashboard_panel.html"
    # At the top: new questions wait for someone to answer them.
    order = 40

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        list_url = reverse("wagtailsnippets_contact_vraag:list")
        return {
            "count": self.count,
            "message": ngettext("Er is %(count)s nieuwe vraag.", "Er zijn %(count)s nieuwe vragen.", self.count)
            % {"count": self.count},
            "new_url": f"{list_url}?status={Vraag.Status.NIEUW}",
            "list_url": list_url,
        }


@hooks.register("construct_homepage_panels")
def add_new_questions_panel(request, panels):
    # Membership of the Steunpunt group, not superuser status (RoleOnlyPermissionPolicy).
    if policy_registry.get_by_type(Vraag).user_has_permission(request.user, "view"):
        panels.append(NewQuestionsPanel(Vraag.objects.filter(status=Vraag.Status.NIEUW).count()))
