"""The overview "Bijeenkomsten" (Steunpunt and Redacteur): dates and anonymous place counts, no personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models import AgendaIndexPage
from .common import OVERVIEW_POLICY, StaffPermissionMixin, can_view_attendees, format_datetime, meetings_with_dates


def new_meeting_links(user) -> list[dict]:
    """Where "Nieuwe bijeenkomst" leads: Wagtail's add-page view under each agenda the user may add to.

    Meetings are written in the site's source language (translations come from
    "Vertalen"), so only the agendas in that language count. One agenda (the
    usual case): one button; a server with more sites gets a button per agenda.
    """
    indexes = AgendaIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path")
    allowed = [index for index in indexes if index.permissions_for_user(user).can_add_subpage()]
    return [
        {
            "url": reverse("wagtailadmin_pages:add", args=("agenda", "bijeenkomst", index.pk)),
            "where": index.get_site().site_name if len(allowed) > 1 and index.get_site() else "",
        }
        for index in allowed
    ]


class OverviewView(StaffPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = OVERVIEW_POLICY
    permission_required = "view"
    denied_reason = gettext_lazy("U heeft geen toegang tot deze pagina.")
    template_name = "agenda/admin/overview.html"
    page_title = gettext_lazy("Bijeenkomsten")
    header_icon = "date"
    paginate_by = 50

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
                "new_meeting_links": new_meeting_links(user),
                "lists_url": reverse("wagtailsnippets_agenda_thema:list")
                if user.has_perm("agenda.change_thema")
                else "",
                "rows": rows,
                "page_obj": page,
                "past": past,
                "show_attendees": show_attendees,
                "upcoming_url": reverse("agenda_admin:overview"),
                "past_url": reverse("agenda_admin:overview") + "?wanneer=voorbij",
            }
        )
        return context
