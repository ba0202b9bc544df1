"""Helpers the browser tests share: axe plus reflow per page, Tab until an element, admin login.

Plain functions in a module of their own: with pytest's prepend import mode
conftest.py cannot be imported by name, but this directory is on sys.path
while its tests run, so ``from browser_helpers import ...`` works.
"""

import re

#: What has the focus now: tag, id and visible text.
FOCUS = "() => ({tag: document.activeElement.tagName, id: document.activeElement.id, text: document.activeElement.innerText})"

PASSWORD = "wachtwoord-123"  # the password of the role users in tests/conftest.py


def problems_on(visit, what, reflow=True, context=None):
    """axe WCAG 2.1 A/AA violations and, with ``reflow``, horizontal scrolling at 320 px (WCAG 1.4.10)."""
    page = visit.page
    found = [f"{what}: {violation}" for violation in visit.axe_violations(context=context)]
    if reflow:
        page.set_viewport_size({"width": 320, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            found.append(f"{what}: {overflow}px horizontal scrolling at 320px width")
        page.set_viewport_size({"width": 1280, "height": 900})
    return found


def tab_until(page, condition, limit=60):
    """Press Tab until ``condition(focused element)`` holds; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if condition(focused):
            return focused
    raise AssertionError("the keyboard never reached the element")


def login(visit, user, next_path):
    """Log in to the Wagtail admin as ``user`` and land on ``next_path``."""
    visit.goto(f"/admin/login/?next={next_path}")
    visit.page.fill("#id_username", user.username)
    visit.page.fill("#id_password", PASSWORD)
    visit.page.locator("form button[type=submit]").first.click()
    visit.page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def settle_messages(page):
    """Wait until Wagtail's messages have faded in: axe would measure their colours halfway."""
    page.wait_for_function(
        "() => { const m = document.querySelector('.messages');"
        " return !m || m.getAnimations({subtree: true}).every(a => a.playState !== 'running'); }"
    )
    page.wait_for_timeout(500)
