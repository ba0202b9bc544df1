"""Admin screens of the agenda.

* "Bijeenkomsten" (Steunpunt and Redacteur): every meeting with its dates and
  anonymous place counts from ``Bezetting``. No personal data.
* Per meeting, for the Steunpunt role only: the attendee list, CSV and XLSX
  export, check-in, cancelling or moving a registration, and a message to all
  registrants with, per message, how many were sent, are waiting or failed.
  Access is by group membership (``RoleOnlyPermissionPolicy``), so
  superusers and Beheerders do not see registrations or messages.

Every action is logged in Wagtail's audit log on the meeting page, with who
did it and counts or registration numbers only, never names or addresses.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from distro.core import exports
from distro.core.views import admin_forbidden
from distro.roles import STEUNPUNT
from distro.roles.policies import RoleOnlyPermissionPolicy

from .grants import VIEW_COUNTS
from .models import Aanmelding, Bericht, BerichtVerzending, Bezetting, Bijeenkomst

logger = logging.getLogger(__name__)

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
    return bool(user and user.is_active and user.has_perm(VIEW_COUNTS))


def can_view_attendees(user) -> bool:
    return ATTENDEE_POLICY.user_has_permission(user, "view")


def can_change_attendees(user) -> bool:
    return ATTENDEE_POLICY.user_has_permission(user, "change")


def forbidden(request, reason=None):
    """A real 403 (see distro.core.views.admin_forbidden)."""
    if reason is None:
        reason = _("U heeft geen toegang tot deze pagina. Aanmeldingen zijn alleen voor medewerkers van het steunpunt.")
    return admin_forbidden(request, reason)


# --- Formatting -------------------------------------------------------------------


def format_datetime(value) -> str:
    if not value:
        return "—"
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def answer_pairs(aanmelding) -> list[tuple[str, str]]:
    """The extra questions and answers as (question, answer) pairs.

    Accepts the shapes a form might store: a list of {"label"/"question":
    ..., "answer"/"value": ...}, a list of pairs, or a dict.
    """
    answers = aanmelding.answers or []
    if isinstance(answers, dict):
        return [(str(k), _answer_text(v)) for k, v in answers.items()]
    pairs = []
    for item in answers:
        if isinstance(item, dict):
            label = item.get("label") or item.get("question") or item.get("vraag") or ""
            value = item.get("answer", item.get("value", item.get("antwoord", "")))
            pairs.append((str(label), _answer_text(value)))
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((str(item[0]), _answer_text(item[1])))
    return pairs


def _answer_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


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
    from distro.outbox.services import status_subquery

    from .mails import STATUS_KIND

    # The status mail's state from the core outbox, in the same query.
    rows = list(
        Aanmelding.objects.filter(bijeenkomst=bijeenkomst)
        .annotate(mail_status=status_subquery(STATUS_KIND))
        .order_by("created_at", "pk")
    )
    # Confirmed first, then the waiting list in its order, then cancellations.
    rows.sort(key=lambda a: STATUS_ORDER.get(a.status, 9))
    return rows


# --- Overview "Bijeenkomsten" -------------------------------------------------------


class OverviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "agenda/admin/overview.html"
    page_title = gettext_lazy("Bijeenkomsten")
    header_icon = "date"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_view_overview(request.user):
            return forbidden(request, _("U heeft geen toegang tot deze pagina."))
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        past = self.request.GET.get("wanneer") == "voorbij"
        meetings = meetings_with_dates().select_related("bezetting")
        if past:
            meetings = meetings.filter(last_end__lt=now).order_by("-first_start", "pk")
        else:
            meetings = meetings.filter(Q(last_end__gte=now) | Q(last_end__isnull=True)).order_by("first_start", "pk")
        page = Paginator(meetings, self.paginate_by).get_page(self.request.GET.get("p"))
        user = self.request.user
        show_attendees = can_view_attendees(user)
        rows = []
        for meeting in page.object_list:
            # No Bezetting row yet (nobody signed up): the reverse accessor raises AttributeError.
            bezetting = getattr(meeting, "bezetting", None)
            rows.append(
                {
                    "meeting": meeting,
                    "when": format_datetime(meeting.first_start),
                    "more_dates": max((meeting.date_count or 0) - 1, 0),
                    "confirmed": bezetting.confirmed if bezetting else 0,
                    "waiting": bezetting.waiting if bezetting else 0,
                    "edit_url": (
                        reverse("wagtailadmin_pages:edit", args=[meeting.pk])
                        if meeting.permissions_for_user(user).can_edit()
                        else ""
                    ),
                    "attendees_url": reverse("agenda_admin:attendees", args=[meeting.pk]) if show_attendees else "",
                }
            )
        context.update(
            {
                "rows": rows,
                "page_obj": page,
                "past": past,
                "show_attendees": show_attendees,
                "upcoming_url": reverse("agenda_admin:overview"),
                "past_url": reverse("agenda_admin:overview") + "?wanneer=voorbij",
            }
        )
        return context


# --- Attendee list (Steunpunt) --------------------------------------------------------


class MeetingMixin:
    """Loads the meeting and lets only the Steunpunt role in."""

    need_change = False

    def dispatch(self, request, *args, **kwargs):
        allowed = can_change_attendees(request.user) if self.need_change else can_view_attendees(request.user)
        if not allowed:
            return forbidden(request)
        self.meeting = get_object_or_404(meetings_with_dates(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("agenda_admin:overview"), "label": _("Bijeenkomsten")},
            {"url": reverse("agenda_admin:attendees", args=[self.meeting.pk]), "label": self.meeting.title},
            {"url": "", "label": self.get_page_title()},
        ]


class AttendeesView(MeetingMixin, WagtailAdminTemplateMixin, TemplateView):
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
        bezetting = bezetting_of(meeting)
        from .bericht import with_counts

        berichten = list(with_counts(meeting.berichten.all()))
        context.update(
            {
                "berichten": berichten,
                "failed_messages": sum(b.n_mislukt for b in berichten),
                "meeting": meeting,
                "when": format_datetime(meeting.first_start),
                "sessies": meeting.sessies.order_by("start"),
                "bezetting": bezetting,
                "registrations": registrations,
                "failed_mails": sum(1 for a in registrations if a.mail_status == Aanmelding.MailStatus.MISLUKT),
                "can_change": can_change_attendees(self.request.user),
                "csv_url": reverse("agenda_admin:export", args=[meeting.pk, "csv"]),
                "xlsx_url": reverse("agenda_admin:export", args=[meeting.pk, "xlsx"]),
                "message_url": reverse("agenda_admin:message", args=[meeting.pk]),
            }
        )
        return context


# --- Export -----------------------------------------------------------------------


def export_rows(meeting) -> tuple[list[str], list[list]]:
    registrations = [a for a in registrations_of(meeting) if a.anonymised_at is None]
    # One column per question, in the order the questions first appear.
    questions: OrderedDict[str, None] = OrderedDict()
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
    rows = []
    for a in registrations:
        rows.append(
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
        )
    return [str(h) for h in headers], rows


def export(request, pk, fmt):
    if not can_view_attendees(request.user):
        return forbidden(request)
    meeting = get_object_or_404(meetings_with_dates(), pk=pk)
    headers, rows = export_rows(meeting)
    base = f"deelnemers-{meeting.slug}-{timezone.localdate().isoformat()}"
    # The core's helpers strip what XLSX cannot hold and keep CSV formula-safe.
    if fmt == "csv":
        response = exports.csv_response(base + ".csv", headers, rows)
    else:
        response = exports.xlsx_response(base + ".xlsx", _("Deelnemers"), headers, rows)
    log(instance=meeting, action=LOG_EXPORT, user=request.user, data={"format": fmt, "rows": len(rows)})
    return response


# --- Check-in ---------------------------------------------------------------------


ATTENDED_VALUES = {"ja": True, "nee": False, "leeg": None}


def _registration(pk) -> Aanmelding:
    return get_object_or_404(Aanmelding.objects.select_related("bijeenkomst"), pk=pk, anonymised_at__isnull=True)


def _back_to_list(aanmelding, anchor=True):
    url = reverse("agenda_admin:attendees", args=[aanmelding.bijeenkomst_id])
    return redirect(f"{url}#aanmelding-{aanmelding.pk}" if anchor else url)


def checkin(request, pk):
    if not can_change_attendees(request.user):
        return forbidden(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    aanmelding = _registration(pk)
    value = request.POST.get("aanwezig")
    if value not in ATTENDED_VALUES or aanmelding.status != Aanmelding.Status.BEVESTIGD:
        messages.error(
            request, _("Dat kan niet: alleen bij een aanmelding met een plek kunt u aanwezig of niet gekomen kiezen.")
        )
        return _back_to_list(aanmelding)
    from .retention import bewaar_tellingen

    with transaction.atomic():
        Aanmelding.objects.filter(pk=aanmelding.pk).update(attended=ATTENDED_VALUES[value])
        bewaar_tellingen(aanmelding.bijeenkomst_id)
        log(
            instance=aanmelding.bijeenkomst,
            action=LOG_CHECKIN,
            user=request.user,
            data={"aanmelding": aanmelding.pk, "aanwezig": value},
        )
    return _back_to_list(aanmelding)


# --- Cancel a registration ------------------------------------------------------------


def cancel(request, pk):
    if not can_change_attendees(request.user):
        return forbidden(request)
    aanmelding = _registration(pk)
    meeting = aanmelding.bijeenkomst
    if aanmelding.status == Aanmelding.Status.GEANNULEERD:
        messages.info(request, _("Deze aanmelding was al afgemeld."))
        return _back_to_list(aanmelding, anchor=False)
    if request.method == "POST":
        from . import services

        with transaction.atomic():
            promoted = services.afmelden(aanmelding)
            log(
                instance=meeting,
                action=LOG_CANCEL,
                user=request.user,
                data={"aanmelding": aanmelding.pk, "van_wachtlijst": [a.pk for a in promoted]},
            )
        text = _("De aanmelding is afgemeld. De plaatsen zijn weer vrij.")
        if promoted:
            text += " " + ngettext(
                "%(count)d aanmelding van de wachtlijst heeft nu een plek. Die krijgt een e-mail.",
                "%(count)d aanmeldingen van de wachtlijst hebben nu een plek. Zij krijgen een e-mail.",
                len(promoted),
            ) % {"count": len(promoted)}
        messages.success(request, text)
        return _back_to_list(aanmelding, anchor=False)
    return render(
        request,
        "agenda/admin/cancel.html",
        {
            "aanmelding": aanmelding,
            "meeting": meeting,
            "back_url": reverse("agenda_admin:attendees", args=[meeting.pk]),
            "header_icon": "cross",
        },
    )


# --- Move a registration --------------------------------------------------------------


class MoveForm(forms.Form):
    naar = forms.ModelChoiceField(
        label=gettext_lazy("Naar welke bijeenkomst?"),
        queryset=Bijeenkomst.objects.none(),
        empty_label=gettext_lazy("Kies een bijeenkomst"),
        error_messages={
            "required": gettext_lazy("Kies een bijeenkomst."),
            "invalid_choice": gettext_lazy("Kies een bijeenkomst uit de lijst."),
        },
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar"].queryset = (
            meetings_with_dates()
            .filter(last_end__gte=timezone.now(), cancelled=False)
            .exclude(pk=current.pk)
            .order_by("first_start", "pk")
        )
        self.fields["naar"].label_from_instance = lambda m: f"{m.title} ({format_datetime(m.first_start)})"


def move(request, pk):
    if not can_change_attendees(request.user):
        return forbidden(request)
    aanmelding = _registration(pk)
    meeting = aanmelding.bijeenkomst
    if aanmelding.status == Aanmelding.Status.GEANNULEERD:
        messages.error(request, _("Een afgemelde aanmelding kunt u niet verplaatsen."))
        return _back_to_list(aanmelding, anchor=False)
    form = MoveForm(request.POST or None, current=meeting)
    if request.method == "POST" and form.is_valid():
        from . import services

        target = form.cleaned_data["naar"]
        try:
            with transaction.atomic():
                moved = services.verplaats(aanmelding, target)
                log(
                    instance=meeting,
                    action=LOG_MOVE,
                    user=request.user,
                    data={"aanmelding": aanmelding.pk, "naar": target.pk},
                )
        except services.AanmeldenFout as exc:
            form.add_error("naar", getattr(exc, "message", str(exc)))
        else:
            moved = moved if isinstance(moved, Aanmelding) else Aanmelding.objects.filter(pk=aanmelding.pk).first()
            if moved is not None and moved.status == Aanmelding.Status.WACHTLIJST:
                text = _("De aanmelding staat nu op de wachtlijst van “%(title)s”.")
            else:
                text = _("De aanmelding is verplaatst naar “%(title)s”.")
            messages.success(request, text % {"title": target.title})
            return redirect(reverse("agenda_admin:attendees", args=[meeting.pk]))
    return render(
        request,
        "agenda/admin/move.html",
        {
            "aanmelding": aanmelding,
            "meeting": meeting,
            "form": form,
            "back_url": reverse("agenda_admin:attendees", args=[meeting.pk]),
        },
    )


# --- Message to all registrants ---------------------------------------------------------


class MessageForm(forms.Form):
    AAN_ALLE = "alle"
    AAN_BEVESTIGD = "bevestigd"

    aan = forms.ChoiceField(
        label=gettext_lazy("Aan wie?"),
        choices=[
            (AAN_ALLE, gettext_lazy("Iedereen die is aangemeld, ook de wachtlijst")),
            (AAN_BEVESTIGD, gettext_lazy("Alleen wie een plek heeft (niet de wachtlijst)")),
        ],
        initial=AAN_ALLE,
        widget=forms.RadioSelect,
    )
    onderwerp = forms.CharField(
        label=gettext_lazy("Onderwerp"),
        max_length=150,
        error_messages={
            "required": gettext_lazy("Vul een onderwerp in."),
            "max_length": gettext_lazy("Het onderwerp is te lang (hooguit %(limit_value)d tekens)."),
        },
    )
    tekst = forms.CharField(
        label=gettext_lazy("Bericht"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=gettext_lazy("Gewone tekst. Een lege regel begint een nieuwe alinea."),
        error_messages={
            "required": gettext_lazy("Schrijf een bericht."),
            "max_length": gettext_lazy("Het bericht is te lang (hooguit %(limit_value)d tekens)."),
        },
    )

    def clean_onderwerp(self):
        # A line break in a subject would be refused by the mail library at send time.
        return " ".join(self.cleaned_data["onderwerp"].split())


def message(request, pk):
    if not can_change_attendees(request.user):
        return forbidden(request)
    meeting = get_object_or_404(meetings_with_dates(), pk=pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from .bericht import maak_bericht

        include_waiting = form.cleaned_data["aan"] == MessageForm.AAN_ALLE
        ids = list(recipients(meeting, include_waiting).values_list("pk", flat=True))
        subject, text = form.cleaned_data["onderwerp"], form.cleaned_data["tekst"]
        with transaction.atomic():
            # The mails are queued on commit, so only after the log entry and the
            # delivery rows are stored: every mail is accounted for.
            maak_bericht(meeting, subject, text, ids)
            log(instance=meeting, action=LOG_MESSAGE, user=request.user, data={"ontvangers": len(ids)})
        messages.success(
            request,
            ngettext(
                "Het bericht wordt verstuurd naar %(count)d aanmelding.",
                "Het bericht wordt verstuurd naar %(count)d aanmeldingen.",
                len(ids),
            )
            % {"count": len(ids)},
        )
        return redirect(reverse("agenda_admin:attendees", args=[meeting.pk]))
    return render(
        request,
        "agenda/admin/message.html",
        {
            "meeting": meeting,
            "form": form,
            "count_all": recipients(meeting, True).count(),
            "count_confirmed": recipients(meeting, False).count(),
            "back_url": reverse("agenda_admin:attendees", args=[meeting.pk]),
        },
    )


# --- A sent message: who got it, who did not --------------------------------------------


class MessageDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One message with its text and the delivery to each registration (Steunpunt only)."""

    template_name = "agenda/admin/bericht.html"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_attendees(request.user):
            return forbidden(request)
        from .bericht import with_counts

        self.bericht = get_object_or_404(with_counts(Bericht.objects.select_related("bijeenkomst")), pk=kwargs["pk"])
        self.meeting = self.bericht.bijeenkomst
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Bericht")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("agenda_admin:overview"), "label": _("Bijeenkomsten")},
            {"url": reverse("agenda_admin:attendees", args=[self.meeting.pk]), "label": self.meeting.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        from .bericht import MAX_ATTEMPTS

        context = super().get_context_data(**kwargs)
        from distro.outbox.services import deliveries_of

        from .bericht import KIND

        verzendingen = list(
            self.bericht.verzendingen.select_related("aanmelding").order_by("aanmelding__created_at", "aanmelding__pk")
        )
        deliveries = deliveries_of(KIND, [v.pk for v in verzendingen])
        for v in verzendingen:
            v.delivery = deliveries.get(v.pk)
        context.update(
            {
                "bericht": self.bericht,
                "meeting": self.meeting,
                "sent_at": format_datetime(self.bericht.created_at),
                "verzendingen": verzendingen,
                "gave_up": sum(
                    1
                    for v in verzendingen
                    if v.status == BerichtVerzending.Status.MISLUKT and v.attempts >= MAX_ATTEMPTS
                ),
                "can_change": can_change_attendees(self.request.user),
                "retry_url": reverse("agenda_admin:message_retry", args=[self.bericht.pk]),
                "back_url": reverse("agenda_admin:attendees", args=[self.meeting.pk]),
            }
        )
        return context


def message_retry(request, pk):
    """Staff try the failed deliveries of a message again now, also after the job gave up."""
    if not can_change_attendees(request.user):
        return forbidden(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    bericht = get_object_or_404(Bericht.objects.select_related("bijeenkomst"), pk=pk)
    from .bericht import retry_failed

    with transaction.atomic():
        # The outbox claims each failed delivery, so a retry job running alongside does not queue it too.
        claimed = retry_failed(bericht)
        log(
            instance=bericht.bijeenkomst,
            action=LOG_MESSAGE_RETRY,
            user=request.user,
            data={"bericht": bericht.pk, "ontvangers": claimed},
        )
    messages.success(
        request,
        ngettext(
            "Het bericht wordt opnieuw verstuurd naar %(count)d aanmelding.",
            "Het bericht wordt opnieuw verstuurd naar %(count)d aanmeldingen.",
            claimed,
        )
        % {"count": claimed},
    )
    return redirect(reverse("agenda_admin:message_detail", args=[bericht.pk]))
