from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_bidi

from .languages import content_language, untranslated_attrs
from .models import SteunpuntSettings
from .navigation import alternate_links, language_links, menu_links


def site_chrome(request):
    """What every public page needs around its content; evaluated only when used."""
    if request.path.startswith("/admin/"):
        return {}
    site_settings = SimpleLazyObject(lambda: SteunpuntSettings.for_request(request))
    return {
        "steunpunt": site_settings,
        "main_menu": SimpleLazyObject(lambda: menu_links(request, "main_menu_items")),
        "footer_menu": SimpleLazyObject(lambda: menu_links(request, "footer_menu_items")),
        "language_links": SimpleLazyObject(lambda: language_links(request, site_settings)),
        "alternate_links": SimpleLazyObject(lambda: alternate_links(request, site_settings)),
        # A callable: templates call it when they use it, and the answer is cached on the request.
        "content_language": lambda: content_language(request),
        "untranslated_attrs": lambda: untranslated_attrs(request),
        "LANGUAGE_BIDI": get_language_bidi(),
        "current_language": get_language() or settings.LANGUAGE_CODE,
    }
