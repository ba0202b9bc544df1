"""The team screen: Steunpunt members add and remove colleagues themselves.

This is the only place in the admin where someone joins the Steunpunt group
(users.py keeps the group off the user forms). Joining takes away the
account's password, which ends every session of it, and mails the account a
link to choose a new one: whoever made the account (a Beheerder, say) may
know its old password, and must not be able to log in as the new member.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user

from distro.accounts.services import has_2fa, reset_2fa
from distro.core.views import admin_forbidden

from . import STEUNPUNT
from .independence import announce, is_member, members, notify

User = get_user_model()


def _refused(request):
    return admin_forbidden(
        request, _("Alleen medewerkers van het steunpunt kunnen het team van het steunpunt beheren.")
    )


def members_only(view):
    def wrapped(request, *args, **kwargs):
        if not is_member(request.user):
            return _refused(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_password_link(user, *, welcome: bool) -> None:
    """Mail the account a link to choose a password (valid for PASSWORD_RESET_TIMEOUT)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "link": password_link(user), "welcome": welcome}
        subject = _("Welkom in het team van het steunpunt") if welcome else _("Kies een nieuw wachtwoord")
        body = render_to_string("roles/team/password_email.txt", context)
    notify([user.email], subject, body)


def add_member(user) -> None:
    """Put ``user`` in the Steunpunt group with a password only they can choose."""
    with transaction.atomic():
        # Before joining, so the change of password is part of joining, not a second announcement.
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=STEUNPUNT))
        send_password_link(user, welcome=True)


def remove_member(user) -> None:
    user.groups.remove(Group.objects.get(name=STEUNPUNT))


class ColleagueForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Account van uw collega"),
        queryset=User.objects.none(),
        help_text=gettext_lazy(
            "Staat uw collega er niet bij? Vraag dan de beheerder van de site om eerst een account te maken."
        ),
        error_messages={
            "required": gettext_lazy("Kies een account."),
            "invalid_choice": gettext_lazy("Kies een account uit de lijst."),
        },
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, is_superuser=False).exclude(groups__name=STEUNPUNT).order_by("username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.get_username()} ({u.get_username()})"
        )

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not user.email:
            raise forms.ValidationError(
                _("Dit account heeft geen e-mailadres. Vraag de beheerder van de site om er een in te vullen.")
            )
        return user


@members_only
def index(request):
    team = list(members().order_by("first_name", "last_name", "username"))
    for member in team:
        member.has_2fa = has_2fa(member)
    return TemplateResponse(request, "roles/team/index.html", {"team": team, "me": request.user})


def reset_login_code(user, by=None) -> int:
    """Switch off a member's second login step (a lost phone) and tell the team; returns devices removed."""
    with transaction.atomic():
        removed = reset_2fa(user, by) if by is not None else _remove_devices(user)
        what = _(
            "De inlogcode (tweestapsverificatie) van %(user)s is uitgezet. Bij de volgende keer inloggen stelt %(user)s een nieuwe in."
        ) % {"user": f"{user.get_full_name() or user.get_username()} ({user.get_username()})"}
        announce(_("Een inlogcode van het steunpunt is uitgezet"), what, actor=by, extra_recipients=[user.email])
    return removed


def _remove_devices(user) -> int:
    # Recovery on the server: no admin user to check, the command logs who did it.
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


@members_only
@require_http_methods(["GET", "POST"])
def login_code(request, pk):
    colleague = get_object_or_404(members(), pk=pk)
    if request.method == "POST":
        reset_login_code(colleague, by=request.user)
        messages.success(
            request,
            _("De inlogcode van %(name)s staat uit.") % {"name": colleague.get_full_name() or colleague.get_username()},
        )
        return redirect("steunpunt_team:index")
    return TemplateResponse(request, "roles/team/login_code.html", {"colleague": colleague})


@members_only
@require_http_methods(["GET", "POST"])
def add(request):
    form = ColleagueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        if not form.cleaned_data["confirm"]:
            # Second step: the member checks the address the password link goes to.
            confirm_form = ColleagueForm(initial={"user": user.pk, "confirm": True})
            return TemplateResponse(request, "roles/team/add_confirm.html", {"form": confirm_form, "colleague": user})
        add_member(user)
        messages.success(
            request,
            _("%(name)s zit nu in het team. We hebben een link gestuurd naar %(email)s om een wachtwoord te kiezen.")
            % {"name": user.get_full_name() or user.get_username(), "email": user.email},
        )
        return redirect("steunpunt_team:index")
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "roles/team/add.html", {"form": form}, status=status)


@members_only
@require_http_methods(["GET", "POST"])
def remove(request, pk):
    colleague = get_object_or_404(members(), pk=pk)
    last = members().count() == 1
    if request.method == "POST" and not last:
        remove_member(colleague)
        messages.success(
            request,
            _("%(name)s zit niet meer in het team.") % {"name": colleague.get_full_name() or colleague.get_username()},
        )
        if colleague == request.user:
            return redirect("wagtailadmin_home")
        return redirect("steunpunt_team:index")
    return TemplateResponse(
        request, "roles/team/remove.html", {"colleague": colleague, "last": last, "me": request.user}
    )


@members_only
@require_http_methods(["GET", "POST"])
def password(request, pk):
    colleague = get_object_or_404(members(), pk=pk)
    if request.method == "POST":
        if not colleague.email:
            messages.error(request, _("Dit account heeft geen e-mailadres."))
        else:
            send_password_link(colleague, welcome=False)
            messages.success(
                request,
                _("We hebben een link gestuurd naar %(email)s om een nieuw wachtwoord te kiezen.")
                % {"email": colleague.email},
            )
        return redirect("steunpunt_team:index")
    return TemplateResponse(request, "roles/team/password.html", {"colleague": colleague})
