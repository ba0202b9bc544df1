"""The board's PDF: tagged for screen readers (PDF/UA-1), with the SWV's logo, charts and tables.

Made with WeasyPrint from the same stored report and the same presentation as
the screen. WeasyPrint needs Pango from the operating system; without it
``PdfUnavailable`` says so in Dutch, and the screen and CSV still work.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from distro.core.models import SteunpuntSettings

from . import presentation


class PdfUnavailable(Exception):
    pass


def _logo(settings_row) -> str:
    """The logo as a data: URL, so WeasyPrint fetches nothing from anywhere."""
    image = getattr(settings_row, "logo", None)
    if image is None:
        return ""
    try:
        rendition = image.get_rendition("max-400x120|format-png")
        with rendition.file.open("rb") as handle:
            return "data:image/png;base64," + base64.b64encode(handle.read()).decode()
    except Exception:  # a missing file must not stop the report
        return ""


def context(rapport) -> dict:
    site = Site.objects.filter(is_default_site=True).first()
    settings_row = SteunpuntSettings.for_site(site) if site else None
    return {
        "rapport": rapport,
        "inhoud": rapport.inhoud,
        "tables": presentation.tables(rapport.inhoud),
        "legend": presentation.legend(rapport.inhoud),
        "swv_name": getattr(settings_row, "swv_name", ""),
        "steunpunt_name": getattr(settings_row, "steunpunt_name", ""),
        "logo": _logo(settings_row),
        "language": translation.get_language() or "nl",
    }


def _data_urls_only():
    """A URL fetcher for data: URLs only (the logo), so the report fetches nothing from anywhere."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before URLFetcher: the fetcher is a function
        from weasyprint.urls import default_url_fetcher

        def _no_fetching(url, *args, **kwargs):
            if url.startswith("data:"):
                return default_url_fetcher(url, *args, **kwargs)
            raise ValueError("the report fetches nothing")

        return _no_fetching
    return URLFetcher(allowed_protocols={"data"})


def render_pdf(rapport, *, compress: bool = True) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # Pango missing: "cannot load library"
        raise PdfUnavailable(
            _("Een PDF maken lukt niet op deze server: WeasyPrint of Pango ontbreekt (%(fout)s).") % {"fout": error}
        ) from error
    html = render_to_string("signalen/rapport_pdf.html", context(rapport))
    return HTML(string=html, url_fetcher=_data_urls_only()).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True, uncompressed_pdf=not compress
    )
