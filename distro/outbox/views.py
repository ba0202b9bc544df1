"""The staff screen "E-mail": every delivery that failed or is still waiting, in one place.

Deliveries name questions and registrations, so only members of the
Steunpunt group see it (superusers outside the group get a 403 too).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from distro.core.views import admin_forbidden
from distro.extensions import mail_kinds
from distro.roles import STEUNPUNT
from distro.roles.policies import RoleOnlyPermissionPolicy

from . import services
from .models import Verzending
from .notifications import NOTIFICATION_KIND

Status = Verzending.Status
#: Shown: what still needs attention or is on its way.
OPEN = (Status.MISLUKT, Status.GEEN_MAILBOX, Status.WACHT)
LOG_RETRY = "outbox.opnieuw"
MAX_ROWS = 500


#: Membership of the Steunpunt group, not superuser status (see distro.roles).
POLICY = RoleOnlyPermissionPolicy(Verzending, STEUNPUNT)


def _policy():
    return POLICY


def can_view(user) -> bool:
    return _policy().user_has_permission(user, "view")


def can_retry(user) -> bool:
    return _policy().user_has_permission(user, "change")


def open_deliveries():
    """Failed and waiting rows with the kind's label and a description of the source (no personal data)."""
    rows = list(Verzending.objects.filter(status__in=OPEN).order_by("status", "-created_at", "-pk")[:MAX_ROWS])
    kinds = {kind.name: kind for kind in mail_kinds.all()}
    by_kind: dict[str, list] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    shown = []
    for name, group in by_kind.items():
        kind = kinds.get(name)
        if kind is None:
            continue  # its plugin is switched off
        ids = [row.pk if name == NOTIFICATION_KIND else row.object_id for row in group]
        labels = kind.describe(ids)
        for row in group:
            row.kind_label = kind.label or name
            row.source_label = labels.get(row.pk if name == NOTIFICATION_KIND else row.object_id, "—")
            row.gave_up = row.status == Status.MISLUKT and row.attempts >= services.MAX_ATTEMPTS
            shown.append(row)
    order = {status: i for i, status in enumerate(OPEN)}
    shown.sort(key=lambda row: (order.get(row.status, 9), -row.created_at.timestamp()))
    return shown


class OutboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "outbox/admin/index.html"
    page_title = gettext_lazy("E-mail")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            return admin_forbidden(request, _("Dit scherm is alleen voor het steunpunt."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = open_deliveries()
        context.update(
            {
                "rows": rows,
                "failed": sum(1 for row in rows if row.status != Status.WACHT),
                "can_retry": can_retry(self.request.user),
                "max_attempts": services.MAX_ATTEMPTS,
            }
        )
        return context


def retry_view(request, pk):
    """ "Opnieuw proberen" for one delivery (POST only)."""
    if not can_retry(request.user):
        return admin_forbidden(request, _("Dit scherm is alleen voor het steunpunt."))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    row = Verzending.objects.filter(pk=pk).first()
    if row is None or row.status not in (Status.MISLUKT, Status.GEEN_MAILBOX):
        messages.warning(request, _("Deze e-mail hoeft niet opnieuw verstuurd te worden."))
        return redirect(reverse("outbox_admin:index"))
    count = services.retry([row.pk])
    # Ids and kind only in the audit log, never addresses or the provider's answer.
    log(instance=row, action=LOG_RETRY, user=request.user, data={"soort": row.kind, "bron": row.object_id})
    messages.success(
        request,
        ngettext("De e-mail wordt opnieuw verstuurd.", "De e-mails worden opnieuw verstuurd.", max(count, 1)),
    )
    return redirect(reverse("outbox_admin:index"))
