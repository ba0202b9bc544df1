"""Public URLs of the publisher: the feed, its signature and its assets (see publisher.py)."""

from django.urls import path, re_path

from . import publisher

urlpatterns = [
    path("informatieset/feed.json", publisher.feed_view, name="informatieset_feed"),
    path("informatieset/feed.json.sig", publisher.signature_view, name="informatieset_feed_signature"),
    re_path(
        rf"^informatieset/assets/(?P<digest>[0-9a-f]{{64}})\.(?P<ext>{publisher.ASSET_EXTENSIONS})$",
        publisher.asset_view,
        name="informatieset_asset",
    ),
]
