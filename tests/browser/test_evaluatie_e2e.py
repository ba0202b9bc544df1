"""A parent answers an evaluation through an invitation; a steunpunt worker sees it in the dashboard.

In a real Chromium, through the real pages and the real Wagtail admin. The
invitation code is made with the service (the mail that carries it comes
from the agenda, tested there); everything after the link is clicked and typed.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from distro.testing.browser import login, problems_on
from plugins.evaluatie import services
from plugins.evaluatie.models import Evaluatieformulier, Kanaal, Reactie

pytestmark = pytest.mark.browser

SHOTS = "var/screenshots"


@pytest.fixture
def avond(home):
    page = home.add_child(
        instance=Evaluatieformulier(
            title="Hoe was de thema-avond?",
            slug="hoe-was-het",
            intro="<p>Drie korte vragen over de avond.</p>",
            vragen=[
                ("likert", {"vraag": "De avond was nuttig", "uitleg": "", "verplicht": True}),
                ("smiley", {"vraag": "Hoe vond je het?", "uitleg": "Kies een gezicht.", "verplicht": False}),
                ("open", {"vraag": "Wat kan beter?", "uitleg": "", "verplicht": False}),
            ],
            open_vanaf=timezone.now() - timedelta(days=1),
        )
    )
    page.save_revision().publish()
    page.refresh_from_db()
    likert = page.vragen[0].id
    for i in range(4):  # four earlier answers of "helemaal mee eens": with this one, five
        services.store_response(page, services.Ticket(str(page.translation_key), "", f"eerder{i}"), {likert: [(5, "")]})
    return page


def test_a_parent_answers_through_an_invitation_and_staff_see_it(visit, avond, captcha_test_mode, steunpunt_medewerker):
    page = visit.page
    code = services.invite(avond, Kanaal.MAIL)
    visit.goto(f"/evaluatie/c/{code}/")  # the link in the e-mail
    page.get_by_role("button", name="Begin met de vragen").click()
    page.wait_for_url(lambda url: "?t=" in url)
    assert page.get_by_role("heading", name="De vragen").is_visible()

    # Sent without the required answer: the errors, in Dutch, and nothing stored.
    page.get_by_label("Wat kan beter?", exact=True).fill("Meer tijd voor vragen")
    page.locator("#id_captcha_1").fill("passed")
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_role("alert").is_visible() and "Geef hier een antwoord." in page.content()
    assert Reactie.objects.count() == 4
    assert problems_on(visit, "the form with errors") == []
    page.screenshot(path=f"{SHOTS}/evaluatie-fouten.png", full_page=True)

    page.get_by_role("group", name="De avond was nuttig").get_by_label("Helemaal mee eens").check()
    page.get_by_role("group", name="Hoe vond je het?").get_by_label("Goed", exact=True).check()
    page.locator("#id_captcha_1").fill("passed")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(lambda url: url.endswith("?bedankt=1"))
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "Dank u wel!"
    assert Reactie.objects.count() == 5

    login(visit, steunpunt_medewerker, "/admin/")
    page.get_by_role("link", name="Evaluaties").first.click()
    page.get_by_role("link", name="Uitkomsten Hoe was de thema-avond?").click()
    page.wait_for_url(lambda url: url.endswith(f"/admin/evaluaties/{avond.pk}/"))
    page.get_by_text("Aantal reacties: 5").wait_for()
    table = page.get_by_role("table", name="Antwoorden op vraag 1")
    assert table.get_by_role("row", name="Helemaal mee eens 5").is_visible()  # this answer made it five
    assert problems_on(visit, "the dashboard", reflow=False) == []
    page.locator(".evaluatie-results__chart").first.scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/evaluatie-dashboard.png")

    # At the end of a phone call: a code to read out.
    page.get_by_role("link", name="Evaluaties").first.click()
    page.get_by_role("link", name="Uitnodiging maken").click()
    page.get_by_label("Formulier").select_option(label="Hoe was de thema-avond?")
    page.get_by_role("button", name="Maak de uitnodiging").click()
    code = page.locator(".evaluatie-invitation__code").inner_text()
    assert services.redeem(code).formulier == str(avond.translation_key)
    assert problems_on(visit, "the new invitation", reflow=False) == []
    page.screenshot(path=f"{SHOTS}/evaluatie-uitnodiging.png")
