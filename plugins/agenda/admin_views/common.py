"""What the agenda's admin screens share: who may do what, the queries, and the answers as staff read them.

Access goes through Wagtail's permission policies and its
``PermissionCheckedMixin`` (one check per view, declared on the class), with
one difference: a refusal is a real 403 page (``distro.core.views.admin_forbidden``)
instead of Wagtail's redirect to the dashboard, so scripts and tests see it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from distro.core.views import admin_forbidden
from distro.outbox.services import status_subquery
from distro.roles import STEUNPUNT
from distro.roles.policies import RoleOnlyPermissionPolicy

from ..formatting import format_moment
from ..mailkinds import STATUS_KIND
from ..models import Aanmelding, Bezetting, Bijeenkomst

#: The overview shows anonymous place counts: whoever may view ``Bezetting`` (Steunpunt, Redacteur, superusers).
OVERVIEW_POLICY = ModelPermissionPolicy(Bezetting)
#: Registrations are personal data: the Steunpunt role only, superusers included.
ATTENDEE_POLICY = RoleOnlyPermissionPolicy(Aanmelding, STEUNPUNT)

# Audit log actions (labels in wagtail_hooks.py). Data holds counts and ids only.
LOG_EXPORT = "agenda.deelnemers_export"
LOG_CHECKIN = "agenda.aanwezigheid"
LOG_CANCEL = "agenda.aanmelding_afgemeld"
LOG_MOVE = "agenda.aanmelding_verplaatst"
LOG_MESSAGE = "agenda.bericht_verstuurd"
LOG_MESSAGE_RETRY = "agenda.bericht_opnieuw"


# --- Permissions ------------------------------------------------------------------


def can_view_overview(user) -> bool:
    return bool(user and OVERVIEW_POLICY.user_has_permission(user, "view"))


def can_view_attendees(user) -> bool:
    return ATTENDEE_POLICY.user_has_permission(user, "view")


def can_change_attendees(user) -> bool:
    return ATTENDEE_POLICY.user_has_permission(user, "change")


def forbidden(request, reason=None):
    """A real 403 (see distro.core.views.admin_forbidden)."""
    if reason is None:
        reason = _("U heeft geen toegang tot deze pagina. Aanmeldingen zijn alleen voor medewerkers van het steunpunt.")
    return admin_forbidden(request, reason)


class StaffPermissionMixin(PermissionCheckedMixin):
    """Wagtail's permission check on the attendee policy; a refusal is a 403 page, not a redirect.

    Views say ``permission_required = "view"`` (see the list, export) or
    ``"change"`` (check in, cancel, move, write to registrants)."""

    permission_policy = ATTENDEE_POLICY
    permission_required = "view"
    #: The reason shown on the 403 page; None: the text about registrations.
    denied_reason = None

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request, self.denied_reason)


class MeetingBreadcrumbsMixin:
    """Breadcrumbs "Bijeenkomsten > <meeting> > <this screen>" for a view with ``self.meeting``."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("agenda_admin:overview"), "label": _("Bijeenkomsten")},
            {"url": reverse("agenda_admin:attendees", args=[self.meeting.pk]), "label": self.meeting.title},
            {"url": "", "label": self.get_page_title()},
        ]


class MeetingMixin(MeetingBreadcrumbsMixin):
    """Loads ``self.meeting`` from the URL's ``pk`` (after the permission check)."""

    def dispatch(self, request, *args, **kwargs):
        self.meeting = get_object_or_404(meetings_with_dates(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class RegistrationMixin:
    """Loads ``self.aanmelding`` (not purged) and its meeting, after the permission check."""

    def dispatch(self, request, *args, **kwargs):
        self.aanmelding = get_object_or_404(
            Aanmelding.objects.select_related("bijeenkomst"), pk=kwargs["pk"], anonymised_at__isnull=True
        )
        self.meeting = self.aanmelding.bijeenkomst
        return super().dispatch(request, *args, **kwargs)

    def back_to_list(self, anchor=True):
        url = reverse("agenda_admin:attendees", args=[self.aanmelding.bijeenkomst_id])
        return redirect(f"{url}#aanmelding-{self.aanmelding.pk}" if anchor else url)


# --- Formatting -------------------------------------------------------------------


def format_datetime(value) -> str:
    """A moment on the admin screens and in the exports, in the agenda's one notation."""
    return format_moment(value)


def answer_pairs(aanmelding) -> list[tuple[str, str]]:
    """The extra questions and answers as (question, answer) pairs.

    The sign-up form stores ``[{"question": ..., "answer": ...}]``
    (``AanmeldenForm.answers``); migration 0005 brought older rows to that shape.
    """
    return [
        (str(item.get("question", "")), str(item.get("answer", "")))
        for item in aanmelding.answers or []
        if isinstance(item, dict)
    ]


def attended_label(aanmelding) -> str:
    if aanmelding.attended is True:
        return _("aanwezig")
    if aanmelding.attended is False:
        return _("niet gekomen")
    return ""


# --- Queries ----------------------------------------------------------------------


def meetings_with_dates():
    """Meetings as staff manage them: a translated meeting once, as its source-language page.

    Its registrations are all there (services.hoofdbijeenkomst)."""
    main_language = settings.LANGUAGE_CODE
    source_keys = Bijeenkomst.objects.filter(locale__language_code=main_language).values("translation_key")
    return Bijeenkomst.objects.exclude(
        Q(translation_key__in=source_keys) & ~Q(locale__language_code=main_language)
    ).annotate(
        first_start=Min("sessies__start"), last_end=Max("sessies__end"), date_count=Count("sessies", distinct=True)
    )


def bezetting_of(bijeenkomst) -> Bezetting:
    bezetting = Bezetting.objects.filter(bijeenkomst=bijeenkomst).first()
    return bezetting or Bezetting(bijeenkomst=bijeenkomst)


def recipients(bijeenkomst, include_waiting=True):
    statuses = [Aanmelding.Status.BEVESTIGD] + ([Aanmelding.Status.WACHTLIJST] if include_waiting else [])
    return (
        Aanmelding.objects.filter(bijeenkomst=bijeenkomst, status__in=statuses, anonymised_at__isnull=True)
        .exclude(email="")
        .order_by("created_at", "pk")
    )


STATUS_ORDER = {Aanmelding.Status.BEVESTIGD: 0, Aanmelding.Status.WACHTLIJST: 1, Aanmelding.Status.GEANNULEERD: 2}


def registrations_of(bijeenkomst) -> list[Aanmelding]:
    # The status mail's state from the core outbox, in the same query.
    rows = list(
        Aanmelding.objects.filter(bijeenkomst=bijeenkomst)
        .annotate(mail_status=status_subquery(STATUS_KIND))
        .order_by("created_at", "pk")
    )
    # Confirmed first, then the waiting list in its order, then cancellations.
    rows.sort(key=lambda a: STATUS_ORDER.get(a.status, 9))
    return rows
