"""Privacy by default: no cookies without a form, no third-party requests, strict headers."""

import hashlib
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import resolve

pytestmark = pytest.mark.django_db

#: Public pages without a POST form, in Dutch and in another language.
PAGES_WITHOUT_FORM = [
    "/",
    "/zo-werkt-het-in-onze-regio/",
    "/privacy/",
    "/toegankelijkheid/",
    "/sociale-kaart/",
    "/sociale-kaart/?q=jeugd&thema=&gemeente=",  # the filter form is a GET form
    "/zoeken/",
    "/zoeken/?q=school",
    "/en/",
    "/ar/sociale-kaart/",
    "/en/zoeken/?q=school",
    # The contact page links to the question form, which has a page of its own.
    "/stel-je-vraag/",
    "/ar/stel-je-vraag/",
]
CONTACT_PAGES = ["/stel-je-vraag/vraag/", "/ar/stel-je-vraag/vraag/", "/stel-je-vraag/bedankt/"]
ALL_PUBLIC = PAGES_WITHOUT_FORM + CONTACT_PAGES

#: Elements whose attribute makes the browser fetch something (or send a form) on its own.
REQUESTING = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "form": ["action"],
    "button": ["formaction"],
}


@pytest.mark.parametrize("path", PAGES_WITHOUT_FORM)
def test_anonymous_page_views_set_no_cookies(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert dict(response.cookies) == {}
    assert "Set-Cookie" not in response.headers
    # Nothing on the page needs a cookie either: a form that posts (e.g. "Was deze informatie
    # nuttig?") goes to a view that takes no CSRF token, so it needs no cookie.
    html = BeautifulSoup(response.content, "html.parser")
    for form in html.find_all("form", method=lambda m: m and m.lower() == "post"):
        view = resolve(form.get("action") or path).func
        assert getattr(view, "csrf_exempt", False), f"{form.get('action')} needs a CSRF cookie"


@pytest.mark.parametrize("path", ["/stel-je-vraag/vraag/", "/ar/stel-je-vraag/vraag/"])
def test_the_question_form_sets_only_the_csrf_cookie_and_no_cache_keeps_it(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(response.cookies) == {"csrftoken"}
    cookie = response.cookies["csrftoken"]
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_thanks_page_sets_no_cookies(client, site):
    response = client.get("/stel-je-vraag/bedankt/")
    assert response.status_code == 200 and dict(response.cookies) == {}


def test_invalid_post_sets_no_other_cookie_than_csrf(client, site):
    response = client.post("/stel-je-vraag/", {"question": "Hallo"})
    assert response.status_code == 400
    assert set(response.cookies) <= {"csrftoken"}


def _urls(html):
    for tag, attributes in REQUESTING.items():
        for element in html.find_all(tag):
            for attribute in attributes:
                value = element.get(attribute)
                if not value:
                    continue
                if attribute == "srcset":
                    yield tag, attribute, *[(part.strip().split(" ")[0]) for part in value.split(",")]
                else:
                    yield tag, attribute, value
    for element in html.find_all(style=True):
        if "url(" in element["style"]:
            yield element.name, "style", element["style"]


def _is_own(url, own_hosts):
    parts = urlsplit(url.strip())
    if parts.scheme in ("", "data") and not parts.netloc:
        return not url.strip().startswith("//")
    return parts.scheme in ("http", "https") and parts.netloc in own_hosts


@pytest.mark.parametrize("path", ALL_PUBLIC)
def test_no_request_to_a_third_party_host(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    own_hosts = {"testserver", f"{site.hostname}:{site.port}", site.hostname}
    found = list(_urls(html))
    assert any(tag == "link" for tag, *_ in found)  # the stylesheets were checked
    external = [(tag, attr, urls) for tag, attr, *urls in found if not all(_is_own(u, own_hosts) for u in urls)]
    assert external == []


def test_checker_catches_external_resources():
    """The check above would notice a font from a CDN or an embedded video."""
    page = BeautifulSoup(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
        '<iframe src="https://www.youtube.com/embed/x"></iframe><img src="//cdn.example.com/a.png">'
        '<img src="/media/a.png"><a href="https://example.org/">ok</a>',
        "html.parser",
    )
    flagged = {url for _tag, _attr, *urls in _urls(page) for url in urls if not _is_own(url, {"testserver"})}
    assert flagged == {"https://fonts.googleapis.com/css", "https://www.youtube.com/embed/x", "//cdn.example.com/a.png"}


def test_external_links_are_fine_but_open_no_referrer_leak(client, site):
    """Plain links to other sites are allowed (they are not requests) and use the referrer policy."""
    response = client.get("/sociale-kaart/")
    html = BeautifulSoup(response.content, "html.parser")
    assert html.find("a", href="https://example.org/") is not None
    assert response["Referrer-Policy"] in ("strict-origin-when-cross-origin", "same-origin", "no-referrer")


# --- Security headers ----------------------------------------------------------------


def _csp(response):
    header = response.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0]] = tokens[1:]
    return directives


@pytest.mark.parametrize("path", ALL_PUBLIC)
def test_security_headers_on_public_pages(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = _csp(response)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "*" not in script_src and not any(s.startswith("http") for s in script_src)
    assert csp.get("object-src") == ["'none'"]
    assert "frame-ancestors" in csp
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_public_pages_have_no_inline_scripts(client, site):
    """The CSP forbids inline scripts, so there must be none for it to block."""
    for path in ALL_PUBLIC:
        html = BeautifulSoup(client.get(path).content, "html.parser")
        assert [s for s in html.find_all("script") if not s.get("src")] == [], path
        assert not [el for el in html.find_all(True) if any(a.startswith("on") for a in el.attrs)], path


def test_security_headers_on_the_404_page(client, site):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "'unsafe-inline'" not in _csp(response).get("script-src", [])
    assert dict(response.cookies) == {}


def test_admin_has_its_own_csp_not_the_public_one(client, site, superuser):
    # The admin's policy allows Wagtail's inline scripts; the public one never does (tests/distro/test_headers.py).
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert _csp(response)["frame-ancestors"] == ["'self'"]
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert _csp(response)["object-src"] == ["'none'"]
    # The other headers still apply.
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Admin ----------------------------------------------------------------------------


ADMIN_PAGES = ["/admin/", "/admin/account/", "/admin/users/"]


def _gravatar_traces(html, email):
    """Where a page would load an avatar from gravatar.com: its address or the hash of the e-mail address."""
    email_hash = hashlib.md5(email.lower().encode(), usedforsecurity=False).hexdigest()
    return [trace for trace in ("gravatar", email_hash) if trace in html]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_load_no_avatar_from_gravatar(client, site, superuser, path):
    # gravatar.com would learn who works in the admin, and when, from a hash of their e-mail address.
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    assert _gravatar_traces(response.content.decode(), superuser.email) == []


def test_gravatar_check_notices_wagtails_default(client, site, superuser):
    """Without the setting Wagtail's admin does show a gravatar, so the check above means something."""
    client.force_login(superuser)
    with override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL="//www.gravatar.com/avatar"):
        html = client.get("/admin/").content.decode()
    assert _gravatar_traces(html, superuser.email) != []
