"""Themes: discovery, tokens as CSS, per-site choice at run time, colour checks."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template import engines
from django.test import override_settings
from wagtail.models import Site

from distro.core.models import SteunpuntSettings
from distro.theming.checks import default_theme_exists
from distro.theming.contrast import contrast_ratio
from distro.theming.themes import available_themes, get_theme, load_theme

DEFAULT_THEMES_DIR = Path(settings.BASE_DIR) / "themes"

ANDERS_TOML = """
[theme]
label = "Anders"
description = "Een thema voor de test."

[tokens.steunpunt.color]
primary = "#6b2c91"
"""
# Overrides one block of the distro's layout and keeps the rest.
ANDERS_BASE = """{% extends "steunpunt/layout.html" %}
{% block footer %}<footer class="anders-footer"><p>Voettekst van het thema Anders</p></footer>{% endblock %}
"""


def reset_theme_caches():
    available_themes.cache_clear()
    for loader in engines["django"].engine.template_loaders:
        if hasattr(loader, "reset"):
            loader.reset()


@pytest.fixture(autouse=True)
def fresh_theme_caches():
    reset_theme_caches()
    yield
    reset_theme_caches()


def make_theme(directory: Path, name: str, toml: str, base_html: str | None = None, stylesheet: bool = False) -> Path:
    path = directory / name
    path.mkdir(parents=True)
    (path / "theme.toml").write_text(toml, encoding="utf-8")
    if base_html:
        (path / "templates").mkdir()
        (path / "templates" / "base.html").write_text(base_html, encoding="utf-8")
    if stylesheet:
        (path / "static").mkdir()
        (path / "static" / "theme.css").write_text(":root { --steunpunt-border-radius: 0; }", encoding="utf-8")
    return path


@pytest.fixture
def extra_themes(tmp_path):
    """A second theme directory before the distro's own, with the theme "anders"."""
    make_theme(tmp_path, "anders", ANDERS_TOML, ANDERS_BASE, stylesheet=True)
    with override_settings(STEUNPUNT_THEME_DIRS=[tmp_path, DEFAULT_THEMES_DIR]):
        reset_theme_caches()
        yield tmp_path


# --- Discovery ---------------------------------------------------------------


def test_themes_are_folders_with_a_theme_toml(extra_themes):
    (extra_themes / "geen-thema").mkdir()  # no theme.toml: not a theme
    themes = available_themes()
    assert set(themes) == {"anders", "standaard", "groot-en-duidelijk", "fris"}
    assert themes["anders"].label == "Anders"
    assert themes["anders"].description == "Een thema voor de test."
    assert themes["standaard"].label == "Standaard"


def test_an_earlier_theme_directory_wins(tmp_path):
    make_theme(tmp_path, "standaard", '[theme]\nlabel = "Eigen standaard"\n')
    with override_settings(STEUNPUNT_THEME_DIRS=[tmp_path, DEFAULT_THEMES_DIR]):
        reset_theme_caches()
        assert available_themes()["standaard"].label == "Eigen standaard"


def test_a_broken_theme_toml_names_the_theme(tmp_path):
    make_theme(tmp_path, "kapot", "[theme\nlabel = ")
    with pytest.raises(ImproperlyConfigured, match="kapot"):
        load_theme(tmp_path / "kapot")


def test_a_theme_can_extend_another_and_change_only_some_tokens(tmp_path, client, site):
    make_theme(
        tmp_path,
        "paars",
        '[theme]\nextends = "standaard"\n[tokens.steunpunt.color]\nprimary = "#5a2a82"\n',
        stylesheet=True,
    )
    with override_settings(STEUNPUNT_THEME_DIRS=[tmp_path, DEFAULT_THEMES_DIR]):
        reset_theme_caches()
        paars, standaard = get_theme("paars"), get_theme("standaard")
        properties = paars.custom_properties()
        assert properties["--steunpunt-color-primary"] == "#5a2a82"
        assert properties["--steunpunt-color-text"] == standaard.custom_properties()["--steunpunt-color-text"]
        assert set(properties) == set(standaard.custom_properties())
        assert paars.template_dirs == [tmp_path / "paars" / "templates", DEFAULT_THEMES_DIR / "standaard" / "templates"]

        site_settings = SteunpuntSettings.for_site(site)
        site_settings.theme = "paars"
        site_settings.save()
        assert custom_properties(client.get("/thema.css").content.decode())["--steunpunt-color-primary"] == "#5a2a82"
        assert "/static/themes/paars/theme.css" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "toml, message",
    [('[theme]\nextends = "weg"\n', "does not exist"), ('[theme]\nextends = "lus"\n', "extends itself")],
)
def test_a_theme_that_extends_a_missing_theme_or_itself_is_refused(tmp_path, toml, message):
    make_theme(tmp_path, "lus", toml)
    with override_settings(STEUNPUNT_THEME_DIRS=[tmp_path]):
        reset_theme_caches()
        with pytest.raises(ImproperlyConfigured, match=message):
            available_themes()


def test_unknown_default_theme_fails_the_system_check():
    assert default_theme_exists(None) == []
    with override_settings(STEUNPUNT_DEFAULT_THEME="bestaat-niet"):
        errors = default_theme_exists(None)
    assert [e.id for e in errors] == ["steunpunt.E001"]
    assert isinstance(errors[0], Error)
    assert "bestaat-niet" in errors[0].msg and "standaard" in errors[0].hint


# --- Tokens as CSS custom properties ------------------------------------------


def custom_properties(css: str) -> dict[str, str]:
    return dict(re.findall(r"(--[\w-]+):\s*([^;]+);", css))


