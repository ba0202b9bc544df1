from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    # The language switcher links to this page's translations.
    request.steunpunt_page = page


@hooks.register("insert_editor_js")
def name_rich_text_boxes():
    # A workaround for wagtail/wagtail#14205: the rich text box has no accessible name.
    return format_html('<script src="{}" defer></script>', static("steunpunt/admin/richtext_label.js"))
