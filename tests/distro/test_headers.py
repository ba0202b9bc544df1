"""Security headers: the admin's CSP, Permissions-Policy everywhere, documents only through Wagtail's view.

Also checks the web-server configurations documented in docs/installing.md:
operators copy them as they are.
"""

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

DOCS = Path(__file__).resolve().parents[2] / "docs" / "installing.md"


def directives(header):
    parsed = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            parsed[tokens[0]] = tokens[1:]
    return parsed


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/pages/"])
def test_admin_pages_have_a_strict_content_security_policy(client, site, superuser, path):
    if path != "/admin/login/":
        client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'self'"]  # the page preview; no other site may frame the admin
    for directive in ("script-src", "style-src", "img-src", "connect-src", "font-src", "frame-src"):
        sources = csp.get(directive, csp["default-src"])
        assert "*" not in sources and not any(s.startswith(("http", "https")) for s in sources), directive
    assert "'unsafe-eval'" not in csp["script-src"]
    assert set(csp["img-src"]) == {"'self'", "data:", "blob:"}


def test_public_pages_keep_their_own_stricter_policy(client, site):
    csp = directives(client.get("/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("path", ["/", "/stel-je-vraag/", "/admin/login/", "/bestaat-niet/", "/robots.txt"])
def test_every_response_has_a_permissions_policy(client, site, path):
    response = client.get(path)
    policy = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert policy[feature] == "()", feature


def test_logged_in_admin_responses_have_a_permissions_policy(client, site, redacteur):
    client.force_login(redacteur)
    response = client.get("/admin/")
    assert "camera=()" in response["Permissions-Policy"]


def test_documents_are_served_through_wagtails_view_with_nosniff(client, site, settings, tmp_path):
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = tmp_path
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    document = Document.objects.create(
        title="Folder", file=ContentFile(b"<html><script>alert(1)</script>", name="folder.txt")
    )
    assert document.url.startswith("/documenten/")  # links point at the view, not at /media/
    response = client.get(document.url)
    assert response.status_code == 200  # served, not a redirect to /media/documents/...
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == b"<html><script>alert(1)</script>"
    # The demo's own /media/ route does not serve documents past the view either.
    assert client.get(f"/media/{document.file.name}").status_code == 404


# --- The documented web-server configurations ------------------------------------------


def block(language, section="## De webserver met HTTPS"):
    """The one ``language`` block of a section (the front-cache section has its own, tested apart)."""
    text = DOCS.read_text(encoding="utf-8").split(section, 1)[1].split("\n## ", 1)[0]
    found = re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)
    assert len(found) == 1, f"docs/installing.md should have exactly one ```{language} block in '{section}'"
    return found[0]


def nginx_locations(config):
    return {m.group(1).strip(): m.group(2) for m in re.finditer(r"location\s+([^{]+)\{([^}]*)\}", config)}


def test_documented_nginx_config_never_serves_documents_directly_and_sets_nosniff():
    locations = nginx_locations(block("nginx"))
    media = locations["/media/"]
    assert "alias /srv/steunpunt/app/var/media/;" in media
    assert re.search(r"add_header\s+X-Content-Type-Options\s+nosniff\s+always;", media)
    # /media/documents/ only as a refusal, and with ^~ so the /media/ alias can never win.
    documents = [(prefix, body) for prefix, body in locations.items() if "/media/documents" in prefix]
    assert documents == [("^~ /media/documents/", documents[0][1])]
    assert (
        re.search(r"return\s+404;", documents[0][1])
        and "alias" not in documents[0][1]
        and "root" not in documents[0][1]
    )
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in locations["/"]


def test_documented_caddy_config_never_serves_documents_directly_and_sets_nosniff():
    config = block("caddy")
    documents = re.search(r"handle /media/documents/\* \{(.*?)\}", config, flags=re.S)
    assert documents and "respond 404" in documents.group(1) and "file_server" not in documents.group(1)
    media = re.search(r"handle_path /media/\* \{(.*?)\}", config, flags=re.S).group(1)
    assert "header X-Content-Type-Options nosniff" in media and "file_server" in media
    # Caddy's handle blocks are mutually exclusive and the more specific path wins.
    assert config.index("handle /media/documents/*") < config.index("handle_path /media/*")
