"""The Dutch admin reads as Dutch: each role's main screens have no well-known English UI strings.

A crawl with the Django test client (not a journey): log in as each role, open
the screens the sidebar menu offers (and the admin's 404 page, and for the
Redacteur the editor of the home page), and look at the text a user sees or
hears: text nodes, aria-label, title, placeholder and the menu's labels
(which the sidebar script renders). Where Wagtail's Dutch catalogue keeps a
string in English, distro/locale/nl supplies the Dutch.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

pytestmark = pytest.mark.django_db

#: English strings of Wagtail and Django that a Dutch admin must not show (whole words).
ENGLISH = [
    "More actions",
    "Error 404",
    "Page not found",
    "Go to Wagtail admin",
    "Root",
    "Moderators approval",
    "Editor Guide",
    "Download CSV",
    "Download XLSX",
    "Content type",
    "Checks",
    "Administrator",
    "Choose a collection",
    "Log out",
    "Add child page",
    "Save draft",
    "Sort menu order",
    "Recent edits",
    "Your pages",
    "Welcome to",
    "Search",
    "Settings",
    "Pages",
    "Images",
    "Documents",
    "Reports",
    "Users",
    "Groups",
    "Actions",
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")

ROLES = ["redacteur", "steunpunt_medewerker", "beheerder", "bestuurder"]


def menu_items(data) -> list[tuple[str, str]]:
    """(label, url) of every item of the sidebar's menu props, submenus included."""
    found = []
    if isinstance(data, dict):
        if isinstance(data.get("url"), str) and isinstance(data.get("label"), str):
            found.append((data["label"], data["url"]))
        for value in data.values():
            found += menu_items(value)
    elif isinstance(data, list):
        for value in data:
            found += menu_items(value)
    return found


def seen_text(soup: BeautifulSoup) -> list[str]:
    soup = BeautifulSoup(str(soup), "html.parser")
    props = soup.find("script", id="wagtail-sidebar-props")
    labels = [label for label, _url in menu_items(json.loads(props.string))] if props else []
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    attributes = [el[a] for a in ("aria-label", "title", "placeholder") for el in soup.find_all(attrs={a: True})]
    return [*soup.stripped_strings, *attributes, *labels]


def screens(client, role, request) -> list[str]:
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    props = json.loads(dashboard.find("script", id="wagtail-sidebar-props").string)
    urls = ["/admin/", "/admin/bestaat-niet/"]
    urls += [url for _label, url in menu_items(props) if url.startswith("/admin/") and "logout" not in url]
    if role == "redacteur":
        home = request.getfixturevalue("home")
        urls += [f"/admin/pages/{home.pk}/", f"/admin/pages/{home.pk}/edit/"]
    return list(dict.fromkeys(urls))


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_screens_of_each_role_are_dutch(client, request, role):
    client.force_login(request.getfixturevalue(role))
    found: dict[str, set[str]] = {}
    opened = 0
    for url in screens(client, role, request):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code not in (200, 404) or "text/html" not in response.get("Content-Type", ""):
            continue
        opened += 1
        for text in seen_text(BeautifulSoup(response.content, "html.parser")):
            for english in PATTERN.findall(text):
                found.setdefault(english, set()).add(url)
    assert opened >= 3, "the crawl opened too few screens to mean anything"
    found = {k: sorted(v) for k, v in found.items()}
    assert found == {}, f"English in the Dutch admin of the {role}: {found}"


def test_the_dutch_catalogue_of_the_distro_wins_over_wagtails():
    with translation.override("nl"):
        assert translation.gettext("Error 404") == "Fout 404"
        assert translation.gettext("Download CSV") == "CSV downloaden"
        assert translation.gettext("More actions") == "Meer acties"  # Wagtail's own, untouched
    with translation.override("en"):
        assert translation.gettext("Error 404") == "Error 404"
