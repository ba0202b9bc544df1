"""Writing to all registrants of a meeting, and per message who got it (Steunpunt role)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from distro.outbox.services import deliveries_of

from ..bericht import KIND, MAX_ATTEMPTS, maak_bericht, retry_failed, with_counts
from ..models import Bericht, BerichtVerzending
from .common import (
    LOG_MESSAGE,
    LOG_MESSAGE_RETRY,
    MeetingBreadcrumbsMixin,
    MeetingMixin,
    StaffPermissionMixin,
    can_change_attendees,
    format_datetime,
    recipients,
)


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


class MessageView(StaffPermissionMixin, MeetingMixin, View):
    """The form (GET) and sending it (POST) to everyone signed up, or only those with a place."""

    permission_required = "change"

    def get(self, request, pk):
        return self._page(request, MessageForm())

    def post(self, request, pk):
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self._page(request, form)
        meeting = self.meeting
        include_waiting = form.cleaned_data["aan"] == MessageForm.AAN_ALLE
        ids = list(recipients(meeting, include_waiting).values_list("pk", flat=True))
        with transaction.atomic():
            # The mails are queued on commit, so only after the log entry and the
            # delivery rows are stored: every mail is accounted for.
            maak_bericht(meeting, form.cleaned_data["onderwerp"], form.cleaned_data["tekst"], ids)
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

    def _page(self, request, form):
        meeting = self.meeting
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


class BerichtMixin:
    """Loads ``self.bericht`` (with its counts) and its meeting, after the permission check."""

    def dispatch(self, request, *args, **kwargs):
        self.bericht = get_object_or_404(with_counts(Bericht.objects.select_related("bijeenkomst")), pk=kwargs["pk"])
        self.meeting = self.bericht.bijeenkomst
        return super().dispatch(request, *args, **kwargs)


class MessageDetailView(
    StaffPermissionMixin, BerichtMixin, MeetingBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """One message with its text and the delivery to each registration."""

    template_name = "agenda/admin/bericht.html"
    header_icon = "mail"

    def get_page_title(self):
        return _("Bericht")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
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


class MessageRetryView(StaffPermissionMixin, BerichtMixin, View):
    """Staff try the failed deliveries of a message again now, also after the job gave up (POST only)."""

    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        bericht = self.bericht
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
