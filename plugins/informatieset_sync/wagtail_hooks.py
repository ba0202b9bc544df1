from wagtail import hooks


@hooks.register("register_rich_text_features")
def register_informatieset_links(features):
    from .links import InformatiesetLinkHandler

    features.register_link_type(InformatiesetLinkHandler)
