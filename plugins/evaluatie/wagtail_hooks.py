from wagtail import hooks

from .models import Evaluatieformulier
from .views import serve_form


@hooks.register("before_serve_page")
def serve_evaluation_forms(page, request, serve_args, serve_kwargs):
    """An evaluation form answers with the state it is in (views.py), not with Wagtail's template."""
    if isinstance(page, Evaluatieformulier):
        return serve_form(page, request)
    return None
