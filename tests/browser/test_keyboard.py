"""Keyboard users: a skip link first, every header control reachable, focus always visible."""

import pytest

pytestmark = pytest.mark.browser

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    id: el.id,
    tag: el.tagName,
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
    inHeader: !!el.closest('header'),
    key: el.tagName + '|' + (el.getAttribute('href') || el.id || el.name || el.innerText),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColor: style.outlineColor,
  };
}"""

HEADER_CONTROLS = """() => Array.from(document.querySelectorAll('header a[href], header input:not([type=hidden]), header button, header select'))
  .map(el => el.tagName + '|' + (el.getAttribute('href') || el.id || el.name || el.innerText))"""


@pytest.mark.parametrize("path", ["/", "/ar/"])
def test_keyboard_reaches_skip_link_header_and_sees_focus(visit, path):
    page = visit.page
    visit.goto(path)

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_STYLE)
    assert first["key"] == "A|#inhoud", "the first Tab stop is the skip link"
    assert page.locator(".skip-link").is_visible()
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "the focused skip link is on screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud", "the skip link moves focus to the main content"

    # From the top again: Tab through the header.
    visit.goto(path)
    header_controls = page.evaluate(HEADER_CONTROLS)
    assert len(header_controls) >= 8, "language links, home link, search and menu"
    reached = []
    for _ in range(len(header_controls) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["key"] == "A|#inhoud":
            continue
        if not focused["inHeader"]:
            break
        reached.append(focused["key"])
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, (
            f"focus on {focused['key']} is not visible: outline {focused['outlineStyle']} {focused['outlineWidth']}px"
        )
    assert reached == header_controls, "every link and control in the header, in reading order"

    # Focus stays visible in the main content and the footer too.
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["tag"] == "BODY":
            break
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused["key"]
