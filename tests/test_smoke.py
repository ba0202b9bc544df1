import pytest


@pytest.mark.parametrize(
    "path", ["/", "/stel-je-vraag/", "/sociale-kaart/", "/privacy/", "/toegankelijkheid/", "/en/", "/ar/"]
)
def test_public_pages_are_served(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
