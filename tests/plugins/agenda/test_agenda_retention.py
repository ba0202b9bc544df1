"""Retention: registrations lose their personal data N days after the meeting; counts stay."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from distro.extensions import retention_rules
from distro.jobs.runner import run_due_jobs
from distro.outbox.models import Verzending
from plugins.agenda import services
from plugins.agenda.models import Aanmelding, Bezetting
from plugins.agenda.retention import RULE_NAME

pytestmark = pytest.mark.django_db


def voorbij(maak_bijeenkomst, dagen_geleden, **fields):
    """A meeting whose (last) date ended ``dagen_geleden`` days ago."""
    end = timezone.now() - timedelta(days=dagen_geleden)
    return maak_bijeenkomst(sessies=[(end - timedelta(hours=2), end)], **fields)


def aanmelding(bijeenkomst, n, **fields):
    defaults = {
        "status": Aanmelding.Status.BEVESTIGD,
        "persons": 1,
        "role": Aanmelding.Rol.OUDER,
        "name": f"Ouder {n}",
        "email": f"ouder{n}@example.org",
        "answers": [{"question": "Wat wilt u bespreken?", "answer": f"Geheim {n}"}],
        "language": "nl",
    }
    return Aanmelding.objects.create(bijeenkomst=bijeenkomst, **(defaults | fields))


def vul(bijeenkomst):
    """Two parents (one with 2 persons) who came, a young person who did not, a professional
    not checked in, someone waiting and someone who cancelled."""
    rows = [
        aanmelding(bijeenkomst, 1, persons=2, attended=True),
        aanmelding(bijeenkomst, 2, attended=True),
        aanmelding(bijeenkomst, 3, role=Aanmelding.Rol.JONGERE, attended=False),
        aanmelding(bijeenkomst, 4, role=Aanmelding.Rol.PROFESSIONAL),
        aanmelding(bijeenkomst, 5, status=Aanmelding.Status.WACHTLIJST),
        aanmelding(bijeenkomst, 6, status=Aanmelding.Status.GEANNULEERD, cancelled_at=timezone.now()),
    ]
    services.bezetting(bijeenkomst)
    services.herbereken(bijeenkomst)
    return rows


def purge():
    rule = retention_rules.get(RULE_NAME)
    return rule.purge(timezone.now() - timedelta(days=rule.days()))


def test_rule_is_registered_with_the_setting_and_its_default():
    rule = retention_rules.get(RULE_NAME)
    assert rule.days() == 30
    with override_settings(STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN=7):
        assert rule.days() == 7


def test_personal_data_is_wiped_after_the_period_and_counts_stay(maak_bijeenkomst):
    bijeenkomst = voorbij(maak_bijeenkomst, 31)
    rows = vul(bijeenkomst)
    tokens = {a.pk: a.token for a in rows}
    # Failed mails in the outbox: the provider's answer quotes the address.
    for kind in ("agenda.status", "agenda.herinnering"):
        Verzending.objects.create(
            kind=kind, object_id=rows[0].pk, status=Verzending.Status.MISLUKT, error="550 <ouder1@example.org>"
        )
    assert purge() == 6
    assert not Verzending.objects.filter(kind__startswith="agenda.", object_id__in=tokens).exists()
    for a in Aanmelding.objects.filter(bijeenkomst=bijeenkomst):
        assert (a.name, a.email, a.answers, a.mail_error, a.language) == ("", "", [], "", "")
        assert a.anonymised_at is not None
        assert a.token != tokens[a.pk]  # old cancel links point nowhere
    # What is left says nothing about who: status, persons, role and attendance only.
    kept = sorted(
        Aanmelding.objects.filter(bijeenkomst=bijeenkomst).values_list("status", "persons", "role", "attended")
    )
    assert len(kept) == 6
    bezetting = Bezetting.objects.get(bijeenkomst=bijeenkomst)
    assert (bezetting.confirmed, bezetting.waiting) == (5, 1)
    assert (bezetting.attended, bezetting.no_show) == (3, 1)
    assert bezetting.by_role == {"jongere": 1, "ouder": 3, "professional": 1}
    # Running again changes nothing.
    assert purge() == 0
    bezetting.refresh_from_db()
    assert (bezetting.attended, bezetting.no_show, bezetting.confirmed) == (3, 1, 5)


def test_not_before_the_period_ends(maak_bijeenkomst):
    recent = voorbij(maak_bijeenkomst, 29)
    vul(recent)
    assert purge() == 0
    assert Aanmelding.objects.filter(bijeenkomst=recent, anonymised_at__isnull=True).count() == 6
    with override_settings(STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN=28):
        assert purge() == 6


def test_a_course_counts_from_its_last_date(maak_bijeenkomst):
    now = timezone.now()
    cursus = maak_bijeenkomst(
        soort="cursus",
        sessies=[
            (now - timedelta(days=60), now - timedelta(days=60) + timedelta(hours=2)),
            (now - timedelta(days=10), now - timedelta(days=10) + timedelta(hours=2)),
        ],
    )
    aanmelding(cursus, 1)
    assert purge() == 0
    assert Aanmelding.objects.get(bijeenkomst=cursus).name == "Ouder 1"


def test_cancelled_and_upcoming_meetings(maak_bijeenkomst):
    afgelast = voorbij(maak_bijeenkomst, 40, cancelled=True)
    komend = maak_bijeenkomst()
    aanmelding(afgelast, 1)
    aanmelding(komend, 2)
    assert purge() == 1
    assert Aanmelding.objects.get(bijeenkomst=afgelast).email == ""
    assert Aanmelding.objects.get(bijeenkomst=komend).email == "ouder2@example.org"


def test_the_core_retention_job_runs_the_rule(maak_bijeenkomst):
    bijeenkomst = voorbij(maak_bijeenkomst, 45)
    vul(bijeenkomst)
    outcomes = run_due_jobs(names=["retentie"], force=True)
    assert [o.status for o in outcomes] == ["ok"], outcomes
    assert not Aanmelding.objects.filter(bijeenkomst=bijeenkomst).exclude(email="").exists()


def test_staff_see_that_data_was_removed_and_exports_leave_it_out(client, steunpunt_medewerker, maak_bijeenkomst):
    bijeenkomst = voorbij(maak_bijeenkomst, 31)
    vul(bijeenkomst)
    purge()
    client.force_login(steunpunt_medewerker)
    html = client.get(reverse("agenda_admin:attendees", args=[bijeenkomst.pk])).content.decode()
    assert "Gegevens verwijderd" in html and "Ouder 1" not in html and "Geheim" not in html
    csv = client.get(reverse("agenda_admin:export", args=[bijeenkomst.pk, "csv"])).content.decode("utf-8-sig")
    assert csv.strip().count("\n") == 0  # the header only
    # Anonymised registrations cannot be checked in, cancelled or moved any more.
    a = Aanmelding.objects.filter(bijeenkomst=bijeenkomst).first()
    assert client.post(reverse("agenda_admin:checkin", args=[a.pk]), {"aanwezig": "nee"}).status_code == 404
    assert client.post(reverse("agenda_admin:cancel", args=[a.pk])).status_code == 404


def test_the_form_states_the_retention_period(maak_bijeenkomst):
    from plugins.agenda.forms import AanmeldenForm

    bijeenkomst = maak_bijeenkomst()
    with override_settings(STEUNPUNT_AANMELDING_BEWAARTERMIJN_DAGEN=45):
        form = AanmeldenForm(bijeenkomst=bijeenkomst, retention_days=Aanmelding.retention_days())
    assert "45 dagen na de bijeenkomst" in str(form.fields["consent"].help_text)
