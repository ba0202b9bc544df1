import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

from distro.core.models import SteunpuntSettings

from .themes import get_theme, theme_css


@require_GET
def theme_css_view(request):
    """The design tokens of this site's theme as CSS custom properties."""
    site_settings = SteunpuntSettings.for_request(request)
    css = theme_css(get_theme(site_settings.theme), site_settings.primary_colour)
    etag = '"%s"' % hashlib.sha256(css.encode()).hexdigest()[:16]
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300"
    return response
