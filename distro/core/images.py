"""Uploaded images lose what could identify or locate the person who took them.

Phones write the GPS position, the camera, the owner's name and the time into
a photo (EXIF, XMP, IPTC, comments). Wagtail keeps all of it in the original
and Willow copies the EXIF block into every JPEG, PNG and WebP rendition, so a
photo of a parents' evening would tell every visitor where it was taken.

One ``pre_save`` receiver on the image and the rendition model covers every
way a file arrives: the admin upload (single and multiple), the chooser's
upload, the informatieset sync and any plugin that creates images. The file is
rewritten only when it carries such data; the orientation the camera recorded
is applied to the pixels first, so the photo still stands upright. The colour
profile stays (it identifies nobody and keeps the colours right).

Also here: the pixel limit for Pillow itself (see ``apply_pixel_limit``).
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.images import get_image_model
from willow.plugins.pillow import PillowImage

logger = logging.getLogger(__name__)

#: Formats we rewrite; GIF and SVG carry no EXIF (and GIF comments are dropped below).
_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
#: JPEG segments that are not metadata: JFIF, the ICC colour profile, Adobe colour info.
_HARMLESS_JPEG_SEGMENTS = {"APP0", "APP2", "APP14"}
#: PNG info keys that describe the pixels, not the photographer.
_HARMLESS_PNG_KEYS = {
    "dpi",
    "gamma",
    "transparency",
    "icc_profile",
    "srgb",
    "chromaticity",
    "aspect",
    "interlace",
    "bbox",
}
_ORIENTATION = 0x0112


def apply_pixel_limit():
    """Pillow's own decompression-bomb guard at the same limit as uploads.

    Wagtail refuses an upload above WAGTAILIMAGES_MAX_IMAGE_PIXELS; Pillow
    warns above MAX_IMAGE_PIXELS and refuses to open an image above twice
    that, wherever it is opened (renditions, the informatieset sync).
    """
    limit = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None)
    if limit:
        PILImage.MAX_IMAGE_PIXELS = limit


def _has_metadata(image: PILImage.Image) -> bool:
    if image.getexif():
        return True
    info = image.info
    if any(key in info for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc")):
        return True
    if image.format in ("JPEG", "MPO"):
        return any(marker not in _HARMLESS_JPEG_SEGMENTS for marker, _data in getattr(image, "applist", []))
    if image.format == "PNG":
        return bool(set(info) - _HARMLESS_PNG_KEYS)
    return False


def clean_image_bytes(data: bytes) -> bytes | None:
    """The image without identifying metadata, upright; None if nothing needs removing."""
    try:
        image = PILImage.open(io.BytesIO(data))
        image_format = image.format
        if image_format not in _FORMATS or getattr(image, "n_frames", 1) > 1:
            # Animated images: re-encoding every frame is not worth it; they
            # come from the web, not from a phone's camera.
            return None
        if not _has_metadata(image):
            return None
        orientation = image.getexif().get(_ORIENTATION, 1)
        icc_profile = image.info.get("icc_profile")
        transparency = image.info.get("transparency")
        upright = ImageOps.exif_transpose(image) if orientation != 1 else image
        upright.load()
        kwargs = {}
        if icc_profile:
            kwargs["icc_profile"] = icc_profile
        if image_format in ("JPEG", "MPO"):
            image_format = "JPEG"
            # "keep" reuses the original's quantisation: no loss when nothing was rotated.
            kwargs["quality"] = "keep" if upright is image else 90
        elif image_format == "WEBP":
            kwargs["lossless"] = bool(image.info.get("lossless"))
            kwargs["quality"] = 90
        elif transparency is not None:
            kwargs["transparency"] = transparency
        # Pillow writes the comment, XMP and EXIF it read back into the new
        # file unless they are gone from ``info`` (the pixels stay untouched).
        upright.info = {}
        out = io.BytesIO()
        upright.save(out, image_format, exif=b"", **kwargs)
        return out.getvalue()
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        # Not an image Pillow can rewrite: Wagtail's own checks decide about it.
        logger.warning("Could not remove the metadata of an uploaded image", exc_info=True)
        return None


def strip_metadata(sender, instance, **kwargs):
    """pre_save receiver for the image and rendition models."""
    field_file = instance.file
    if not field_file or getattr(field_file, "_committed", True):
        return  # no new file: a title or focal point was edited
    try:
        field_file.open("rb")
        field_file.seek(0)
        data = field_file.read()
    except (OSError, ValueError):
        return
    cleaned = clean_image_bytes(data)
    if cleaned is None:
        field_file.seek(0)
        return
    name = field_file.name.rsplit("/", 1)[-1]
    # Assigning a new file also makes Django read the width and height again
    # (they swap when the orientation was applied).
    instance.file = ContentFile(cleaned, name=name)
    if hasattr(instance, "file_hash"):
        instance._set_image_file_metadata()
    logger.info("Removed metadata from %s", name)


def _no_exif_in_renditions():
    """Willow copies the original's EXIF block into every rendition it saves.

    Originals are cleaned on upload, but images stored before that (or by a
    path that skips ``pre_save``: Wagtail creates renditions in bulk) would
    still pass it on. Renditions are made after Wagtail applied the
    orientation, so they need none of it.
    """
    PillowImage.get_exif_data = lambda self: None


def connect():
    _no_exif_in_renditions()

    image_model = get_image_model()
    pre_save.connect(strip_metadata, sender=image_model, dispatch_uid="steunpunt_strip_image_metadata")
    pre_save.connect(
        strip_metadata, sender=image_model.get_rendition_model(), dispatch_uid="steunpunt_strip_rendition_metadata"
    )
