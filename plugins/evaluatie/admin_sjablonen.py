"""A new evaluation form from a ready-made template (sjablonen.py), for whoever may add pages.

Offered in the page explorer's menu of a content page ("Evaluatieformulier
uit sjabloon"). The form is made as a draft under that page, in its language,
and the editor lands in Wagtail's own editor to change and publish it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page

from distro.core.views import admin_forbidden

from .models import Doelgroep, Evaluatieformulier, Soort
from .sjablonen import BY_KEY, SJABLONEN

DENIED = gettext_lazy("U mag onder deze pagina geen pagina's maken.")


def may_add_form_under(page, user) -> bool:
    return Evaluatieformulier.can_create_at(page) and page.permissions_for_user(user).can_add_subpage()


class SjabloonForm(forms.Form):
    sjabloon = forms.ChoiceField(
        label=gettext_lazy("Kies een sjabloon"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Kies een sjabloon."),
            "invalid_choice": gettext_lazy("Kies een sjabloon uit de lijst."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sjabloon"].choices = [
            (s.key, f"{Doelgroep(s.doelgroep).label} · {Soort(s.soort).label}: “{s.title}”") for s in SJABLONEN
        ]


def _free_slug(parent, title) -> str:
    base = slugify(title)[:60] or "evaluatie"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class FromTemplateView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "evaluatie/admin/sjabloon.html"
    page_title = gettext_lazy("Evaluatieformulier uit een sjabloon")
    header_icon = "form"

    def dispatch(self, request, parent_id):
        self.parent = get_object_or_404(Page, pk=parent_id).specific
        if not may_add_form_under(self.parent, request.user):
            return admin_forbidden(request, DENIED)
        return super().dispatch(request, parent_id)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailadmin_explore", args=[self.parent.pk]), "label": self.parent.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", SjabloonForm())
        context["parent"] = self.parent
        return context

    def post(self, request, parent_id):
        form = SjabloonForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        sjabloon = BY_KEY[form.cleaned_data["sjabloon"]]
        page = Evaluatieformulier(
            title=sjabloon.title,
            slug=_free_slug(self.parent, sjabloon.title),
            soort=sjabloon.soort,
            doelgroep=sjabloon.doelgroep,
            intro=sjabloon.intro,
            vragen=list(sjabloon.vragen),
            bedankt=sjabloon.bedankt,
            owner=request.user,
            live=False,
            locale=self.parent.locale,
        )
        self.parent.add_child(instance=page)
        page.save_revision(user=request.user, log_action=True)
        messages.success(request, _("Het formulier is gemaakt als concept. Pas het aan en publiceer het."))
        return redirect("wagtailadmin_pages:edit", page.pk)


class FromTemplateButton(PageMenuItem):
    label = gettext_lazy("Evaluatieformulier uit sjabloon")
    icon_name = "form"
    url_name = "evaluatie_admin:sjabloon"
    priority = 9  # after Wagtail's "Add child page"


def buttons_for(page, user):
    if may_add_form_under(page, user):
        yield FromTemplateButton(page=page)


def urls():
    return [path("sjabloon/<int:parent_id>/", FromTemplateView.as_view(), name="sjabloon")]
