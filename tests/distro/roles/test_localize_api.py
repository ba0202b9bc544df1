from distro.contact.models import Vraag


def test_localize_snippet_api_hides_steunpunt_records_from_other_roles(client, site, redacteur, superuser):
    Vraag.objects.create(role="ouder", question="Geheim", email="a@example.org")
    url = "/admin/localize/api/snippets/contact/vraag/"
    for user in (redacteur, superuser):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_localize_snippet_api_still_serves_translatable_snippets(client, site, redacteur):
    client.force_login(redacteur)
    response = client.get("/admin/localize/api/snippets/socialekaart/organisatie/")
    assert response.status_code == 200
    assert any("Jeugdteam" in row["title"] for row in response.json())
