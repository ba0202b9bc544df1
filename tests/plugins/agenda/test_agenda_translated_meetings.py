"""A meeting translated with wagtail-localize is one meeting: its places and registrations are shared.

People who sign up on the English page take places of the Dutch (source)
page, the waiting list is one list, the listing in every language shows the
same places left, and staff find everybody on the Dutch meeting.
"""

import pytest
from agenda_signup_helpers import post_signup
from wagtail.models import Locale

from plugins.agenda import listing, services
from plugins.agenda.models import Aanmelding, Bezetting, Bijeenkomst

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("captcha_passes")]


@pytest.fixture
def nl_en(maak_bijeenkomst):
    """A Dutch meeting with 2 places and a waiting list, and its published English translation."""
    dutch = maak_bijeenkomst(capacity=2, max_persons=2, waiting_list=True)
    english = dutch.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Theme evening"
    english.save_revision().publish()
    return dutch, Bijeenkomst.objects.get(pk=english.pk)


def test_sign_up_on_the_translation_counts_on_the_source_page(client, nl_en, django_capture_on_commit_callbacks):
    dutch, english = nl_en
    response = post_signup(client, english, django_capture_on_commit_callbacks, prefix="/en", email="sam@example.org")
    assert response.status_code == 302
    aanmelding = Aanmelding.objects.get(email="sam@example.org")
    assert aanmelding.bijeenkomst_id == dutch.pk and aanmelding.language == "en"
    assert Bezetting.objects.get(bijeenkomst=dutch).confirmed == 1
    assert not Bezetting.objects.filter(bijeenkomst=english, confirmed__gt=0).exists()


def test_places_are_shared_between_the_languages(nl_en, gegevens):
    dutch, english = nl_en
    first, _ = services.aanmelden(dutch, **gegevens(email="a@example.org"))
    second, _ = services.aanmelden(english, **gegevens(email="b@example.org", language="en"))
    third, _ = services.aanmelden(english, **gegevens(email="c@example.org", language="en"))
    statuses = [a.status for a in (first, second, third)]
    assert statuses == [Aanmelding.Status.BEVESTIGD, Aanmelding.Status.BEVESTIGD, Aanmelding.Status.WACHTLIJST]
    bez = Bezetting.objects.get(bijeenkomst=dutch)
    assert (bez.confirmed, bez.waiting) == (2, 1)
    # The same address on the other language's page is the same registration, and stays as it was.
    again, created = services.aanmelden(dutch, **gegevens(email="B@example.org", name="Bea Bakker"))
    assert not created and again.pk == second.pk
    second.refresh_from_db()
    assert second.name != "Bea Bakker"


def test_listing_and_sign_up_page_show_the_shared_places_left(client, nl_en, gegevens):
    dutch, english = nl_en
    services.aanmelden(dutch, **gegevens(email="a@example.org"))
    assert services.plaatsen_over(english) == 1
    [decorated] = listing.decorate([Bijeenkomst.objects.get(pk=english.pk)])
    assert decorated.stand.places_left == 1
    services.aanmelden(dutch, **gegevens(email="b@example.org"))
    [decorated] = listing.decorate([Bijeenkomst.objects.get(pk=english.pk)])
    assert decorated.stand.places_left == 0 and decorated.stand.kind == "wachtlijst"


def test_closing_the_source_page_closes_the_translation(client, nl_en, django_capture_on_commit_callbacks):
    dutch, english = nl_en
    dutch.cancelled = True
    dutch.save_revision().publish()
    response = post_signup(client, english, django_capture_on_commit_callbacks, prefix="/en")
    assert response.status_code == 400
    assert not Aanmelding.objects.exists()


def test_staff_see_the_meeting_once_with_everybody(client, nl_en, gegevens, steunpunt_medewerker):
    from django.urls import reverse

    dutch, english = nl_en
    services.aanmelden(english, **gegevens(email="sam@example.org", name="Sam Jansen", language="en"))
    client.force_login(steunpunt_medewerker)
    html = client.get(reverse("agenda_admin:overview")).content.decode()
    assert reverse("agenda_admin:attendees", args=[dutch.pk]) in html
    assert reverse("agenda_admin:attendees", args=[english.pk]) not in html
    assert "Sam Jansen" in client.get(reverse("agenda_admin:attendees", args=[dutch.pk])).content.decode()


def test_mail_shows_the_meeting_in_the_registrants_language(client, nl_en, django_capture_on_commit_callbacks):
    from django.core import mail

    dutch, english = nl_en
    post_signup(client, english, django_capture_on_commit_callbacks, prefix="/en", email="sam@example.org")
    [message] = mail.outbox
    assert "Theme evening" in message.subject and "Theme evening" in message.body
    assert dutch.title not in message.body
