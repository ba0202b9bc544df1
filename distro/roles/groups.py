"""Wagtail's group screens, without renaming or deleting the four roles.

Steunpunt data is protected by membership of the group *named* Steunpunt. An
Administrator who could rename groups could rename Steunpunt away and another
group (say Beheerder, with themselves in it) to Steunpunt. The roles' names
are therefore fixed here, and their permissions are reset by setup_roles anyway.
"""

from django import forms
from django.utils.translation import gettext as _
from wagtail.users.forms import GroupForm
from wagtail.users.views import groups

from distro.core.views import admin_forbidden

from . import ROLES


class RoleSafeGroupForm(GroupForm):
    def clean_name(self):
        name = super().clean_name()
        old = self.instance.name if self.instance.pk else None
        if old in ROLES and name != old:
            raise forms.ValidationError(_("De naam van een rol kunt u niet veranderen."))
        if name in ROLES and name != old:
            raise forms.ValidationError(_("Deze naam is van een vaste rol. Kies een andere naam."))
        return name


class DeleteView(groups.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if self.get_object().name in ROLES:
            return admin_forbidden(request, _("Een vaste rol kunt u niet verwijderen."))
        return super().dispatch(request, *args, **kwargs)


class GroupViewSet(groups.GroupViewSet):
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return RoleSafeGroupForm
