"""The "Verslagen" screens: the Steunpunt makes a report, the Steunpunt and the Bestuur read it.

A report is made once and stored as it was published (report.py); these
screens show, print and export that stored content. Nobody can change or
delete one: a report the board has seen stays the report it saw.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from distro.core.exports import csv_response
from distro.core.views import admin_forbidden

from . import access, periods, presentation, report
from .pdf import PdfUnavailable, render_pdf
from .registraties import Rapport

LOG_EXPORT = "signalen.rapport.download"
OLDEST_YEAR = 2000


class NewReportForm(forms.Form):
    soort = forms.ChoiceField(
        label=gettext_lazy("Periode"),
        choices=Rapport.Soort.choices,
        initial=Rapport.Soort.KWARTAAL,
        widget=forms.RadioSelect,
    )
    jaar = forms.IntegerField(
        label=gettext_lazy("Jaar"),
        required=False,
        error_messages={"invalid": gettext_lazy("Vul een jaar in, bijvoorbeeld 2026.")},
    )
    nummer = forms.IntegerField(
        label=gettext_lazy("Kwartaal (1 tot 4) of maand (1 tot 12)"),
        required=False,
        error_messages={"invalid": gettext_lazy("Vul een getal in.")},
    )
    van = forms.DateField(
        label=gettext_lazy("Van (bij een andere periode)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Dit is geen geldige datum.")},
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met (bij een andere periode)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Dit is geen geldige datum.")},
    )

    def clean(self):
        cleaned = super().clean()
        soort, jaar, nummer = cleaned.get("soort"), cleaned.get("jaar"), cleaned.get("nummer")
        today = timezone.localdate()
        if soort == Rapport.Soort.ANDERS:
            van, tot = cleaned.get("van"), cleaned.get("tot")
            if not van or not tot:
                raise forms.ValidationError(_("Vul bij een andere periode de eerste en de laatste dag in."))
            if tot < van:
                raise forms.ValidationError(_("De laatste dag ligt voor de eerste. Draai ze om."))
            period = (van, tot)
        else:
            if soort and jaar is None:
                self.add_error("jaar", _("Vul het jaar in."))
                return cleaned
            if jaar is not None and not OLDEST_YEAR <= jaar <= today.year:
                self.add_error(
                    "jaar", _("Kies een jaar van %(van)s tot en met %(tot)s.") % {"van": OLDEST_YEAR, "tot": today.year}
                )
                return cleaned
            if soort == Rapport.Soort.JAAR:
                period = periods.year(jaar)
            else:
                highest = 4 if soort == Rapport.Soort.KWARTAAL else 12
                if nummer is None or not 1 <= nummer <= highest:
                    self.add_error("nummer", _("Kies een getal van 1 tot en met %(max)s.") % {"max": highest})
                    return cleaned
                period = (periods.quarter if soort == Rapport.Soort.KWARTAAL else periods.month)(jaar, nummer)
        if period[0] < datetime.date(OLDEST_YEAR, 1, 1):
            raise forms.ValidationError(_("Deze periode is te lang geleden. Controleer het jaar."))
        if period[1] >= today:
            # Registrations of a period still going on change after the report, and the next
            # report would show the difference: a few people.
            raise forms.ValidationError(
                _("Deze periode is nog niet voorbij. Een verslag kan over een periode tot en met gisteren.")
            )
        cleaned["period"] = period
        return cleaned


class ReportView(access.ReportReadersOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("signalen_rapporten:index"), "label": _("Verslagen")},
            {"url": "", "label": self.get_page_title()},
        ]


class IndexView(ReportView):
    template_name = "signalen/admin/rapporten.html"
    page_title = gettext_lazy("Verslagen voor het bestuur")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rapporten"] = Rapport.objects.only("pk", "titel", "start", "eind", "gemaakt_op", "automatisch")
        context["can_make"] = access.can_make_reports(self.request.user)
        if context["can_make"]:
            today = timezone.localdate()
            year, number = periods.previous_quarter(today)
            context["form"] = form or NewReportForm(initial={"jaar": year, "nummer": number})
        return context

    def post(self, request):
        if not access.can_make_reports(request.user):
            return admin_forbidden(request, access.REPORTS_DENIED)
        form = NewReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Het verslag is niet gemaakt. Kijk wat er bij het formulier staat."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        start, end = form.cleaned_data["period"]
        rapport = report.make(form.cleaned_data["soort"], start, end)
        messages.success(request, _("%(titel)s is gemaakt en bewaard.") % {"titel": rapport.titel})
        return redirect("signalen_rapporten:detail", rapport.pk)


class DetailView(ReportView):
    template_name = "signalen/admin/rapport.html"

    def get_page_title(self):
        return self.rapport.titel

    def get(self, request, pk):
        self.rapport = get_object_or_404(Rapport, pk=pk)
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rapport=self.rapport,
            inhoud=self.rapport.inhoud,
            tables=presentation.tables(self.rapport.inhoud),
            legend=presentation.legend(self.rapport.inhoud),
        )
        return context


class ExportView(access.ReportReadersOnly, View):
    def get(self, request, pk, fmt):
        if fmt not in ("csv", "pdf"):
            raise Http404
        rapport = get_object_or_404(Rapport, pk=pk)
        log(instance=rapport, action=LOG_EXPORT, user=request.user, data={"format": fmt})
        name = f"verslag-{rapport.start:%Y-%m-%d}-{rapport.eind:%Y-%m-%d}"
        if fmt == "csv":
            rows = presentation.csv_rows(rapport)
            return csv_response(name + ".csv", rows[0], rows[1:])
        try:
            content = render_pdf(rapport)
        except PdfUnavailable as error:
            messages.error(request, str(error))
            return redirect("signalen_rapporten:detail", rapport.pk)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


def urls():
    urlpatterns = [
        path("", IndexView.as_view(), name="index"),
        path("<int:pk>/", DetailView.as_view(), name="detail"),
        path("<int:pk>/verslag.<str:fmt>", ExportView.as_view(), name="export"),
    ]
    return [path("verslagen/", include((urlpatterns, "signalen_rapporten"), namespace="signalen_rapporten"))]
