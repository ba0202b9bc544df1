from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    # The language switcher links to this page's translations.
    request.steunpunt_page = page
