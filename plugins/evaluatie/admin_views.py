"""The dashboard "Evaluaties" (Steunpunt role only): responses, response rates and results per form.

What parents and young people answer stays with the steunpunt: every screen
and export here requires membership of the Steunpunt group, superusers
included (``RoleOnlyPermissionPolicy``); anyone else gets a 403 page.
Figures go through the core's disclosure control (results.py). An export of
the unprotected counts must be asked for explicitly, and is logged.
"""

from __future__ import annotations

from datetime import date

import segno
from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Locale

from distro import disclosure
from distro.core.exports import csv_response, xlsx_response
from distro.core.views import admin_forbidden

from . import admin_sjablonen, results, services
from .admin_access import DENIED, INVITATION_POLICY, LOG_EXPORT, SteunpuntOnlyMixin, can_view_results
from .admin_feedback import CommentsView, page_votes
from .charts import bar_chart
from .models import (
    Doelgroep,
    Evaluatieformulier,
    Kanaal,
    Onderwerp,
    Reactie,
    Uitnodiging,
)


def _month(value: str) -> date | None:
    try:
        year, month = (int(part) for part in value.split("-"))
        # A year before 2000 is a typing error, and the period before it could not be counted back.
        return date(year, month, 1) if year >= 2000 else None
    except (ValueError, AttributeError):
        return None


