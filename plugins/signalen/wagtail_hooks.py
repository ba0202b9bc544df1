import django_filters
from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from distro.roles import bulk, logs
from distro.roles.choosers import RoleOnlyChooserViewSet
from distro.roles.policies import RoleOnlyPermissionPolicy

from . import access, admin_rapporten, admin_registraties, services
from .forms import RegistratieForm
from .registraties import Registratie, Status, Thema

register_permission_policy(Registratie, access.REGISTRATIONS)
register_permission_policy(Thema, RoleOnlyPermissionPolicy(Thema, access.STEUNPUNT))
register_permission_policy(access.Rapport, access.REPORTS)


class RegistratieFilterSet(WagtailFilterSet):
    datum = django_filters.DateFromToRangeFilter(label=_("Datum"), widget=DateRangePickerWidget)

    class Meta:
        model = Registratie
        fields = ["status", "aard", "kanaal", "bron", "datum"]


class RegistratieViewSet(SnippetViewSet):
    model = Registratie
    icon = "clipboard-list"
    menu_label = _("Registraties")
    menu_name = "registraties"
    add_to_admin_menu = False
    list_display = [
        "__str__",
        DateColumn("datum", label=_("Datum")),
        Column("aard", label=_("Soort contact"), accessor="get_aard_display"),
        Column("kanaal", label=_("Kanaal"), accessor="get_kanaal_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("bron", label=_("Bron"), accessor="get_bron_display"),
    ]
    filterset_class = RegistratieFilterSet
    index_view_class = admin_registraties.RegistratieIndexView
    add_view_class = admin_registraties.RegistratieCreateView
    edit_view_class = admin_registraties.RegistratieEditView
    inspect_view_enabled = True
    inspect_view_class = admin_registraties.RegistratieDetailView
    # The themes come below, from the template; the question's number says nothing to a reader.
    # (Set here: the viewset hands its own, empty, list to the view.)
    inspect_view_fields = [
        "datum",
        "kanaal",
        "vraagsteller",
        "schoolsoort",
        "gemeente",
        "aard",
        "afhandeling",
        "doorverwezen_naar",
        "status",
        "minuten",
        "notitie",
        "bron",
        "aangemaakt",
    ]
    copy_view_enabled = False
    # Wagtail's default chooser would list registrations to every admin user.
    chooser_viewset_class = RoleOnlyChooserViewSet

    def get_form_class(self, for_update=False):
        return RegistratieForm

    def get_edit_handler(self):
        from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList

        # One section: a field of its own at the top level would get a collapse button and an
        # anchor link, two Tab stops each that a keyboard user has to pass for nothing.
        return ObjectList(
            [
                MultiFieldPanel(
                    [
                        FieldPanel("datum"),
                        FieldRowPanel([FieldPanel("kanaal"), FieldPanel("vraagsteller")]),
                        FieldPanel("schoolsoort"),
                        FieldPanel("gemeente"),
                        FieldPanel("themas"),
                        FieldPanel("aard"),
                        FieldRowPanel([FieldPanel("afhandeling"), FieldPanel("doorverwezen_naar")]),
                        FieldPanel("status"),
                        FieldPanel("notitie"),
                        FieldPanel("minuten"),
                    ],
                    heading=_("Het contact"),
                )
            ],
            base_form_class=RegistratieForm,
        ).bind_to_model(Registratie)


class ThemaViewSet(SnippetViewSet):
    model = Thema
    icon = "tag"
    menu_label = _("Thema's")
    menu_name = "signalen_themas"
    # A plain "Ja"/"Nee": Wagtail's boolean column names its icons "True" and "False".
    list_display = [
        "naam",
        "code",
        Column(
            "actief",
            label=capfirst(Thema._meta.get_field("actief").verbose_name),
            accessor=lambda thema: _("Ja") if thema.actief else _("Nee"),
            sort_key="actief",
        ),
    ]
    panels = None
    chooser_viewset_class = RoleOnlyChooserViewSet

    def get_edit_handler(self):
        from wagtail.admin.panels import FieldPanel, ObjectList

        return ObjectList([FieldPanel("naam"), FieldPanel("volgorde"), FieldPanel("actief")]).bind_to_model(Thema)


class SignalenGroup(ViewSetGroup):
    menu_label = _("Signalen")
    menu_icon = "clipboard-list"
    menu_order = 160
    items = (RegistratieViewSet, ThemaViewSet)


register_snippet(SignalenGroup)
bulk.register()
logs.install()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "signalen/",
            include(
                (
                    [path("uit-vraag/<int:vraag_id>/", admin_registraties.from_question, name="uit_vraag")],
                    "signalen_admin",
                ),
                namespace="signalen_admin",
            ),
        ),
        *admin_rapporten.urls(),
    ]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.can_read_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Verslagen"), reverse("signalen_rapporten:index"), name="verslagen", icon_name="doc-full", order=165
    )


@hooks.register("register_log_actions")
def register_signalen_log_actions(actions):
    @actions.register_action(services.LOG_STATUS)
    class StatusChanged(LogFormatter):
        label = _("Status veranderd")

        def format_message(self, log_entry):
            def label(value):
                return str(Status(value).label) if value in Status.values else _("nieuw")

            return _("Status van %(van)s naar %(naar)s") % {
                "van": label(log_entry.data.get("van", "")),
                "naar": label(log_entry.data.get("naar", "")),
            }

    actions.register_action(admin_rapporten.LOG_EXPORT, _("Verslag gedownload"), _("Verslag gedownload"))
