"""The demo's logo and home page picture, drawn here with Pillow: no files to download, no third parties."""

import io

from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

BLUE = (0, 83, 155)
DARK = (0, 52, 97)
SKY = (226, 238, 248)
GREEN = (94, 160, 110)
SAND = (244, 214, 160)
SKIN = (224, 172, 130)
SKIN_DARK = (150, 100, 70)
ORANGE = (236, 140, 60)
WHITE = (255, 255, 255)


def _png(image, colours=48):
    """A small PNG: few colours, like a flat illustration needs."""
    buffer = io.BytesIO()
    image.convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def draw_logo(size=256):
    """A parent and a child under one roof, white on the theme's blue."""
    scale = 4  # draw large, then shrink: smooth edges
    s = size * scale
    image = Image.new("RGB", (s, s), WHITE)
    d = ImageDraw.Draw(image)
    d.rounded_rectangle([0, 0, s - 1, s - 1], radius=s // 5, fill=BLUE)
    u = s / 16
    d.line([(3 * u, 7 * u), (8 * u, 2.8 * u), (13 * u, 7 * u)], fill=WHITE, width=int(1.1 * u), joint="curve")
    d.ellipse([5 * u, 6.2 * u, 7.4 * u, 8.6 * u], fill=WHITE)  # parent
    d.rounded_rectangle([4.3 * u, 9.2 * u, 8.1 * u, 13.4 * u], radius=int(1.6 * u), fill=WHITE)
    d.ellipse([9.2 * u, 8 * u, 11 * u, 9.8 * u], fill=SAND)  # child
    d.rounded_rectangle([8.7 * u, 10.3 * u, 11.5 * u, 13.4 * u], radius=int(1.2 * u), fill=SAND)
    return _png(image.resize((size, size), Image.Resampling.LANCZOS), 32)


def _person(d, x, base, height, body, skin, hair):
    """A simple standing figure with its feet at (x, base)."""
    head = height * 0.2
    d.rounded_rectangle(
        [x - height * 0.17, base - height * 0.78, x + height * 0.17, base - height * 0.1],
        radius=int(height * 0.12),
        fill=body,
    )
    d.rectangle([x - height * 0.12, base - height * 0.2, x - height * 0.03, base], fill=DARK)
    d.rectangle([x + height * 0.03, base - height * 0.2, x + height * 0.12, base], fill=DARK)
    d.ellipse([x - head / 2 - 4, base - height - 4, x + head / 2 + 4, base - height + head * 0.55], fill=hair)
    d.ellipse([x - head / 2, base - height, x + head / 2, base - height + head], fill=skin)


def draw_hero(width=960, height=720):
    """A parent and a child walking to school on a sunny day."""
    scale = 2
    w, h = width * scale, height * scale
    image = Image.new("RGB", (w, h), SKY)
    d = ImageDraw.Draw(image)
    d.ellipse([w * 0.68, h * 0.08, w * 0.9, h * 0.08 + w * 0.22], fill=(255, 214, 102))  # sun
    d.ellipse([-w * 0.3, h * 0.62, w * 0.8, h * 1.4], fill=(178, 214, 170))  # hills
    d.ellipse([w * 0.35, h * 0.66, w * 1.4, h * 1.5], fill=(150, 196, 146))
    # The school
    sx, sy, sw, sh = w * 0.52, h * 0.34, w * 0.38, h * 0.36
    d.rectangle([sx, sy, sx + sw, sy + sh], fill=(250, 244, 234))
    d.polygon([(sx - w * 0.02, sy), (sx + sw / 2, sy - h * 0.13), (sx + sw + w * 0.02, sy)], fill=ORANGE)
    for row in range(2):
        for col in range(3):
            if row == 1 and col == 1:
                continue  # the door
            wx = sx + sw * (0.1 + col * 0.3)
            wy = sy + sh * (0.15 + row * 0.38)
            d.rectangle([wx, wy, wx + sw * 0.18, wy + sh * 0.22], fill=(120, 170, 214))
    d.rectangle([sx + sw * 0.42, sy + sh * 0.62, sx + sw * 0.58, sy + sh], fill=BLUE)
    d.rectangle([w * 0, h * 0.82, w, h], fill=(128, 180, 128))
    # The path
    d.polygon([(w * 0.2, h), (w * 0.62, h * 0.7), (w * 0.68, h * 0.7), (w * 0.5, h)], fill=SAND)
    # Parent and child, holding hands
    base = h * 0.93
    _person(d, w * 0.2, base, h * 0.46, BLUE, SKIN_DARK, (40, 30, 30))
    _person(d, w * 0.34, base, h * 0.3, ORANGE, SKIN, (120, 70, 40))
    d.line(
        [(w * 0.2 + h * 0.07, base - h * 0.2), (w * 0.34 - h * 0.05, base - h * 0.13)],
        fill=SKIN_DARK,
        width=int(h * 0.02),
    )
    # A tree
    d.rectangle([w * 0.43, h * 0.5, w * 0.45, h * 0.84], fill=(120, 84, 60))
    d.ellipse([w * 0.37, h * 0.34, w * 0.51, h * 0.56], fill=GREEN)
    return _png(image.resize((width, height), Image.Resampling.LANCZOS), 64)


def demo_image(title, data, filename):
    """The Wagtail image with this title, made once."""
    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing
    image = Image_(title=title)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image
