"""Staff screens: one's own two-factor login, and the Beheerder's list of locked-out logins."""

from base64 import b32encode
from datetime import timedelta

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from distro.core.views import admin_forbidden

from . import services
from .forms import CodeForm
from .grants import UNLOCK_PERMISSION

UNLOCK_ACTION = "steunpunt.login_unlocked"


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG, made here: the secret never goes to a QR service."""
    svg = segno.make(data, error="m").svg_inline(scale=4, border=2)
    # The image has a text alternative on its wrapper (the secret is also shown as text).
    return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@method_decorator(sensitive_post_parameters(), name="post")
class TwoFactorView(WagtailAdminTemplateMixin, FormView):
    template_name = "accounts/two_factor.html"
    page_title = gettext_lazy("Inloggen met een code")
    header_icon = "key"
    form_class = CodeForm

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_account"), "label": _("Account")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_device(self):
        user = self.request.user
        device = services.confirmed_device(user)
        if device is None:
            # One unconfirmed device per user, kept while they set it up, so
            # reloading the page does not change the secret under their eyes.
            device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name=_("App op telefoon"), confirmed=False)
        return device

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = self.get_device()
        context.update(
            device=device,
            active=device.confirmed,
            required=services.requires_2fa(self.request.user),
            disable_url=reverse("accounts_2fa_disable"),
        )
        if not device.confirmed:
            context.update(
                qr_svg=_qr_svg(device.config_url),
                secret=_grouped(b32encode(device.bin_key).decode()),
            )
        return context

    def form_valid(self, form):
        device = self.get_device()
        if device.confirmed:
            return redirect("accounts_2fa")
        if not device.verify_token(form.cleaned_data["code"]):
            form.add_error(
                "code", _("Deze code klopt niet. Kijk of de tijd op uw telefoon goed staat en probeer het opnieuw.")
            )
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # This session proved the second factor just now.
        otp_login(self.request, device)
        # device.user, not request.user: the audit log needs the real model, not a lazy wrapper.
        log(instance=device.user, action=services.ENABLED_ACTION, user=device.user)
        messages.success(
            self.request, _("Inloggen met een code staat aan. Vanaf nu vraagt de site na uw wachtwoord om een code.")
        )
        return redirect("accounts_2fa")


class TwoFactorDisableView(View):
    http_method_names = ["post"]

    def post(self, request):
        if services.requires_2fa(request.user):
            messages.error(request, _("Voor uw rol is inloggen met een code verplicht. U kunt het niet uitzetten."))
        else:
            services.reset_2fa(request.user, by=request.user)
            messages.success(request, _("Inloggen met een code staat uit."))
        return redirect("accounts_2fa")


def _locked_attempts():
    since = timezone.now() - timedelta(minutes=settings.STEUNPUNT_LOGIN_BLOKKADE_MINUTEN)
    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/lockouts.html"
    page_title = gettext_lazy("Geblokkeerde logins")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(UNLOCK_PERMISSION):
            return admin_forbidden(request, _("Alleen een Beheerder kan geblokkeerde logins zien en ontgrendelen."))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = _locked_attempts()
        context["minutes"] = settings.STEUNPUNT_LOGIN_BLOKKADE_MINUTEN
        context["with_code"] = _codes_user_may_reset(self.request.user)
        return context


def _codes_user_may_reset(by):
    """Accounts with a login code that ``by`` may switch off: never a Steunpunt member's (team.py does those)."""
    users = (
        get_user_model().objects.filter(totpdevice__confirmed=True).exclude(pk=by.pk).distinct().order_by("username")
    )
    return [u for u in users if services.may_reset_2fa(u, by)]


class ResetCodeView(View):
    """A lost phone: the Beheerder switches off someone's login code; they set up a new one."""

    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(get_user_model(), pk=pk)
        if not request.user.has_perm(UNLOCK_PERMISSION) or not services.may_reset_2fa(user, request.user):
            return admin_forbidden(request, _("U mag de inlogcode van dit account niet uitzetten."))
        services.reset_2fa(user, by=request.user)
        messages.success(request, _("De inlogcode van %(naam)s staat uit.") % {"naam": user.get_username()})
        return redirect("accounts_lockouts")


class UnlockView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        if not request.user.has_perm(UNLOCK_PERMISSION):
            return admin_forbidden(request, _("Alleen een Beheerder kan geblokkeerde logins zien en ontgrendelen."))
        attempt = get_object_or_404(AccessAttempt, pk=pk)
        AxesProxyHandler.reset_attempts(username=attempt.username, ip_address=attempt.ip_address)
        user = get_user_model().objects.filter(username=attempt.username).first()
        if user is not None:
            log(instance=user, action=UNLOCK_ACTION, user=request.user)
        messages.success(request, _("%(naam)s kan weer inloggen.") % {"naam": attempt.username})
        return redirect("accounts_lockouts")
