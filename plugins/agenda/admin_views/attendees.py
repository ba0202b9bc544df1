"""Per meeting, for the Steunpunt role only: the attendee list and its CSV and XLSX export."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from distro.core import exports

from ..bericht import with_counts
from ..models import Aanmelding
from .common import (
    LOG_EXPORT,
    MeetingMixin,
    StaffPermissionMixin,
    answer_pairs,
    attended_label,
    bezetting_of,
    can_change_attendees,
    format_datetime,
    registrations_of,
)


class AttendeesView(StaffPermissionMixin, MeetingMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "agenda/admin/attendees.html"
    header_icon = "group"

    def get_page_title(self):
        return _("Deelnemers")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("agenda_admin:overview"), "label": _("Bijeenkomsten")},
            {"url": "", "label": self.meeting.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        registrations = registrations_of(meeting)
        for aanmelding in registrations:
            aanmelding.answer_list = answer_pairs(aanmelding)
        berichten = list(with_counts(meeting.berichten.all()))
        context.update(
            {
                "berichten": berichten,
                "failed_messages": sum(b.n_mislukt for b in berichten),
                "meeting": meeting,
                "when": format_datetime(meeting.first_start),
                "sessies": meeting.sessies.order_by("start"),
                "bezetting": bezetting_of(meeting),
                "registrations": registrations,
                "failed_mails": sum(1 for a in registrations if a.mail_status == Aanmelding.MailStatus.MISLUKT),
                "can_change": can_change_attendees(self.request.user),
                "csv_url": reverse("agenda_admin:export", args=[meeting.pk, "csv"]),
                "xlsx_url": reverse("agenda_admin:export", args=[meeting.pk, "xlsx"]),
                "message_url": reverse("agenda_admin:message", args=[meeting.pk]),
            }
        )
        return context


def export_rows(meeting) -> tuple[list[str], list[list]]:
    registrations = [a for a in registrations_of(meeting) if a.anonymised_at is None]
    # One column per question, in the order the questions first appear.
    questions: dict[str, None] = {}
    answers_by_pk = {}
    for aanmelding in registrations:
        pairs = answer_pairs(aanmelding)
        answers_by_pk[aanmelding.pk] = dict(pairs)
        for label, _value in pairs:
            questions.setdefault(label, None)
    headers = [
        _("Naam"),
        _("E-mailadres"),
        _("Aantal personen"),
        _("Ik ben"),
        _("Status"),
        _("Aanwezig"),
        _("E-mail"),
        _("Aangemeld op"),
        _("Taal"),
        *questions.keys(),
    ]
    rows = [
        [
            a.name,
            a.email,
            a.persons,
            a.get_role_display(),
            a.get_status_display(),
            attended_label(a),
            a.get_mail_status_display(),
            format_datetime(a.created_at),
            a.language,
            *(answers_by_pk[a.pk].get(q, "") for q in questions),
        ]
        for a in registrations
    ]
    return [str(h) for h in headers], rows


class ExportView(StaffPermissionMixin, MeetingMixin, View):
    """The attendee list as CSV or XLSX (``fmt``); every download is in the audit log."""

    def get(self, request, pk, fmt):
        meeting = self.meeting
        headers, rows = export_rows(meeting)
        base = f"deelnemers-{meeting.slug}-{timezone.localdate().isoformat()}"
        # The core's helpers strip what XLSX cannot hold and keep CSV formula-safe.
        if fmt == "csv":
            response = exports.csv_response(base + ".csv", headers, rows)
        else:
            response = exports.xlsx_response(base + ".xlsx", _("Deelnemers"), headers, rows)
        log(instance=meeting, action=LOG_EXPORT, user=request.user, data={"format": fmt, "rows": len(rows)})
        return response
