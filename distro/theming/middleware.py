from distro.core.models import SteunpuntSettings

from .themes import active_theme_name


class ThemeMiddleware:
    """Makes the theme chosen in the site settings the active one for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        def site_theme():
            return SteunpuntSettings.for_request(request).theme or None

        # Looked up when a template first asks for it: a POST that only
        # redirects (a sign-up, say) never reads the site settings.
        token = active_theme_name.set(None if request.path.startswith("/admin/") else site_theme)
        try:
            response = self.get_response(request)
            # Templates of a TemplateResponse render after the view returns.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response
        finally:
            active_theme_name.reset(token)
