"""A Redacteur makes a meeting in the real admin, by clicking and typing, without any JSON.

Log in, add a theme in "Thema's en doelgroepen", open "Bijeenkomsten", click
"Nieuwe bijeenkomst", fill in title, date and time and place, tick "Ouders" and
the new theme, publish, and find the meeting on the public agenda with the
theme as a filter. axe (WCAG 2.1 A/AA) and 320 px reflow on every screen.
"""

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from distro.testing.browser import login, problems_on
from plugins.agenda.formatting import AMSTERDAM
from plugins.agenda.models import Bijeenkomst, Thema

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("AGENDA_SHOTS")  # a folder: save screenshots there (to look at, not asserted)


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def textbox(page, label):
    """The field with this label (Wagtail also labels the panel and its anchor links with it)."""
    return page.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


def test_redacteur_creates_and_publishes_a_meeting_with_a_new_theme(visit, redacteur):
    page = visit.page
    problems = []
    login(visit, redacteur, "/admin/")

    # 1. A new theme in the list meetings choose from.
    page.get_by_role("button", name="Thema's en doelgroepen").click()
    page.get_by_role("link", name="Thema's", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/snippets/agenda/thema/$"))
    assert page.get_by_role("link", name="Passend onderwijs").is_visible()
    problems += problems_on(visit, "thema's")
    shot(page, "1-themas")
    page.locator("a[href$='/admin/snippets/agenda/thema/add/']").first.click()
    textbox(page, "Naam").fill("Dyslexie en school")
    problems += problems_on(visit, "thema toevoegen")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r"/admin/snippets/agenda/thema/$"))
    assert Thema.objects.get(name="Dyslexie en school").slug == "dyslexie-en-school"

    # 2. "Bijeenkomsten" → "Nieuwe bijeenkomst".
    page.get_by_role("link", name="Bijeenkomsten").first.click()
    page.wait_for_url(re.compile(r"/admin/bijeenkomsten/$"))
    problems += problems_on(visit, "bijeenkomsten")
    shot(page, "2-bijeenkomsten")
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()
    page.wait_for_url(re.compile(r"/admin/pages/add/agenda/bijeenkomst/\d+/$"))

    # 3. The form: title, who and what as checkboxes, a date, a place.
    textbox(page, "Titel").first.fill("Thema-avond: dyslexie en school")
    textbox(page, "Samenvatting").fill(
        "Wat kan de school doen bij dyslexie? Een avond met uitleg en tijd voor uw vragen."
    )
    # (Wagtail puts the field's label above the boxes as a heading; the boxes are in #id_<field>.)
    page.locator("#id_audiences").get_by_role("checkbox", name="Ouders").check()
    page.locator("#id_themes").get_by_role("checkbox", name="Dyslexie en school").check()
    start = (timezone.now() + timedelta(days=20)).astimezone(AMSTERDAM).replace(hour=19, minute=30)
    textbox(page, "Begin").first.fill(start.strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Escape")
    textbox(page, "Einde").first.fill((start + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"))
    page.keyboard.press("Escape")
    textbox(page, "Naam van de plek").click()  # a click outside closes the date picker
    textbox(page, "Naam van de plek").fill("Bibliotheek Centrum, zaal 2")
    textbox(page, "Adres").fill("Stationsplein 1\n1234 AB Voorbeeldstad")
    page.locator("#id_audiences").scroll_into_view_if_needed()
    shot(page, "3-nieuwe-bijeenkomst")
    # Wagtail's own date picker (jQuery xdsoft, added to <body>) has unnamed arrow buttons;
    # it is not ours to change, so axe looks at everything else on the editor.
    problems += problems_on(visit, "nieuwe bijeenkomst", context={"exclude": [[".xdsoft_datetimepicker"]]})

    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(state="hidden")
    page.get_by_role("button", name=re.compile("Meer acties|More actions")).first.click()
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    meeting = Bijeenkomst.objects.get(title="Thema-avond: dyslexie en school")
    assert meeting.live
    assert [a.slug for a in meeting.audiences.all()] == ["ouders"]
    assert [t.name for t in meeting.themes.all()] == ["Dyslexie en school"]

    # 4. The public agenda: the meeting, and its theme as a filter.
    visit.goto("/agenda/")
    assert page.get_by_role("link", name="Thema-avond: dyslexie en school").is_visible()
    page.get_by_label("Thema").select_option(label="Dyslexie en school")
    page.get_by_role("button", name="Toon bijeenkomsten").click()
    page.wait_for_url(re.compile(r"thema=dyslexie-en-school"))
    assert page.locator("main .agenda-card .card__title").all_inner_texts() == ["Thema-avond: dyslexie en school"]
    problems += problems_on(visit, "agenda met themafilter")
    shot(page, "4-agenda-gefilterd")
    page.get_by_role("link", name="Thema-avond: dyslexie en school").click()
    assert page.get_by_text("Dyslexie en school").first.is_visible()
    problems += problems_on(visit, "de nieuwe bijeenkomst")
    shot(page, "5-bijeenkomst")
    visit.goto("/")
    shot(page, "6-home-binnenkort")
    assert problems == []
