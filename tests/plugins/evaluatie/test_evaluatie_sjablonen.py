"""Ready-made forms: an editor starts a new evaluation form from a template, as a draft."""

import pytest
from django.urls import reverse

from distro.core.models import ContentPage
from plugins.evaluatie.models import Doelgroep, Evaluatieformulier, Soort
from plugins.evaluatie.sjablonen import SJABLONEN

pytestmark = pytest.mark.django_db


@pytest.fixture
def uw_mening(home):
    page = home.add_child(instance=ContentPage(title="Uw mening", slug="uw-mening"))
    page.save_revision().publish()
    return page


def test_there_is_a_template_for_every_audience_and_kind_and_each_is_a_valid_form(uw_mening):
    combinations = {(s.doelgroep, s.soort) for s in SJABLONEN}
    wanted = {(d, s) for d in (Doelgroep.OUDERS, Doelgroep.JONGEREN, Doelgroep.KINDEREN) for s in Soort.values}
    assert combinations == wanted
    for sjabloon in SJABLONEN:
        page = Evaluatieformulier(
            title=sjabloon.title, slug=sjabloon.key, vragen=list(sjabloon.vragen), intro=sjabloon.intro
        )
        uw_mening.add_child(instance=page)  # full_clean: the questions are valid blocks
        assert any(block.value["verplicht"] for block in page.vragen)
    # Children answer with faces, not with agree/disagree or a grade.
    for sjabloon in SJABLONEN:
        if sjabloon.doelgroep == Doelgroep.KINDEREN:
            assert {kind for kind, _value in sjabloon.vragen} <= {"smiley", "ja_nee", "open"}


def test_an_editor_makes_a_draft_from_a_template_and_lands_in_the_editor(client, redacteur, uw_mening):
    client.force_login(redacteur)
    explorer = client.get(reverse("wagtailadmin_explore", args=[uw_mening.pk])).content.decode()
    url = reverse("evaluatie_admin:sjabloon", args=[uw_mening.pk])
    assert url in explorer and "Evaluatieformulier uit sjabloon" in explorer

    assert client.post(url, {}).status_code == 400
    assert "Kies een sjabloon." in client.post(url, {}).content.decode()
    assert client.post(url, {"sjabloon": "volwassenen-feest"}).status_code == 400
    assert not Evaluatieformulier.objects.exists()

    for _ in range(2):  # twice: the second gets a slug of its own
        response = client.post(url, {"sjabloon": "jongeren-gesprek"})
    forms = Evaluatieformulier.objects.order_by("pk")
    assert [f.slug for f in forms] == ["hoe-was-je-gesprek-met-het-steunpunt", "hoe-was-je-gesprek-met-het-steunpunt-2"]
    page = forms.last()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.owner == redacteur and page.doelgroep == Doelgroep.JONGEREN
    assert page.get_parent().pk == uw_mening.pk and page.get_latest_revision() is not None
    editor = client.get(response["Location"]).content.decode()
    assert "Het formulier is gemaakt als concept" in editor and "Hoe vond je het gesprek?" in editor


@pytest.mark.parametrize("role", ["beheerder", "steunpunt_medewerker", "bestuurder"])
def test_who_may_not_add_pages_gets_no_button_and_a_403(client, uw_mening, role, request):
    client.force_login(request.getfixturevalue(role))
    url = reverse("evaluatie_admin:sjabloon", args=[uw_mening.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"sjabloon": "ouders-bijeenkomst"}).status_code == 403
    assert not Evaluatieformulier.objects.exists()


def test_not_under_a_page_where_forms_cannot_live(client, redacteur, home):
    client.force_login(redacteur)
    assert client.get(reverse("evaluatie_admin:sjabloon", args=[home.pk])).status_code == 403
    explorer = client.get(reverse("wagtailadmin_explore", args=[home.get_parent().pk])).content.decode()
    assert reverse("evaluatie_admin:sjabloon", args=[home.pk]) not in explorer
