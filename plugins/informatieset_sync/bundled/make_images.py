"""Draw the sample informatieset's illustrations (simple, original, flat shapes)."""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent / "assets"
BLUE, LIGHT, SKIN, DARK, GREEN, ORANGE = "#00539b", "#e6f0fa", "#e0b48c", "#1a1a1a", "#1e6b34", "#f0a030"
SIZE = (640, 400)


def person(draw, x, y, scale=1.0, colour=BLUE):
    r = int(28 * scale)
    draw.ellipse([x - r, y - r, x + r, y + r], fill=SKIN)
    draw.rounded_rectangle(
        [x - int(45 * scale), y + r + 8, x + int(45 * scale), y + r + int(150 * scale)],
        radius=int(30 * scale),
        fill=colour,
    )


def gesprek():
    img = Image.new("RGB", SIZE, LIGHT)
    d = ImageDraw.Draw(img)
    person(d, 190, 120, colour=BLUE)
    person(d, 450, 120, colour=GREEN)
    d.rectangle([110, 260, 530, 285], fill="#8a5a2b")
    d.rounded_rectangle([250, 40, 390, 95], radius=20, fill="white", outline=DARK, width=3)
    d.text((290, 58), "...", fill=DARK)
    return img


def stappen():
    img = Image.new("RGB", SIZE, LIGHT)
    d = ImageDraw.Draw(img)
    for i in range(5):
        d.rectangle([80 + i * 100, 330 - i * 55, 180 + i * 100, 360], fill=BLUE if i % 2 else GREEN)
    person(d, 530, 60, scale=0.6, colour=ORANGE)
    return img


def school():
    img = Image.new("RGB", SIZE, LIGHT)
    d = ImageDraw.Draw(img)
    d.rectangle([150, 170, 490, 360], fill="#c0392b")
    d.polygon([(130, 175), (320, 60), (510, 175)], fill=DARK)
    for x in (190, 270, 370, 450):
        d.rectangle([x - 25, 210, x + 25, 260], fill="white")
    d.rectangle([295, 280, 345, 360], fill="#6b3d1e")
    d.rectangle([0, 360, 640, 400], fill=GREEN)
    return img


def jongere():
    img = Image.new("RGB", SIZE, LIGHT)
    d = ImageDraw.Draw(img)
    person(d, 320, 100, scale=1.2, colour=BLUE)
    d.rounded_rectangle([375, 150, 440, 260], radius=15, fill=ORANGE)
    d.rectangle([0, 360, 640, 400], fill=GREEN)
    return img


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    for name, draw in {"gesprek": gesprek, "stappen": stappen, "school": school, "jongere": jongere}.items():
        draw().save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png")
