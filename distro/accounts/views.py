"""The admin's login, logout and password reset, with throttling and a second step.

These replace Wagtail's views at the same URLs (distro/accounts/urls.py comes
before the admin's own routes) and reuse Wagtail's templates where they can.
"""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp import login as otp_login
from wagtail.admin.views import account

from . import services
from .forms import CodeForm
from .throttle import reset_mail_allowed

PENDING_KEY = "steunpunt_login_wacht_op_code"
#: Minutes between a correct password and the code before the password must be typed again.
PENDING_MINUTES = 5


def lockout_message() -> str:
    return _(
        "Er is te vaak een verkeerd wachtwoord of een verkeerde code ingevuld. Inloggen met deze "
        "gebruikersnaam kan vanaf dit adres %(minuten)s minuten niet. Wacht en probeer het daarna opnieuw, "
        "of vraag een Beheerder om uw account te ontgrendelen."
    ) % {"minuten": settings.STEUNPUNT_LOGIN_BLOKKADE_MINUTEN}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a Dutch page with status 429 instead of axes' plain text."""
    if original_response is not None and getattr(original_response, "steunpunt_lockout", False):
        return original_response
    request.session.pop(PENDING_KEY, None)
    response = TemplateResponse(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
    response.steunpunt_lockout = True
    return response


class LoginView(account.LoginView):
    def form_valid(self, form):
        user = form.get_user()
        if not services.has_2fa(user):
            return super().form_valid(form)
        # The password was right; the session becomes the user's only after the code.
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "remember": bool(form.cleaned_data.get("remember")),
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("accounts_login_code")

    def form_invalid(self, form):
        if not getattr(self.request, "axes_locked_out", False):
            return super().form_invalid(form)
        # Instead of "wrong password", say what happened; the same for every
        # user name, so it does not tell whether an account exists.
        form._errors = ErrorDict()
        form.add_error(None, lockout_message())
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response.steunpunt_lockout = True
        return response


@method_decorator([sensitive_post_parameters(), csrf_protect, never_cache], name="dispatch")
class LoginCodeView(FormView):
    """Second step of the login: the six-digit code from the staff member's app."""

    template_name = "accounts/login_code.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(PENDING_KEY)
        self.user = self.device = None
        if pending and time.time() - pending.get("at", 0) <= PENDING_MINUTES * 60:
            self.user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
            self.device = services.confirmed_device(self.user)
        if self.device is None:
            request.session.pop(PENDING_KEY, None)
            if request.method == "POST" or pending:
                messages.warning(request, _("Log opnieuw in: het inloggen duurde te lang."))
            return redirect("wagtailadmin_login")
        self.pending = pending
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        request = self.request
        credentials = {settings.AXES_USERNAME_FORM_FIELD: self.user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request)
        allowed, _details = self.device.verify_is_allowed()
        if allowed and self.device.verify_token(form.cleaned_data["code"]):
            request.session.pop(PENDING_KEY, None)
            auth_login(request, self.user, backend=self.pending["backend"])
            otp_login(request, self.device)
            request.session.set_expiry(settings.SESSION_COOKIE_AGE if self.pending["remember"] else 0)
            return HttpResponseRedirect(self.pending["next"])
        # A wrong code counts as a failed login: the same lockout as for passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request)
        if allowed:
            form.add_error(
                "code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer het opnieuw.")
            )
        else:
            form.add_error("code", _("Te veel codes achter elkaar. Wacht een paar seconden en probeer het opnieuw."))
        return self.form_invalid(form)


class LogoutView(account.LogoutView):
    """Logging out only by POST: a link or an image on another site must not end a session.

    Wagtail's own menu item already posts a form; a GET shows a page with a button.
    """

    http_method_names = ["get", "post", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET":
            if not request.user.is_authenticated:
                return redirect("wagtailadmin_login")
            return TemplateResponse(request, "accounts/logout_confirm.html", {})
        return super().dispatch(request, *args, **kwargs)


class PasswordResetView(account.PasswordResetView):
    def form_valid(self, form):
        if not reset_mail_allowed(self.request, form.cleaned_data.get("email", "")):
            # The same confirmation as always: the answer tells nothing about the address.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
