"""User management for the Beheerder role without a way up to Administrator.

Wagtail lets anyone who may change users tick "Administrator" (superuser) on
any account, and edit the account (password included) of an existing
Administrator. A Beheerder must manage users, but that would let them give
themselves every right, or take over an Administrator's account. Here only
Administrators can make Administrators or edit their accounts.

Joining the Steunpunt group stays possible for a Beheerder on purpose: that is
how a new steunpunt employee gets access, and it is written to the audit log
(see signals.py).
"""

from django.core.exceptions import PermissionDenied
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users


class _NoSuperuserFieldMixin:
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if for_user is None or not for_user.is_superuser:
            # A field that is not on the form is never saved.
            self.fields.pop("is_superuser", None)


class SteunpuntUserCreationForm(_NoSuperuserFieldMixin, UserCreationForm):
    pass


class SteunpuntUserEditForm(_NoSuperuserFieldMixin, UserEditForm):
    pass


class _ForUserMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs


class CreateView(_ForUserMixin, users.CreateView):
    pass


class EditView(_ForUserMixin, users.EditView):
    def dispatch(self, request, *args, **kwargs):
        if self.object.is_superuser and not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserViewSet(users.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView

    def get_form_class(self, for_update=False):
        return SteunpuntUserEditForm if for_update else SteunpuntUserCreationForm
