"""Translating the regional supplement of a national page with wagtail-localize.

The sync creates every language version of a national page itself, with the
same ``translation_key``, so wagtail-localize's "Translate this page" never
offers those languages (the page exists there already) and there is no
TranslationSource or Translation to translate "In onze regio" with.

"Aanvulling vertalen" makes that link for pages that exist already: it creates
or refreshes the TranslationSource of the Dutch page and a Translation per
chosen language. It creates no page and saves no page, so neither national
text nor what visitors see changes until a translator publishes from
wagtail-localize's translation editor (which then writes only the regional
fields: ``InformatiesetPage.translatable_fields``).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.models import Page

from .admin_views import forbidden
from .models import InformatiesetPage

#: The feed's source language: the only one whose regional text is translated
#: into the others (feed-v1 requires every item in Dutch).
SOURCE_LANGUAGE = "nl"

SUBMIT_PERMISSION = "wagtail_localize.submit_translation"


def _content_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def language_name(code: str) -> str:
    """The language's name in the admin's language ("Engels"), or its own name if Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.WAGTAIL_CONTENT_LANGUAGES).get(code, code)


def _translation_rows(page):
    """(pk, language code) of every non-alias version of this national page, itself included; one query."""
    content_type = ContentType.objects.get_for_model(InformatiesetPage)
    return list(
        Page.objects.filter(
            translation_key=page.translation_key, content_type=content_type, alias_of__isnull=True
        ).values_list("pk", "locale__language_code")
    )


def is_source_page(page) -> bool:
    """A Dutch national page with at least one synced translation in a language of this site."""
    if page.content_type_id != _informatieset_content_type_id():
        return False
    rows = _translation_rows(page)
    languages = dict(rows)
    if languages.get(page.pk) != SOURCE_LANGUAGE:
        return False
    content_languages = set(_content_languages()) - {SOURCE_LANGUAGE}
    return any(pk != page.pk and code in content_languages for pk, code in rows)


def _informatieset_content_type_id() -> int:
    # ContentType.objects caches, so this costs no query after the first call.
    return ContentType.objects.get_for_model(InformatiesetPage).pk


def user_may_link(user, page) -> bool:
    return user.has_perm(SUBMIT_PERMISSION) and page.permissions_for_user(user).can_edit()


def target_pages(page, user=None) -> list:
    """The synced translations of a Dutch national page, in the site's language order.

    With ``user``: only those the user may edit, because linking turns their
    edit view into wagtail-localize's translation editor.
    """
    order = _content_languages()
    pages = (
        InformatiesetPage.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(pk=page.pk)
        .filter(locale__language_code__in=[code for code in order if code != SOURCE_LANGUAGE])
        .select_related("locale")
    )
    pages = sorted(pages, key=lambda target: order.index(target.locale.language_code))
    if user is not None:
        pages = [target for target in pages if target.permissions_for_user(user).can_edit()]
    return pages


def link_translations(page, targets):
    """Create or refresh the TranslationSource of ``page`` and enable a Translation per target page.

    Returns the Translation objects, in the order of ``targets``. Saves no
    page: the target pages keep their content until a translator publishes.
    """
    from wagtail_localize.models import Translation, TranslationSource

    with transaction.atomic():
        # Refreshes the source (and its segments) when the Dutch supplement
        # changed since the last time: the "sync translated pages" case.
        source, _created = TranslationSource.update_or_create_from_instance(page.specific)
        translations = []
        for target in targets:
            translation, _created = Translation.objects.update_or_create(
                source=source, target_locale_id=target.locale_id, defaults={"enabled": True}
            )
            translations.append(translation)
    return translations


def linked_locale_ids(page) -> set[int]:
    from wagtail_localize.models import Translation

    return set(
        Translation.objects.filter(
            source__object_id=page.translation_key, source__locale_id=page.locale_id, enabled=True
        ).values_list("target_locale_id", flat=True)
    )


# --- Admin -------------------------------------------------------------------------


def regional_translation_buttons(page, user, next_url=None, view_name=None):
    """ "Aanvulling vertalen" in the page header and the listing's "more" menu."""
    if page.content_type_id != _informatieset_content_type_id() or not user.has_perm(SUBMIT_PERMISSION):
        return
    if not page.permissions_for_user(user).can_edit() or not is_source_page(page):
        return
    yield Button(
        gettext_lazy("Aanvulling vertalen"),
        reverse("informatieset_regional_translation", args=[page.pk]),
        icon_name="wagtail-localize-language",
        priority=62,
        attrs={
            "aria-label": format_lazy(
                gettext_lazy("Aanvulling van ‘{title}’ vertalen"), title=page.get_admin_display_title()
            )
        },
    )


class RegionalTranslationForm(forms.Form):
    locales = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Talen"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Kies minstens één taal."),
            "invalid_choice": gettext_lazy("U kunt alleen kiezen uit de talen in de lijst."),
        },
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locales"].choices = [
            (target.locale_id, language_name(target.locale.language_code)) for target in targets
        ]


class RegionalTranslationView(WagtailAdminTemplateMixin, FormView):
    template_name = "informatieset_sync/admin/regional_translation.html"
    header_icon = "wagtail-localize-language"
    form_class = RegionalTranslationForm

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(InformatiesetPage.objects.select_related("locale"), pk=kwargs["page_id"])
        # Regional text is translated from Dutch only; the other language
        # versions are targets, reached through the Dutch page.
        if self.page.locale.language_code != SOURCE_LANGUAGE or not user_may_link(request.user, self.page):
            # A real 403: Wagtail turns PermissionDenied into a redirect to the dashboard.
            return forbidden(
                request,
                _(
                    "U kunt de aanvulling van deze pagina niet laten vertalen. Dat kan alleen bij de Nederlandse "
                    "pagina, en alleen als u die pagina mag bewerken."
                ),
            )
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def targets(self):
        return target_pages(self.page, self.request.user)

    @cached_property
    def linked(self):
        return linked_locale_ids(self.page)

    def get_page_title(self):
        return _("Aanvulling vertalen")

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["targets"] = self.targets
        return kwargs

    def get_initial(self):
        # Every language is ticked: the usual wish is the supplement in all of them.
        return {"locales": [target.locale_id for target in self.targets]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            chosen = {str(value) for value in form.data.getlist("locales")}
        else:
            chosen = {str(value) for value in form.initial.get("locales", [])}
        context["page"] = self.page
        context["has_supplement"] = self.page.has_regional_additions
        context["options"] = [
            {
                "value": target.locale_id,
                "id": f"id_locales_{index}",
                "label": language_name(target.locale.language_code),
                "title": target.get_admin_display_title(),
                "checked": str(target.locale_id) in chosen,
                "linked": target.locale_id in self.linked,
                "own_supplement": target.locale_id not in self.linked and target.has_regional_additions,
            }
            for index, target in enumerate(self.targets)
        ]
        context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
        return context

    def form_valid(self, form):
        chosen = set(form.cleaned_data["locales"])
        targets = [target for target in self.targets if target.locale_id in chosen]
        link_translations(self.page, targets)
        names = ", ".join(language_name(target.locale.language_code) for target in targets)
        messages.success(
            self.request,
            _(
                "De aanvulling staat klaar om te vertalen naar: %(languages)s. "
                "Hieronder vertaalt u de tekst naar het %(first)s. Kies daarna ‘Publiceren’."
            )
            % {"languages": names, "first": language_name(targets[0].locale.language_code)},
        )
        # The first target's edit view is wagtail-localize's translation editor now.
        return redirect("wagtailadmin_pages:edit", targets[0].pk)
