from django.http import Http404
from wagtail.admin.auth import require_admin_access
from wagtail.models import TranslatableMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import get_snippet_model_from_url_params
from wagtail_localize.views.snippets_api import SnippetViewSet


@require_admin_access
def localize_snippets_api(request, app_label, model_name, pk=None):
    """wagtail-localize's snippet API, limited to what the user may see.

    Upstream lists every snippet model to any admin user, which would reveal
    steunpunt-only records (e.g. how many questions came in) to other roles.
    """
    model = get_snippet_model_from_url_params(app_label, model_name)
    policy = policy_registry.get_by_type(model)
    if not issubclass(model, TranslatableMixin) or not policy.user_has_any_permission(
        request.user, ["add", "change", "view", "choose"]
    ):
        raise Http404
    view = SnippetViewSet.as_view({"get": "retrieve" if pk is not None else "list"})
    kwargs = {"app_label": app_label, "model_name": model_name}
    if pk is not None:
        kwargs["pk"] = pk
    return view(request, **kwargs)
