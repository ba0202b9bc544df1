"""Uploaded images: a pixel limit a small server survives, and no location or other metadata kept."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

Image = get_image_model()

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jan Jansen</dc:creator>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)


def photo_with_gps(fmt="JPEG", size=(64, 32), orientation=1):
    """A phone photo: GPS position, camera owner, an orientation tag, XMP and a comment."""
    image = PILImage.new("RGB", size, (200, 30, 30))
    # A marker in the top-left corner, to see which way the photo ends up.
    image.paste((0, 0, 255), (0, 0, 8, 8))
    exif = image.getexif()
    exif[ExifTags.Base.Artist] = "Jan Jansen"
    exif[ExifTags.Base.Make] = "Telefoonmerk"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 10.0)
    out = io.BytesIO()
    extra = {"comment": b"Ouderavond bij Jan thuis"} if fmt == "JPEG" else {}
    image.save(out, fmt, exif=exif, xmp=XMP, **extra)
    data = out.getvalue()
    assert b"Jan Jansen" in data and gps_of(data)
    return data


def gps_of(data: bytes) -> dict:
    return dict(PILImage.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo))


def assert_clean(data: bytes):
    image = PILImage.open(io.BytesIO(data))
    assert gps_of(data) == {}
    assert not image.getexif(), dict(image.getexif())
    assert b"Jan Jansen" not in data
    assert b"Telefoonmerk" not in data
    assert b"Ouderavond" not in data
    assert "xmp" not in image.info


def upload(client, data, name="foto.jpg"):
    collection = Collection.get_first_root_node()
    return client.post(
        reverse("wagtailimages:add"),
        {"title": "Ouderavond", "file": ContentFile(data, name=name), "collection": collection.pk},
    )


@pytest.fixture
def redacteur_client(redacteur):
    client = Client()
    client.force_login(redacteur)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("fmt,name", [("JPEG", "foto.jpg"), ("PNG", "foto.png"), ("WEBP", "foto.webp")])
def test_upload_through_the_admin_keeps_no_location_in_original_or_rendition(redacteur_client, fmt, name):
    response = upload(redacteur_client, photo_with_gps(fmt), name)
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.get(title="Ouderavond")
    with image.open_file() as f:
        assert_clean(f.read())
    # What a visitor gets: the rendition on a public page, served from /media/.
    for spec in ("width-40", "fill-20x20|format-jpeg", "max-30x30|format-webp"):
        rendition = image.get_rendition(spec)
        served = Client().get(rendition.url)
        assert served.status_code == 200
        assert_clean(b"".join(served.streaming_content))


@pytest.mark.django_db
def test_multiple_upload_is_cleaned_too(redacteur_client):
    collection = Collection.get_first_root_node()
    response = redacteur_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": ContentFile(photo_with_gps(), name="telefoon.jpg"), "collection": collection.pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    image = Image.objects.latest("pk")
    with image.open_file() as f:
        assert_clean(f.read())


@pytest.mark.django_db
def test_orientation_is_applied_before_the_tag_goes(redacteur_client):
    # Orientation 6: the camera was held upright; viewers turn the 64x32 pixels a quarter.
    upload(redacteur_client, photo_with_gps(orientation=6))
    image = Image.objects.get(title="Ouderavond")
    assert (image.width, image.height) == (32, 64)
    with image.open_file() as f:
        stored = PILImage.open(io.BytesIO(f.read()))
        assert stored.size == (32, 64)
        assert_clean(f.seek(0) or f.read())
    # The marker that was top-left is now top-right, as any viewer showed it.
    assert stored.convert("RGB").getpixel((28, 2))[2] > 200


@pytest.mark.django_db
def test_file_size_and_hash_describe_the_stored_file(redacteur_client):
    upload(redacteur_client, photo_with_gps())
    image = Image.objects.get(title="Ouderavond")
    with image.open_file() as f:
        stored = f.read()
    assert image.file_size == len(stored)
    import hashlib

    assert image.file_hash == hashlib.sha1(stored).hexdigest()


@pytest.mark.django_db
def test_an_image_stored_before_the_cleaning_gives_renditions_without_exif(site, monkeypatch):
    """Originals from before this release still hold their EXIF: renditions must not copy it."""
    from distro.core import images

    monkeypatch.setattr(images, "clean_image_bytes", lambda data: None)
    image = Image(
        title="Oud",
        file=ImageFile(ContentFile(photo_with_gps(), name="oud.jpg")),
        collection=Collection.get_first_root_node(),
    )
    image._set_image_file_metadata()
    image.save()
    with image.open_file() as f:
        assert gps_of(f.read())  # the old original, as it was
    for rendition in image.get_renditions("width-40", "fill-20x20|format-png", "max-30x30|format-webp").values():
        with rendition.file.open("rb") as f:
            assert gps_of(f.read()) == {}


@pytest.mark.django_db
def test_a_huge_png_is_refused_with_a_dutch_message(redacteur_client):
    # 16000 x 8000 pixels in a few hundred kilobytes: 128 million pixels to decode.
    out = io.BytesIO()
    PILImage.new("1", (16000, 8000)).save(out, "PNG", optimize=True)
    assert len(out.getvalue()) < 600_000
    response = upload(redacteur_client, out.getvalue(), "bom.png")
    assert response.status_code == 200
    assert "teveel pixels" in response.content.decode()
    assert not Image.objects.filter(title="Ouderavond").exists()


@pytest.mark.django_db
def test_an_image_just_within_the_limit_is_accepted(redacteur_client, settings):
    out = io.BytesIO()
    PILImage.new("RGB", (800, 600)).save(out, "PNG")
    assert upload(redacteur_client, out.getvalue(), "gewoon.png").status_code == 302


def test_the_limit_is_a_setting_and_reaches_pillow():
    from django.conf import settings

    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.STEUNPUNT_IMAGE_MAX_PIXELS == 40_000_000
    assert PILImage.MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.django_db
def test_images_from_the_informatieset_sync_are_cleaned(site):
    """The sync stores images as plain Image objects: the same receiver cleans them."""
    # Same call as plugins/informatieset_sync/sync.py makes for a new asset.
    image = Image(
        title="Informatieset",
        file=ImageFile(ContentFile(photo_with_gps(), name="informatieset-0123456789abcdef.jpg")),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=None,
    )
    image._set_image_file_metadata()
    image.save()
    with image.open_file() as f:
        assert_clean(f.read())
