"""Retake the screenshots in this folder from a running demo site.

    ./install.sh --demo            # or any demo site on http://127.0.0.1:8000
    .venv/bin/python docs/screenshots/make.py [base-url]

Debian's Chromium (/usr/bin/chromium) takes them; the PNGs are reduced to
256 colours so the repository stays small. Look at every one before you commit.
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent
PAGES = {
    "home-nl": "/",
    "home-ar": "/ar/",
    "landelijk-nl": "/informatie/voor-ouders/passend-onderwijs/",
    "landelijk-ar": "/ar/informatie/for-parents/inclusive-education/",
}
#: (width, height of the window, how much of the page is kept)
SIZES = [(375, 800, 2000), (1280, 900, 2600)]


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for name, path in PAGES.items():
            for width, height, keep in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                response = page.goto(BASE + path)
                if response is None or response.status != 200:
                    sys.exit(f"make.py: {BASE + path} gave {response and response.status}")
                full = page.evaluate("document.documentElement.scrollHeight")
                png = page.screenshot(clip={"x": 0, "y": 0, "width": width, "height": min(full, keep)}, full_page=True)
                image = Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
                image.save(OUT / f"{name}-{width}.png", optimize=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main()
