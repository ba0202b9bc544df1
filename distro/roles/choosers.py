"""Snippet choosers that respect the model's permission policy.

Wagtail's chooser lists every object of a model to anyone who can open the
admin. For data that belongs to one role (questions for the steunpunt), even a
list of titles says too much, so these choosers refuse users who may not view
or change the model.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)


class PolicyCheckMixin:
    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(request.user, ["view", "change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RoleOnlyChooseView(PolicyCheckMixin, ChooseView):
    pass


class RoleOnlyChooseResultsView(PolicyCheckMixin, ChooseResultsView):
    pass


class RoleOnlyChosenView(PolicyCheckMixin, SnippetChosenView):
    pass


class RoleOnlyChosenMultipleView(PolicyCheckMixin, SnippetChosenMultipleView):
    pass


class RoleOnlyChooserViewSet(SnippetChooserViewSet):
    """Use as ``chooser_viewset_class`` on a SnippetViewSet whose model has a RoleOnlyPermissionPolicy."""

    choose_view_class = RoleOnlyChooseView
    choose_results_view_class = RoleOnlyChooseResultsView
    chosen_view_class = RoleOnlyChosenView
    chosen_multiple_view_class = RoleOnlyChosenMultipleView
