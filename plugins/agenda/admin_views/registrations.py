"""Staff handling one registration (Steunpunt role, "change"): check-in, cancel, move to another meeting."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import View
from wagtail.log_actions import log

from .. import services
from ..models import Aanmelding, Bijeenkomst
from ..retention import bewaar_tellingen
from .common import (
    LOG_CANCEL,
    LOG_CHECKIN,
    LOG_MOVE,
    RegistrationMixin,
    StaffPermissionMixin,
    format_datetime,
    meetings_with_dates,
)

ATTENDED_VALUES = {"ja": True, "nee": False, "leeg": None}


class CheckinView(StaffPermissionMixin, RegistrationMixin, View):
    """Mark a confirmed registration as come, not come, or neither (POST only)."""

    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        aanmelding = self.aanmelding
        value = request.POST.get("aanwezig")
        if value not in ATTENDED_VALUES or aanmelding.status != Aanmelding.Status.BEVESTIGD:
            messages.error(
                request,
                _("Dat kan niet: alleen bij een aanmelding met een plek kunt u aanwezig of niet gekomen kiezen."),
            )
            return self.back_to_list()
        with transaction.atomic():
            Aanmelding.objects.filter(pk=aanmelding.pk).update(attended=ATTENDED_VALUES[value])
            bewaar_tellingen(aanmelding.bijeenkomst_id)
            log(
                instance=self.meeting,
                action=LOG_CHECKIN,
                user=request.user,
                data={"aanmelding": aanmelding.pk, "aanwezig": value},
            )
        return self.back_to_list()


class CancelView(StaffPermissionMixin, RegistrationMixin, View):
    """Ask (GET), then cancel (POST); whoever fits from the waiting list moves up and is mailed."""

    permission_required = "change"

    def get(self, request, pk):
        if self.aanmelding.status == Aanmelding.Status.GEANNULEERD:
            return self._already_cancelled(request)
        return render(
            request,
            "agenda/admin/cancel.html",
            {
                "aanmelding": self.aanmelding,
                "meeting": self.meeting,
                "back_url": reverse("agenda_admin:attendees", args=[self.meeting.pk]),
                "header_icon": "cross",
            },
        )

    def post(self, request, pk):
        aanmelding = self.aanmelding
        if aanmelding.status == Aanmelding.Status.GEANNULEERD:
            return self._already_cancelled(request)
        with transaction.atomic():
            promoted = services.afmelden(aanmelding)
            log(
                instance=self.meeting,
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
        return self.back_to_list(anchor=False)

    def _already_cancelled(self, request):
        messages.info(request, _("Deze aanmelding was al afgemeld."))
        return self.back_to_list(anchor=False)


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


class MoveView(StaffPermissionMixin, RegistrationMixin, View):
    """Move a registration to another meeting that has not begun (confirmed, or on its waiting list)."""

    permission_required = "change"

    def get(self, request, pk):
        return self._page(request, MoveForm(current=self.meeting)) if self._movable(request) else self._refused()

    def post(self, request, pk):
        if not self._movable(request):
            return self._refused()
        form = MoveForm(request.POST, current=self.meeting)
        if not form.is_valid():
            return self._page(request, form)
        aanmelding, target = self.aanmelding, form.cleaned_data["naar"]
        try:
            with transaction.atomic():
                moved = services.verplaats(aanmelding, target)
                log(
                    instance=self.meeting,
                    action=LOG_MOVE,
                    user=request.user,
                    data={"aanmelding": aanmelding.pk, "naar": target.pk},
                )
        except services.AanmeldenFout as exc:
            form.add_error("naar", exc.message)
            return self._page(request, form)
        if moved.status == Aanmelding.Status.WACHTLIJST:
            text = _("De aanmelding staat nu op de wachtlijst van “%(title)s”.")
        else:
            text = _("De aanmelding is verplaatst naar “%(title)s”.")
        messages.success(request, text % {"title": target.title})
        return redirect(reverse("agenda_admin:attendees", args=[self.meeting.pk]))

    def _movable(self, request) -> bool:
        if self.aanmelding.status == Aanmelding.Status.GEANNULEERD:
            messages.error(request, _("Een afgemelde aanmelding kunt u niet verplaatsen."))
            return False
        return True

    def _refused(self):
        return self.back_to_list(anchor=False)

    def _page(self, request, form):
        return render(
            request,
            "agenda/admin/move.html",
            {
                "aanmelding": self.aanmelding,
                "meeting": self.meeting,
                "form": form,
                "back_url": reverse("agenda_admin:attendees", args=[self.meeting.pk]),
            },
        )
