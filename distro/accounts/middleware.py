"""Staff sessions end after an idle period and after a working day; 2FA is enforced.

Timestamps live in the session itself, so this works with any session
backend. Anonymous visitors are never touched: public pages stay cookie-free.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services

START_KEY = "steunpunt_sessie_start"
LAST_KEY = "steunpunt_sessie_laatst"
#: Seconds between two writes of the last-activity time: not every request
#: needs to write the session row.
TOUCH_EVERY = 60
#: Requests the admin makes by itself (the editor's presence ping): they say
#: nothing about whether a person is still at the keyboard.
PASSIVE_PREFIXES = ("/admin/editing-sessions/",)


def _now() -> float:
    return timezone.now().timestamp()


def start_session_clock(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[START_KEY] = session[LAST_KEY] = _now()


def _admin_prefix() -> str:
    return reverse("wagtailadmin_home")


def _login_redirect(request):
    login_url = reverse("wagtailadmin_login")
    if request.method == "GET" and request.path != login_url:
        return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
    return redirect(login_url)


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self.check(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _end(self, request, message):
        in_admin = request.path.startswith(_admin_prefix())
        logout(request)
        if not in_admin:
            # The public page is served as to any visitor, without a message
            # cookie that only the admin would ever show.
            return None
        messages.warning(request, message)
        return _login_redirect(request)

    def check(self, request, user):
        session = request.session
        now = _now()
        start, last = session.get(START_KEY), session.get(LAST_KEY)
        if start is None or last is None:
            # A session from before this rule: its clock starts now.
            session[START_KEY] = session[LAST_KEY] = now
            start = last = now
        if now - last > settings.STEUNPUNT_SESSIE_INACTIEF_MINUTEN * 60:
            return self._end(
                request,
                _("U bent uitgelogd omdat u %(minuten)s minuten niets hebt gedaan. Log opnieuw in.")
                % {"minuten": settings.STEUNPUNT_SESSIE_INACTIEF_MINUTEN},
            )
        if now - start > settings.STEUNPUNT_SESSIE_MAX_UREN * 3600:
            return self._end(
                request,
                _("U bent uitgelogd omdat u al %(uren)s uur bent ingelogd. Log opnieuw in.")
                % {"uren": settings.STEUNPUNT_SESSIE_MAX_UREN},
            )
        if now - last >= TOUCH_EVERY and not request.path.startswith(PASSIVE_PREFIXES):
            session[LAST_KEY] = now

        verified = user.is_verified() if hasattr(user, "is_verified") else False
        if not verified and services.has_2fa(user):
            # A session that started before the second factor was set up (in
            # another browser, say) must not outlive it.
            return self._end(request, _("Uw account gebruikt nu een code bij het inloggen. Log opnieuw in."))
        if not verified and settings.STEUNPUNT_2FA_VERPLICHT and request.path.startswith(_admin_prefix()):
            allowed = tuple(
                reverse(name)
                for name in (
                    "accounts_2fa",
                    "wagtailadmin_logout",
                    "wagtailadmin_javascript_catalog",
                    "wagtailadmin_sprite",
                )
            )
            if not request.path.startswith(allowed) and services.requires_2fa(user):
                messages.warning(request, _("Voor uw rol is inloggen met een code verplicht. Zet dat eerst aan."))
                return redirect("accounts_2fa")
        return None
