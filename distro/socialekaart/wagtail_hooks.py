from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Gemeente, Organisatie, Thema


class OrganisatieViewSet(SnippetViewSet):
    model = Organisatie
    icon = "group"
    menu_label = _("Organisaties")
    list_display = ["name", "phone", "website"]
    list_filter = ["themes", "municipalities"]
    search_fields = ["name"]


class ThemaViewSet(SnippetViewSet):
    model = Thema
    icon = "tag"
    menu_label = _("Thema's")


class GemeenteViewSet(SnippetViewSet):
    model = Gemeente
    icon = "site"
    menu_label = _("Gemeenten")


class SocialeKaartGroup(SnippetViewSetGroup):
    items = (OrganisatieViewSet, ThemaViewSet, GemeenteViewSet)
    menu_icon = "group"
    menu_label = _("Sociale kaart")
    menu_order = 200


register_snippet(SocialeKaartGroup)
