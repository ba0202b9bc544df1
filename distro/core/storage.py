"""Media in an S3-compatible bucket, named on the site's own address (``STEUNPUNT_MEDIA_S3_BUCKET``)."""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaBucketStorage(S3Storage):
    """Uploads go to the bucket; pages link to them as ``/media/<file>`` on the site's own host.

    A visitor's browser then never asks a third party for a picture (privacy,
    and the Content-Security-Policy's ``img-src 'self'`` holds), the page cache
    keeps no links that expire, and every server names a file the same way.
    The web server passes ``/media/`` on to the bucket (docs/installing.md);
    documents still go through Wagtail's document view, which reads them from
    the bucket with the site's own keys.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name).lstrip("/")
