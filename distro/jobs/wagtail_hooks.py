"""A read-only list of the periodic jobs, so a Beheerder sees whether they run."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from .models import JobRun


class JobRunViewSet(ModelViewSet):
    model = JobRun
    icon = "cogs"
    menu_label = _("Achtergrondtaken")
    add_to_settings_menu = True
    list_display = [
        Column("name", label=_("Taak")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("started_at", label=_("Laatst gestart")),
        DateColumn("finished_at", label=_("Klaar")),
    ]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = ["name", "status", "started_at", "finished_at", "message"]
    copy_view_enabled = False
    form_fields = []  # never edited; the policy refuses add, change and delete anyway


@hooks.register("register_admin_viewset")
def register_job_run_viewset():
    return JobRunViewSet("achtergrondtaken")
