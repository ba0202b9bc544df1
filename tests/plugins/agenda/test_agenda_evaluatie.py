"""The agenda and evaluatie together: who came to a meeting is invited to evaluate it, by e-mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from distro.jobs.runner import run_due_jobs
from plugins.agenda import jobs, services
from plugins.agenda.models import Aanmelding
from plugins.evaluatie import results
from plugins.evaluatie.forms import field_name
from plugins.evaluatie.models import Evaluatieformulier, Kanaal, Reactie, Uitnodiging

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("captcha_passes")]


def test_people_who_came_get_an_invitation_and_their_answer_counts_for_that_meeting(
    maak_bijeenkomst, gegevens, home, client, django_capture_on_commit_callbacks
):
    jobs.announce_ended_meetings()  # the demo site's own past meetings first
    Uitnodiging.objects.all().delete()
    form = home.add_child(
        instance=Evaluatieformulier(
            title="Hoe was de bijeenkomst?",
            slug="hoe-was-de-bijeenkomst",
            vragen=[("likert", {"vraag": "De avond was nuttig", "uitleg": "", "verplicht": True})],
            na_bijeenkomst=True,
            uren_na_afloop=0,
        )
    )
    form.save_revision().publish()
    b = maak_bijeenkomst(capacity=5, begint_over=timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.aanmelden(b, **gegevens(email="kwam@example.org"))
        niet, _ = services.aanmelden(b, **gegevens(email="niet@example.org"))
    Aanmelding.objects.filter(pk=niet.pk).update(attended=False)
    b.sessies.update(start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(minutes=1))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run_due_jobs(names=["agenda_afgelopen"], force=True)
        run_due_jobs(names=["evaluatie_uitnodigingen"], force=True)
    assert [m.to for m in mail.outbox] == [["kwam@example.org"]]
    code = re.search(r"/evaluatie/c/([A-Z0-9-]+)/", mail.outbox[0].body).group(1)
    assert b.title in mail.outbox[0].body

    assert client.get(reverse("evaluatie:uitnodiging", kwargs={"code": code})).status_code == 200
    invitation = Uitnodiging.objects.get(kanaal=Kanaal.MAIL)
    assert invitation.onderwerp == f"agenda.bijeenkomst:{b.pk}" and invitation.keer_gebruikt == 0

    started = client.post(form.url, {"code": code})
    questions = client.get(started["Location"]).content.decode()
    ticket = re.search(r'name="toegang" value="([^"]+)"', questions).group(1)
    protection = {"website": "", "captcha_0": "x", "captcha_1": "PASSED"}
    client.post(form.url, {"toegang": ticket, field_name(form.vragen[0].id): "5", **protection})
    assert Reactie.objects.get().onderwerp == f"agenda.bijeenkomst:{b.pk}"
    assert results.invitation_rates(form.translation_key, invitation.onderwerp) == {"mail": ("< 5", "< 5")}
