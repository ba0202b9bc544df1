from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from distro import health
from distro.core import views as core_views
from distro.core.captcha import audio as captcha_audio
from distro.pagecache.views import cacheable
from distro.pagecache.views import serve as serve_page
from distro.plugins import import_if_present
from distro.roles.views import localize_snippets_api
from distro.theming.views import theme_css_view


def plugin_urlpatterns():
    """URLs of enabled plugins only: a disabled plugin contributes none."""
    patterns = []
    for name in settings.STEUNPUNT_ENABLED_PLUGINS:
        module = f"{settings.STEUNPUNT_AVAILABLE_PLUGINS[name].module}.urls"
        if import_if_present(module):
            patterns.append(path("", include(module)))
    return patterns


urlpatterns = [
    # Must come before the admin's own routes, which it replaces.
    path("admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/", localize_snippets_api),
    path("admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/", localize_snippets_api),
    # Login (with throttling and a code), logout (POST only) and password reset (throttled).
    path("admin/", include("distro.accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    # Before captcha.urls: the spoken letters answer in Dutch where flite is missing.
    re_path(r"^captcha/audio/(?P<key>\w+)\.wav$", captcha_audio, name="captcha-audio"),
    path("captcha/", include("captcha.urls")),
    path("sitemap.xml", cacheable(sitemap), {"sitemaps": core_views.SITEMAPS}, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("thema.css", theme_css_view, name="theme_css"),
    path("gezond", health.gezond, name="gezond"),
]


def serve_upload(request, path, document_root):
    """Django's file view, with a 404 for a name the file system refuses (too long): not a 500."""
    try:
        return serve(request, path, document_root=document_root)
    except OSError as error:
        raise Http404(path) from error


if not settings.PRODUCTION:
    # In production the web server serves uploads; here Django does.
    # Documents only through Wagtail's document view (its checks and headers), as in production.
    urlpatterns += [
        re_path(r"^media/(?!documents/)(?P<path>.*)$", serve_upload, {"document_root": settings.MEDIA_ROOT})
    ]

urlpatterns += i18n_patterns(
    path("zoeken/", core_views.search, name="search"),
    *plugin_urlpatterns(),
    # Wagtail's page view with its lookups remembered (distro.pagecache.views.serve); it
    # matches what Wagtail's own pattern below would, which keeps its other URLs.
    re_path(serve_pattern, serve_page, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
