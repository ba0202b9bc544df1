"""The steunpunt's screens for one question: the detail view (read, change status, add a note) and the edit view.

Both write what changed to Wagtail's audit log (ModelLogEntry) with the
actions below, without the note's text: the log says who changed what and
when, the question's own screen shows the notes themselves. Only Steunpunt
members reach these views (the model's RoleOnlyPermissionPolicy).
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.snippets.views.snippets import EditView, IndexView, InspectView

from distro.core.views import admin_forbidden
from distro.extensions import QuestionAction, question_actions

from .times import stamp
from .vraag import Vraag

LOG_STATUS = "contact.vraag.status"
LOG_NOTE = "contact.vraag.notitie"
LOG_NOTES_EDITED = "contact.vraag.notities"
#: How many entries of the history the detail view shows; the history view has them all.
HISTORY_ON_DETAIL = 10

REFUSED = gettext_lazy("Alleen medewerkers van het steunpunt kunnen vragen zien en behandelen.")


def author_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("onbekend")


def record_change(vraag, user, *, old_status, note=""):
    """Log a changed status and a new note of ``vraag`` (already saved)."""
    if vraag.status != old_status:
        log(
            instance=vraag,
            action=LOG_STATUS,
            user=user,
            data={"oud": old_status, "nieuw": vraag.status},
        )
    if note:
        log(instance=vraag, action=LOG_NOTE, user=user)


def append_note(vraag, user, text: str) -> None:
    """Add ``text`` under the notes, headed by when and by whom."""
    heading = f"{stamp(timezone.now())} – {author_name(user)}"
    entry = f"{heading}:\n{text.strip()}"
    vraag.notes = f"{vraag.notes.rstrip()}\n\n{entry}" if vraag.notes.strip() else entry


class HandleForm(forms.Form):
    """What staff change on the detail view."""

    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Vraag.Status.choices)
    note = forms.CharField(
        label=gettext_lazy("Notitie toevoegen"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Bijvoorbeeld: teruggebeld, afspraak gemaakt. Schrijf alleen op wat nodig is om de vraag te behandelen."
        ),
    )


def question_actions_for(request, vraag) -> list[QuestionAction]:
    """Buttons plugins add to a question's screen ("Registreer als contact"), in order."""
    found = [
        response
        for _receiver, response in question_actions.send_robust(sender=Vraag, request=request, vraag=vraag)
        if isinstance(response, QuestionAction)
    ]
    return sorted(found, key=lambda action: action.order)


def status_label(value) -> str:
    return str(Vraag.Status(value).label) if value in Vraag.Status.values else str(value)


class VraagIndexView(IndexView):
    """Each row's title leads to the question's detail view, not to the edit view."""

    def _get_title_column(self, *args, **kwargs):
        column = super()._get_title_column(*args, **kwargs)
        column._get_url_func = self.get_inspect_url
        return column

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for button in buttons:
            if button.url == self.get_inspect_url(instance):
                button.label = _("Bekijken")
            elif button.url == self.get_edit_url(instance):
                button.label = _("Status en notities bewerken")
        return buttons


class VraagDetailView(InspectView):
    """The whole question, who asked and how to reach them, status, notes and history."""

    template_name = "contact/admin/vraag_detail.html"
    page_title = gettext_lazy("Vraag bekijken")
    history_url_name = "wagtailsnippets_contact_vraag:history"

    def get_fields_context(self):
        # The template lays the question out itself (Wagtail's generic field list is not used).
        return []

    def get_form(self):
        initial = {"status": self.object.status}
        return HandleForm(self.request.POST if self.request.method == "POST" else None, initial=initial)

    @property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        for button in buttons:
            if button.url == self.get_edit_url():
                button.label = _("Status en notities bewerken")
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vraag = self.object
        entries = list(
            ModelLogEntry.objects.for_instance(vraag)
            .select_related("user")
            .order_by("-timestamp", "-pk")[: HISTORY_ON_DETAIL + 1]
        )
        context.update(
            vraag=vraag,
            received=stamp(vraag.created_at),
            form=kwargs.get("form") or self.get_form(),
            can_change=self.user_has_permission("change"),
            history=[
                {"when": stamp(entry.timestamp), "who": author_name(entry.user), "what": entry.message}
                for entry in entries[:HISTORY_ON_DETAIL]
            ],
            more_history=len(entries) > HISTORY_ON_DETAIL,
            history_url=reverse(self.history_url_name, args=[vraag.pk]),
            index_url=reverse(self.index_url_name) if self.index_url_name else "",
            actions=question_actions_for(self.request, vraag),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("change"):
            return admin_forbidden(request, REFUSED)
        form = self.get_form()
        if not form.is_valid():
            messages.error(request, _("De wijziging is niet opgeslagen. Kijk wat er bij het formulier staat."))
            return self.render_to_response(self.get_context_data(form=form))
        vraag = self.object
        old_status = vraag.status
        note = form.cleaned_data["note"].strip()
        if form.cleaned_data["status"] == old_status and not note:
            messages.info(request, _("Er was niets veranderd."))
            return redirect(request.path)
        with transaction.atomic():
            vraag.status = form.cleaned_data["status"]
            if note:
                append_note(vraag, request.user, note)
            vraag.save(update_fields=["status", "notes"])
            record_change(vraag, request.user, old_status=old_status, note=note)
        messages.success(request, _("%(vraag)s is bijgewerkt.") % {"vraag": vraag})
        return redirect(request.path)


class VraagEditView(EditView):
    """The edit view logs which of status and notes changed, like the detail view."""

    def get_object(self, queryset=None):
        vraag = super().get_object(queryset)
        self._before = (vraag.status, vraag.notes)
        return vraag

    def save_instance(self):
        old_status, old_notes = self._before
        vraag = self.form.save()
        if vraag.status != old_status:
            record_change(vraag, self.request.user, old_status=old_status)
        if vraag.notes != old_notes:
            log(instance=vraag, action=LOG_NOTES_EDITED, user=self.request.user)
        return vraag

    def get_success_url(self):
        return reverse("wagtailsnippets_contact_vraag:inspect", args=[self.object.pk])
