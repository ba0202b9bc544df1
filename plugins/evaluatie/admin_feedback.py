"""The staff's view of "Was deze informatie nuttig?": votes per page, and the comments.

Counts go through the core's disclosure control; comments, like open answers
on a form, are readable only once the page has k votes in that language,
escaped, with likely personal data marked.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from distro import disclosure
from distro.core import personal_data
from distro.core.views import admin_forbidden

from . import retention
from .admin_access import DENIED, SteunpuntOnlyMixin, can_view_results
from .models import PaginaOordeel, PaginaOpmerking


def page_votes() -> list[dict]:
    """ "Was deze informatie nuttig?" per page and language, all months together, as it may be shown."""
    totals = (
        PaginaOordeel.objects.values("pagina_id", "pagina__title", "taal")
        .annotate(ja=Sum("ja"), nee=Sum("nee"))
        .order_by("pagina__title", "taal")
    )
    comments = {
        (row["pagina_id"], row["taal"]): row["n"]
        for row in PaginaOpmerking.objects.values("pagina_id", "taal").annotate(n=Count("id")).order_by()
    }
    rows = []
    for row in totals:
        n = comments.get((row["pagina_id"], row["taal"]), 0)
        rows.append(
            {
                "title": row["pagina__title"],
                "taal": row["taal"],
                "ja": disclosure.count(row["ja"]),
                "nee": disclosure.count(row["nee"]),
                "opmerkingen": disclosure.count(n),
                # Like open answers on a form: readable once the page has k votes in that language.
                "url": reverse("evaluatie_admin:comments", args=[row["pagina_id"], row["taal"]])
                if n and disclosure.enough(row["ja"] + row["nee"])
                else "",
            }
        )
    return rows


class CommentsView(SteunpuntOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The comments with the votes on one page in one language, newest month first."""

    template_name = "evaluatie/admin/comments.html"
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_results(request.user):
            return admin_forbidden(request, DENIED)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"])
        self.taal = kwargs["taal"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Opmerkingen over “%(title)s”") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("evaluatie_admin:index"), "label": _("Evaluaties")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        votes = PaginaOordeel.objects.filter(pagina=self.page, taal=self.taal).aggregate(ja=Sum("ja"), nee=Sum("nee"))
        enough = disclosure.enough((votes["ja"] or 0) + (votes["nee"] or 0))
        comments = PaginaOpmerking.objects.filter(pagina=self.page, taal=self.taal).order_by("-maand", "tekst")
        context.update(
            {
                "enough": enough,
                "k": disclosure.k(),
                "comments": [
                    {"maand": c.maand, "nuttig": c.nuttig, "tekst": personal_data.highlight(c.tekst)}
                    for c in (comments[:500] if enough else [])
                ],
                "retention_days": retention.comment_days(),
            }
        )
        return context
