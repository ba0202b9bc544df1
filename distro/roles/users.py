"""User management for the Beheerder role, without a way into the steunpunt.

Wagtail lets anyone who may change users tick "Administrator" (superuser) on
any account, edit the account (password included) of an existing
Administrator, and give any user any group. A Beheerder must manage users, but:

* only Administrators make Administrators or edit their accounts (otherwise a
  Beheerder could give themselves every right);
* nobody joins the Steunpunt group through this screen, and the accounts of
  Steunpunt members (password, e-mail, groups, deletion) are changed only by
  Steunpunt members: a Beheerder or Administrator outside the group could
  otherwise set a member's password, log in as them and read every question.
  The team screen (team.py) is where the steunpunt adds and removes members.
"""

from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from distro.core.views import admin_forbidden

from . import STEUNPUNT
from .independence import is_member, is_protected_account


class _ProtectedFieldsMixin:
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if for_user is None or not for_user.is_superuser:
            # A field that is not on the form is never saved.
            self.fields.pop("is_superuser", None)
        if "groups" in self.fields:
            # Joining the steunpunt goes through its own team screen, which also
            # takes away any password someone else may know (team.py).
            self.fields["groups"].queryset = self.fields["groups"].queryset.exclude(name=STEUNPUNT)
            self.fields["groups"].help_text = _(
                "De rol Steunpunt geeft u niet hier: dat doen de medewerkers van het steunpunt zelf, bij Team steunpunt."
            )

    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        if self.instance.pk and self.instance.groups.filter(name=STEUNPUNT).exists():
            # The Steunpunt group is not on the form, so it must not be lost on save.
            pks = [g.pk for g in groups or []] + list(Group.objects.filter(name=STEUNPUNT).values_list("pk", flat=True))
            return Group.objects.filter(pk__in=pks)
        return groups


class SteunpuntUserCreationForm(_ProtectedFieldsMixin, UserCreationForm):
    pass


class SteunpuntUserEditForm(_ProtectedFieldsMixin, UserEditForm):
    pass


def steunpunt_account_refused(request):
    return admin_forbidden(
        request,
        _(
            "Dit account hoort bij het team van het steunpunt. Alleen medewerkers van het steunpunt kunnen het "
            "aanpassen of verwijderen. Zo kan niemand anders meelezen met wat ouders en jongeren het steunpunt "
            "vertellen."
        ),
    )


class _GuardedAccountMixin:
    """Refuses to open a Steunpunt member's or an Administrator's account for those who may not change it."""

    def dispatch(self, request, *args, **kwargs):
        target = self.get_object()
        if target.is_superuser and not request.user.is_superuser:
            return admin_forbidden(
                request, _("Alleen een Administrator kan het account van een Administrator aanpassen.")
            )
        if is_protected_account(target) and not is_member(request.user):
            return steunpunt_account_refused(request)
        return super().dispatch(request, *args, **kwargs)


class _ForUserMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class CreateView(_ForUserMixin, users.CreateView):
    pass


class EditView(_GuardedAccountMixin, _ForUserMixin, users.EditView):
    pass


class DeleteView(_GuardedAccountMixin, users.DeleteView):
    pass


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return SteunpuntUserEditForm if for_update else SteunpuntUserCreationForm
