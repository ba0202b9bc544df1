from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Locale, Page, Site

from distro.pagecache import lookups

from .languages import site_origin

RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = Page.objects.none()
    if query:
        site = Site.find_for_request(request)
        pages = Page.objects.live().public().filter(locale=Locale.get_active())
        if site:
            pages = pages.descendant_of(site.root_page.localized, inclusive=True) if site.root_page else pages
        results = pages.specific().search(query, operator="and")
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("pagina", 1))
    except PageNotAnInteger:
        page_obj = paginator.page(1)
    except EmptyPage:
        page_obj = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "core/search.html", {"query": query, "page_obj": page_obj})


class PageSitemap(Sitemap):
    """Every live, public page of the site in every language.

    Wagtail's own sitemap covers only the tree under the site's root page,
    which holds the Dutch pages; the translations live under sibling roots.
    """

    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True).values_list("path", flat=True)
        in_site = Q()
        for path in roots:
            in_site |= Q(path__startswith=path)
        # Each page's own class (a type may list more URLs), without a query per page type.
        return lookups.public(Page.objects.live()).filter(in_site).order_by("path").specific(defer=True)

    def _urls(self, page, protocol, domain):
        """Wagtail names the Site's host ("localhost:8000" on an install without --domain); use the real one."""
        urls = super()._urls(page, protocol, domain)
        origin = site_origin(self.request, self.get_wagtail_site())
        wagtail_origin = self.get_wagtail_site().root_url
        if origin != wagtail_origin:
            for url in urls:
                if url["location"].startswith(wagtail_origin + "/"):
                    url["location"] = origin + url["location"][len(wagtail_origin) :]
        return urls


SITEMAPS = {"pages": PageSitemap}


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    # Result pages of the site search, in every language, are not worth crawling.
    for code, _name in settings.LANGUAGES:
        lines.append("Disallow: /zoeken/" if code == settings.LANGUAGE_CODE else f"Disallow: /{code}/zoeken/")
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def admin_forbidden(request, reason: str):
    """A real 403 page in the admin, for plugins' staff screens.

    Raising PermissionDenied in the Wagtail admin redirects to the dashboard
    with a 200, which hides from scripts and tests that access was refused."""
    return TemplateResponse(request, "core/admin/forbidden.html", {"reason": reason}, status=403)
