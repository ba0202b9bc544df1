"""Content-Security-Policy with a second, looser policy for the Wagtail admin.

django-csp 4 has one policy per site (and per-view decorators); the admin's
views are Wagtail's, so the admin policy is chosen here by URL prefix. The
public site keeps its strict policy (no inline scripts or styles at all).
docs/installing.md explains every relaxation in the admin policy and why.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SteunpuntCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        # A view that set its own policy (csp_replace and friends) keeps it.
        if report_only or parts.config is not None:
            return parts
        if getattr(request, "is_preview", False):
            # Wagtail renders a preview through the whole middleware chain with
            # a dummy request for the page's public path. The page keeps the
            # public policy; only the admin may show it in its preview iframe.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        elif request.path_info.startswith(settings.STEUNPUNT_ADMIN_URL_PREFIXES):
            parts.config = settings.STEUNPUNT_ADMIN_CONTENT_SECURITY_POLICY
        return parts