def test_thema_css_serves_the_tokens_with_nl_design_system_names(client, site):
    response = client.get("/thema.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    properties = custom_properties(response.content.decode())
    assert properties["--steunpunt-color-primary"] == "#00539b"
    assert properties["--steunpunt-typography-font-size"] == "1.125rem"
    assert properties["--steunpunt-layout-max-width"] == "72rem"
    # Every token of the theme is there, and nothing else.
    assert set(properties) == set(get_theme("standaard").custom_properties())


def test_thema_css_can_be_cached_by_the_browser(client, site):
    first = client.get("/thema.css")
    etag = first["ETag"]
    assert etag
    again = client.get("/thema.css", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""

    # After a colour change the old copy is no longer valid.
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.primary_colour = "#8a1538"
    site_settings.save()
    changed = client.get("/thema.css", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_sites_own_primary_colour_replaces_the_themes(client, site):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.primary_colour = "#8a1538"
    site_settings.full_clean()
    site_settings.save()
    properties = custom_properties(client.get("/thema.css").content.decode())
    assert properties["--steunpunt-color-primary"] == "#8a1538"
    # The hover colour follows, and is darker, so it is readable too.
    hover = properties["--steunpunt-color-primary-hover"]
    assert hover != get_theme("standaard").custom_properties()["--steunpunt-color-primary-hover"]
    assert contrast_ratio(hover, "#ffffff") > contrast_ratio("#8a1538", "#ffffff")


@pytest.mark.parametrize("colour", ["#ffcc00", "#7f9fbf", "#ffffff"])
def test_a_too_light_primary_colour_is_refused_in_dutch(site, colour):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.primary_colour = colour
    with pytest.raises(ValidationError) as excinfo:
        site_settings.full_clean()
    message = " ".join(excinfo.value.message_dict["primary_colour"])
    assert "te licht" in message and "4,5:1" in message


def test_a_readable_primary_colour_is_accepted(site):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.primary_colour = "#1e6b34"
    site_settings.full_clean()


# --- Per-site theme at run time -----------------------------------------------


@pytest.fixture
def second_site(site, extra_themes, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "tweede.test"]
    other = Site.objects.create(hostname="tweede.test", port=80, root_page=site.root_page, site_name="Tweede SWV")
    other_settings = SteunpuntSettings.for_site(other)
    other_settings.swv_name = "Tweede SWV"
    other_settings.theme = "anders"
    other_settings.full_clean()
    other_settings.save()
    return other


def test_each_site_gets_its_own_theme_in_the_same_process(client, site, second_site):
    # Alternate between the sites, so a template cache that ignored the
    # theme would serve one site's footer to the other.
    for _ in range(2):
        themed = client.get("/", HTTP_HOST="tweede.test").content.decode()
        assert "Voettekst van het thema Anders" in themed
        assert "steunpunt-theme--anders" in themed
        # Blocks the theme does not override come from the distro.
        assert 'class="skip-link"' in themed and "Ouder- en jeugdsteunpunt" in themed

        default = client.get("/").content.decode()
        assert "Voettekst van het thema Anders" not in default
        assert 'class="site-footer"' in default
        assert "steunpunt-theme--standaard" in default

    # Other page templates extend base.html, so they get the override too.
    assert "Voettekst van het thema Anders" in client.get("/stel-je-vraag/", HTTP_HOST="tweede.test").content.decode()


def test_each_site_gets_its_own_tokens_and_stylesheet(client, site, second_site):
    themed = client.get("/thema.css", HTTP_HOST="tweede.test").content.decode()
    default = client.get("/thema.css").content.decode()
    assert custom_properties(themed)["--steunpunt-color-primary"] == "#6b2c91"
    assert custom_properties(default)["--steunpunt-color-primary"] == "#00539b"

    assert "/static/themes/anders/theme.css" in client.get("/", HTTP_HOST="tweede.test").content.decode()
    assert "/static/themes/" not in client.get("/").content.decode()


def test_an_unknown_theme_cannot_be_chosen(site):
    site_settings = SteunpuntSettings.for_site(site)
    site_settings.theme = "bestaat-niet"
    with pytest.raises(ValidationError) as excinfo:
        site_settings.full_clean()
    assert "Dit thema bestaat niet" in " ".join(excinfo.value.message_dict["theme"])


# --- The themes that ship with the distro ----------------------------------------

# (foreground, background, minimum): pairs that base.css puts on top of each other.
COLOUR_PAIRS = [
    ("text", "background", 4.5),
    ("text", "surface", 4.5),
    ("text-muted", "background", 4.5),
    ("text-muted", "surface", 4.5),
    ("primary", "background", 4.5),
    ("primary-hover", "background", 4.5),
    ("primary-contrast", "primary", 4.5),
    ("primary-contrast", "primary-hover", 4.5),
    ("error", "background", 4.5),
    ("text", "info-surface", 4.5),
    ("text", "tip-surface", 4.5),
    ("text", "warning-surface", 4.5),
    ("focus-outline", "focus", 4.5),
    # Non-text contrast (WCAG 1.4.11): field borders and the focus ring.
    ("border", "background", 3),
    ("focus", "primary", 3),
]


@pytest.mark.parametrize("name", sorted(available_themes()))
def test_shipped_themes_have_readable_colour_pairs(name):
    colours = get_theme(name).tokens["steunpunt"]["color"]
    too_low = [
        f"{fg} on {bg}: {contrast_ratio(colours[fg], colours[bg]):.2f} < {minimum}"
        for fg, bg, minimum in COLOUR_PAIRS
        if contrast_ratio(colours[fg], colours[bg]) < minimum
    ]
    assert too_low == []


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#00539b", "#ffffff") == contrast_ratio("#ffffff", "#00539b")
