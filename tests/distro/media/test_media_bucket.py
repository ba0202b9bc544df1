"""Media in an S3-compatible bucket (STEUNPUNT_MEDIA_S3_BUCKET), against a local S3 server (moto).

Uploads land in the bucket; pages name them on the site's own /media/ address,
never the bucket's; documents are served by Wagtail's view from the bucket; the
health check sees the bucket; a backup says the uploads are not in it, and a
restore that would need the uploads refuses before it changes anything.
"""

import io
import socket
import tarfile

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents.models import Document
from wagtail.images.models import Image

from distro.backup import archive
from distro.backup.database import BackupError
from distro.core import health

pytestmark = pytest.mark.django_db

BUCKET = "steunpunt-media"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    """The site's default storage is the bucket, as the settings make it from STEUNPUNT_MEDIA_S3_*."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STEUNPUNT_MEDIA_S3_BUCKET = BUCKET
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "distro.core.storage.MediaBucketStorage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_server, "region_name": "us-east-1"},
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_a_document_is_kept_in_the_bucket_and_served_by_the_site(client, site, bucket):
    document = Document.objects.create(title="Brochure", file=ContentFile(b"%PDF-1.4 brochure", name="brochure.pdf"))
    assert f"documents/{document.file.name.split('/')[-1]}" in keys(bucket)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 brochure"


def test_pages_name_images_on_the_sites_own_address(client, site, home, bucket):
    image = Image.objects.create(title="Logo", file=ImageFile(io.BytesIO(PNG), name="logo.png"))
    rendition = image.get_rendition("width-100")
    assert rendition.url.startswith("/media/images/") and "127.0.0.1" not in rendition.url
    assert rendition.file.name in keys(bucket) and image.file.name in keys(bucket)


def test_the_health_check_sees_the_bucket(bucket, settings):
    assert health.media_bucket().status == "ok"
    bucket.delete_bucket(Bucket=BUCKET)
    try:
        result = health.media_bucket()
        assert result.status == "error" and BUCKET in result.message
    finally:
        bucket.create_bucket(Bucket=BUCKET)


def test_a_backup_holds_the_database_and_says_the_uploads_are_in_the_bucket(bucket, settings, tmp_path, capsys):
    from django.core.management import call_command

    settings.STEUNPUNT_BACKUP_DIR = tmp_path / "backups"
    settings.STEUNPUNT_BACKUP_KEY_FILE = ""
    (settings.MEDIA_ROOT / "stray.txt").parent.mkdir(parents=True, exist_ok=True)
    call_command("backup")
    output = capsys.readouterr().out
    assert f"De uploads staan in de bucket {BUCKET}" in output
    (made,) = archive.archives(settings.STEUNPUNT_BACKUP_DIR)
    with tarfile.open(made) as tar:
        assert not [name for name in tar.getnames() if name.startswith("media/")]


def test_a_restore_that_needs_uploads_refuses_with_a_bucket(tmp_path, site):
    from django.db import connection
    from wagtail.models import Page

    media = tmp_path / "media"
    media.mkdir()
    (media / "foto.png").write_bytes(PNG)
    made = archive.create_backup(tmp_path / "backups", connection.settings_dict, media).path
    pages = Page.objects.count()
    # Into this very database: the refusal must come before anything is touched.
    with pytest.raises(BackupError, match="bucket"):
        archive.restore_backup(made, connection.settings_dict, None, force=True)
    assert Page.objects.count() == pages
