from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from distro.roles.choosers import RoleOnlyChooserViewSet

from .models import Vraag


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
        "mail_status",
        DateColumn("created_at", label=_("Ontvangen")),
    ]
    list_filter = ["status", "role", "mail_status"]
    inspect_view_enabled = True
    inspect_view_fields = ["created_at", "name", "email", "phone", "role", "language", "question", "status", "notes", "mail_status", "mail_error"]
    copy_view_enabled = False
    # Wagtail's default chooser would list questions to every admin user.
    chooser_viewset_class = RoleOnlyChooserViewSet


register_snippet(VraagViewSet)
