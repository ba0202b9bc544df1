"""The Steunpunt's screens for registrations: add (again and again, by keyboard), change, read.

Only Steunpunt members reach them (``access.REGISTRATIONS``, no exception
for superusers). The history of statuses is appended by services.save; the
detail view shows it.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, InspectView

from distro.contact.vraag import Vraag
from distro.core.views import admin_forbidden

from . import access, services


def _tell_removed(request, removed):
    if removed:
        messages.warning(
            request,
            _("Uit de notitie is weggehaald: %(wat)s. Zet geen persoonsgegevens in een registratie.")
            % {"wat": ", ".join(removed)},
        )


class _SavesThroughService:
    old_status = None

    def save_instance(self):
        registratie = self.form.save(commit=False)
        _text, removed = services.clean_note(registratie.notitie)
        services.save(
            registratie,
            user=self.request.user,
            old_status=self.form.stored_status,
            themas=self.form.cleaned_data["themas"],
        )
        log(instance=registratie, action=self.log_action, user=self.request.user)
        _tell_removed(self.request, removed)
        return registratie


class RegistratieCreateView(_SavesThroughService, CreateView):
    log_action = "wagtail.create"

    def get_success_message(self, instance):
        return _("%(registratie)s is opgeslagen. Hieronder kunt u meteen de volgende registreren.") % {
            "registratie": instance
        }

    def get_success_url(self):
        # Staff often register several contacts in a row: straight to a fresh form.
        return reverse(self.add_url_name)


class RegistratieEditView(_SavesThroughService, EditView):
    log_action = "wagtail.edit"

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])


class RegistratieIndexView(IndexView):
    # An attribute of the index view (Wagtail ignores one on the viewset).
    add_item_label = gettext_lazy("Nieuwe registratie")

    def _get_title_column(self, *args, **kwargs):
        column = super()._get_title_column(*args, **kwargs)
        column._get_url_func = self.get_inspect_url
        return column


class RegistratieDetailView(InspectView):
    template_name = "signalen/admin/registratie_detail.html"

    def get_field_display_value(self, field_name, field):
        if field_name == "aangemaakt":
            # Wagtail's inspect template localizes the value as text, before the time zone applies.
            return date_format(timezone.localtime(self.object.aangemaakt), "j F Y H:i")
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            # Not Python's "None", and not an empty line.
            if field_name == "notitie":
                return _("Geen notitie")
            return _("Niet doorverwezen") if field_name == "doorverwezen_naar" else _("Onbekend")
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["geschiedenis"] = self.object.geschiedenis.select_related("door")
        context["themas"] = self.object.themas.all()
        context["edit_url"] = self.get_edit_url()
        return context


@require_POST
def from_question(request, vraag_id):
    """ "Registreer deze vraag": one click on a question's screen; nothing of the sender is copied."""
    if not access.REGISTRATIONS.user_has_permission(request.user, "add"):
        return admin_forbidden(request, access.DENIED)
    vraag = get_object_or_404(Vraag, pk=vraag_id)
    with transaction.atomic():
        registratie, made = services.from_question(
            vraag.pk, vraag.role, timezone.localtime(vraag.created_at).date(), user=request.user
        )
    if made:
        messages.success(request, _("De vraag is geregistreerd. Vul aan wat u weet en sla op."))
    else:
        messages.info(request, _("Deze vraag was al geregistreerd."))
    return redirect("wagtailsnippets_signalen_registratie:edit", registratie.pk)
