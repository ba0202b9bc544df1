import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from distro.outbox.services import status_subquery
from distro.roles import bulk, logs
from distro.roles.choosers import RoleOnlyChooserViewSet

from .tasks import KIND
from .vraag import Vraag


class VraagFilterSet(WagtailFilterSet):
    # The e-mail state lives in the core outbox; filtered through the annotation below.
    mail_status = django_filters.ChoiceFilter(
        label=_("E-mail"), choices=Vraag.MailStatus.choices, method="filter_mail_status"
    )

    class Meta:
        model = Vraag
        fields = ["status", "role"]

    def filter_mail_status(self, queryset, name, value):
        return queryset.filter(mail_status=value) if value else queryset


class VraagViewSet(SnippetViewSet):
    model = Vraag
    icon = "help"
    menu_label = _("Vragen")
    menu_order = 150
    add_to_admin_menu = True
    list_display = [
        Column("__str__", label=_("Vraag")),
        "role",
        "status",
        Column("mail_status", label=_("E-mail"), accessor="get_mail_status_display"),
        DateColumn("created_at", label=_("Ontvangen")),
    ]
    filterset_class = VraagFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "name",
        "email",
        "phone",
        "role",
        "language",
        "question",
        "status",
        "notes",
        "mail_status",
        "mail_error",
    ]
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
