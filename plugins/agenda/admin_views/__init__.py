"""Admin screens of the agenda.

* "Bijeenkomsten" (Steunpunt and Redacteur, ``overview``): every meeting with
  its dates and anonymous place counts from ``Bezetting``. No personal data.
* Per meeting, for the Steunpunt role only: the attendee list with CSV and
  XLSX export (``attendees``), check-in, cancelling or moving a registration
  (``registrations``), and a message to all registrants with, per message,
  how many were sent, are waiting or failed (``berichten``). Access is by
  group membership (``RoleOnlyPermissionPolicy``), so superusers and
  Beheerders do not see registrations or messages.

Each view declares its permission once (``StaffPermissionMixin``, Wagtail's
``PermissionCheckedMixin`` on a permission policy, see ``common``). Every
action is logged in Wagtail's audit log on the meeting page, with who did it
and counts or registration numbers only, never names or addresses.
"""

from django.urls import include, path

from .attendees import AttendeesView, ExportView, export_rows
from .berichten import MessageDetailView, MessageForm, MessageRetryView, MessageView
from .common import (
    ATTENDEE_POLICY,
    LOG_CANCEL,
    LOG_CHECKIN,
    LOG_EXPORT,
    LOG_MESSAGE,
    LOG_MESSAGE_RETRY,
    LOG_MOVE,
    OVERVIEW_POLICY,
    answer_pairs,
    can_change_attendees,
    can_view_attendees,
    can_view_overview,
)
from .overview import OverviewView
from .registrations import CancelView, CheckinView, MoveForm, MoveView

__all__ = [
    "ATTENDEE_POLICY",
    "LOG_CANCEL",
    "LOG_CHECKIN",
    "LOG_EXPORT",
    "LOG_MESSAGE",
    "LOG_MESSAGE_RETRY",
    "LOG_MOVE",
    "OVERVIEW_POLICY",
    "AttendeesView",
    "CancelView",
    "CheckinView",
    "ExportView",
    "MessageDetailView",
    "MessageForm",
    "MessageRetryView",
    "MessageView",
    "MoveForm",
    "MoveView",
    "OverviewView",
    "answer_pairs",
    "can_change_attendees",
    "can_view_attendees",
    "can_view_overview",
    "export_rows",
    "urls",
]


def urls():
    """The screens under /admin/bijeenkomsten/ (namespace ``agenda_admin``)."""
    urlpatterns = [
        path("", OverviewView.as_view(), name="overview"),
        path("<int:pk>/deelnemers/", AttendeesView.as_view(), name="attendees"),
        path("<int:pk>/export.<str:fmt>", ExportView.as_view(), name="export"),
        path("<int:pk>/bericht/", MessageView.as_view(), name="message"),
        path("berichten/<int:pk>/", MessageDetailView.as_view(), name="message_detail"),
        path("berichten/<int:pk>/opnieuw/", MessageRetryView.as_view(), name="message_retry"),
        path("aanmeldingen/<int:pk>/aanwezig/", CheckinView.as_view(), name="checkin"),
        path("aanmeldingen/<int:pk>/afmelden/", CancelView.as_view(), name="cancel"),
        path("aanmeldingen/<int:pk>/verplaatsen/", MoveView.as_view(), name="move"),
    ]
    return [path("bijeenkomsten/", include((urlpatterns, "agenda_admin"), namespace="agenda_admin"))]