class FilterForm(forms.Form):
    van = forms.CharField(
        label=gettext_lazy("Van maand"), required=False, widget=forms.DateInput(attrs={"type": "month"})
    )
    tot = forms.CharField(
        label=gettext_lazy("Tot en met maand"), required=False, widget=forms.DateInput(attrs={"type": "month"})
    )
    onderwerp = forms.ChoiceField(label=gettext_lazy("Bijeenkomst of onderwerp"), required=False)
    doelgroep = forms.ChoiceField(label=gettext_lazy("Voor wie"), required=False)
    taal = forms.ChoiceField(label=gettext_lazy("Taal"), required=False)

    def __init__(self, *args, formulier, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        key = formulier.translation_key
        subjects = set(
            Reactie.objects.filter(formulier=key, vrijgegeven=True)
            .exclude(onderwerp="")
            .values_list("onderwerp", flat=True)
        )
        subjects |= set(
            Uitnodiging.objects.filter(formulier=key).exclude(onderwerp="").values_list("onderwerp", flat=True)
        )
        names = dict(Onderwerp.objects.filter(sleutel__in=subjects).values_list("sleutel", "naam"))
        self.fields["onderwerp"].choices = everything + sorted(
            ((s, names.get(s, s)) for s in subjects), key=lambda choice: choice[1].lower()
        )
        self.fields["doelgroep"].choices = everything + list(Doelgroep.choices)
        self.fields["taal"].choices = everything + [
            (code, code) for code in Locale.objects.values_list("language_code", flat=True).order_by("language_code")
        ]

    def filters(self) -> results.Filters:
        if not self.is_valid():
            return results.Filters()
        data = self.cleaned_data
        return results.Filters(
            start=_month(data["van"]),
            end=_month(data["tot"]),
            onderwerp=data["onderwerp"],
            doelgroep=data["doelgroep"],
            taal=data["taal"],
        )


class IndexView(SteunpuntOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "evaluatie/admin/index.html"
    page_title = gettext_lazy("Evaluaties")
    header_icon = "form"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for page in results.source_forms():
            total = results.response_count(page.translation_key, results.Filters())
            rows.append(
                {
                    "page": page,
                    "responses": disclosure.count(total),
                    "open": page.is_open() and page.live,
                    "url": reverse("evaluatie_admin:results", args=[page.pk]),
                }
            )
        context["rows"] = rows
        context["invitation_url"] = reverse("evaluatie_admin:invitation")
        context["page_votes"] = page_votes()
        return context


class ResultsMixin(SteunpuntOnlyMixin):
    def dispatch(self, request, *args, **kwargs):
        # The role first: someone else learns nothing, not even whether the form exists.
        if not can_view_results(request.user):
            return admin_forbidden(request, DENIED)
        self.formulier = get_object_or_404(Evaluatieformulier, pk=kwargs["pk"])
        self.filter_form = FilterForm(request.GET or None, formulier=self.formulier)
        return super().dispatch(request, *args, **kwargs)


class ResultsView(ResultsMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "evaluatie/admin/results.html"
    header_icon = "form"

    def get_page_title(self):
        return self.formulier.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("evaluatie_admin:index"), "label": _("Evaluaties")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filter_form.filters()
        found = results.form_results(self.formulier, filters)
        questions = []
        for number, question in enumerate(found.questions, 1):
            rows = []
            if question.table:
                rows = [(question.labels[value], cells[0]) for value, cells, _total in question.table.rows()]
            questions.append(
                {
                    "number": number,
                    "result": question,
                    "rows": rows,
                    "total": question.table.totals()[0][0] if question.table and question.table.totals() else None,
                    "chart": bar_chart(f"vraag-{number}", question.label, rows) if rows else "",
                    "answered": disclosure.count(question.answered),
                }
            )
        query = self.request.GET.urlencode()
        context.update(
            {
                "found": found,
                "questions": questions,
                "filter_form": self.filter_form,
                "k": disclosure.k(),
                "too_few": disclosure.TOO_FEW,
                "rates": [
                    (Kanaal(kanaal).label, sent, used)
                    for kanaal, (sent, used) in results.invitation_rates(
                        self.formulier.translation_key, filters.onderwerp
                    ).items()
                ],
                "export_csv": reverse("evaluatie_admin:export", args=[self.formulier.pk, "csv"])
                + (f"?{query}" if query else ""),
                "export_xlsx": reverse("evaluatie_admin:export", args=[self.formulier.pk, "xlsx"])
                + (f"?{query}" if query else ""),
            }
        )
        return context


class ExportView(ResultsMixin, View):
    """The distributions as a spreadsheet: protected, or with ``?onbeschermd=1`` the true counts (logged)."""

    def get(self, request, pk, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        unprotected = request.GET.get("onbeschermd") == "1"
        found = results.form_results(self.formulier, self.filter_form.filters())
        header = [_("Vraag"), _("Antwoord"), _("Aantal")]
        rows = []
        if not found.too_few:
            for question in found.questions:
                if question.table is None:
                    continue
                for value, cells, _total in question.table.rows():
                    shown = question.table.true_values[(value, results.ANSWER_COLUMN)] if unprotected else cells[0].text
                    rows.append([question.label, str(question.labels[value]), shown])
        else:
            rows.append([str(disclosure.TOO_FEW), "", ""])
        log(
            instance=self.formulier,
            action=LOG_EXPORT,
            user=request.user,
            data={"format": fmt, "onbeschermd": unprotected, "filters": request.GET.urlencode()[:500]},
        )
        name = f"evaluatie-{self.formulier.slug}{'-onbeschermd' if unprotected else ''}"
        if fmt == "xlsx":
            return xlsx_response(name + ".xlsx", _("Evaluatie"), header, rows)
        return csv_response(name + ".csv", header, rows)


class InvitationForm(forms.Form):
    formulier = forms.ChoiceField(label=gettext_lazy("Formulier"))
    kanaal = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=[
            (Kanaal.GESPREK, gettext_lazy("Een code voor één persoon (na een gesprek)")),
            (Kanaal.OPEN, gettext_lazy("Een open link (voor iedereen, vaker te gebruiken)")),
        ],
        widget=forms.RadioSelect,
        initial=Kanaal.GESPREK,
    )
    dagen = forms.IntegerField(
        label=gettext_lazy("Geldig (dagen)"),
        min_value=1,
        max_value=365,
        initial=30,
        error_messages={
            "min_value": gettext_lazy("Kies 1 dag of meer."),
            "max_value": gettext_lazy("Kies hoogstens 365 dagen."),
            "invalid": gettext_lazy("Vul een aantal dagen in."),
            "required": gettext_lazy("Vul een aantal dagen in."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formulier"].choices = [(str(p.pk), p.title) for p in results.source_forms() if p.live]
        self.fields["formulier"].error_messages["invalid_choice"] = _("Kies een gepubliceerd formulier.")
        self.fields["formulier"].error_messages["required"] = _("Kies een formulier.")


class InvitationView(SteunpuntOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Staff make a code at the end of a conversation (to e-mail, read out or print as a QR code)."""

    permission_policy = INVITATION_POLICY
    permission_required = "add"
    template_name = "evaluatie/admin/invitation.html"
    page_title = gettext_lazy("Uitnodiging maken")
    header_icon = "form"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("evaluatie_admin:index"), "label": _("Evaluaties")},
            {"url": "", "label": self.get_page_title()},
        ]

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        page = Evaluatieformulier.objects.get(pk=int(form.cleaned_data["formulier"]))
        code = services.invite(page, form.cleaned_data["kanaal"], days=form.cleaned_data["dagen"])
        link = request.build_absolute_uri(reverse("evaluatie:uitnodiging", args=[code]))
        made = {
            "code": code,
            "link": link,
            "qr": mark_safe(segno.make(link, error="m").svg_inline(scale=4, border=2)),  # noqa: S308 - segno's own SVG
            "page": page,
            "open": form.cleaned_data["kanaal"] == Kanaal.OPEN,
            "days": form.cleaned_data["dagen"],
        }
        # The code is shown once and stored nowhere: the page must not be kept by the browser either.
        response = self.render_to_response(self.get_context_data(form=InvitationForm(), made=made))
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", InvitationForm())
        return context


def urls():
    urlpatterns = [
        path("", IndexView.as_view(), name="index"),
        path("uitnodiging/", InvitationView.as_view(), name="invitation"),
        path("<int:pk>/", ResultsView.as_view(), name="results"),
        path("<int:pk>/export.<str:fmt>", ExportView.as_view(), name="export"),
        path("nuttig/<int:page_id>/<str:taal>/", CommentsView.as_view(), name="comments"),
        *admin_sjablonen.urls(),
    ]
    return [path("evaluaties/", include((urlpatterns, "evaluatie_admin"), namespace="evaluatie_admin"))]
