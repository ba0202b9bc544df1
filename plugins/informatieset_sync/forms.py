"""The admin form of a ``BronPagina``: audiences and themes as checkboxes, not raw JSON.

Set on the model with ``base_form_class = BronPaginaForm`` (models.py). The
form also keeps ``updated_at`` honest: it moves to now whenever an editor
changes the content that goes into the feed, and only then.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .audiences import AUDIENCES

#: Changes to these fields are content changes for the feed's ``updated_at``.
CONTENT_FIELDS = ("title", "slug", "summary", "audiences", "themes", "national_body", "validated_on", "validated_by")


class BronPaginaForm(WagtailAdminPageForm):
    audiences = forms.MultipleChoiceField(
        label=_("Voor wie"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies ten minste één groep."),
    )
    themes = forms.MultipleChoiceField(label=_("Thema's"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audiences"].choices = AUDIENCES
        # The page's model knows the themes (models.py imports this form, not the other way round).
        themes = self.instance.theme_choices()
        known = {code for code, _label in themes}
        # A theme that was removed from the list stays visible (and can be
        # unticked) rather than silently disappearing from the page.
        for code in self.initial.get("themes") or []:
            if code not in known:
                themes.append((code, code))
        self.fields["themes"].choices = themes

    def save(self, commit=True):
        if any(name in self.changed_data for name in CONTENT_FIELDS):
            self.instance.updated_at = timezone.now()
        return super().save(commit=commit)
