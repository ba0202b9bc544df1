"""The example plugin (examples/steunpunt-voorbeeld), installed with pip as an SWV installs its own.

Installed into a scratch directory (``pip install --target``, offline, no
dependencies), which the subprocesses get on PYTHONPATH: the distro finds it
through its ``steunpunt.plugins`` entry point, as after a real ``pip install``.
The package is copied first, so the build never writes into the worktree.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "steunpunt-voorbeeld"
GROET = "Welkom bij het ouder- en jeugdsteunpunt!"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(site-packages directory with the plugin, a copy of its source directory)."""
    source = tmp_path_factory.mktemp("bron") / "steunpunt-voorbeeld"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path_factory.mktemp("site-packages")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--quiet"]
        + ["--target", str(target), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # What pip installed is the package with its template, and the entry point.
    assert (target / "steunpunt_voorbeeld" / "templates" / "steunpunt_voorbeeld" / "welkom_panel.html").is_file()
    return target, source


def environment(target, tmp_path, plugins_value, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STEUNPUNT_", "PYTEST_", "DJANGO_"))}
    env.update(
        STEUNPUNT_ENV="test",
        STEUNPUNT_VAR_DIR=str(tmp_path / "var"),
        STEUNPUNT_PLUGINS=plugins_value,
        PYTHONPATH=os.pathsep.join([str(target), str(REPO)]),
        **extra,
    )
    env.pop("DATABASE_URL", None)
    return env


def steunpunt(args, target, tmp_path, plugins_value):
    env = environment(target, tmp_path, plugins_value, DJANGO_SETTINGS_MODULE="distro.settings.test")
    return subprocess.run(
        [sys.executable, "-m", "distro", *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300
    )


PROBE = textwrap.dedent(
    """
    import json
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import NoReverseMatch, reverse
    from distro.core.models import HomePage
    from distro.extensions import HomePanel, health_checks, home_page_panels

    # Imported as if by accident: whether the plugin is on or not, only the setting may decide.
    from steunpunt_voorbeeld import health, receivers

    panels = [
        render_to_string(panel.template, {"panel_context": panel.context})
        for _receiver, panel in home_page_panels.send_robust(sender=HomePage, request=None, page=None)
        if isinstance(panel, HomePanel) and panel.template.startswith("steunpunt_voorbeeld/")
    ]
    try:
        url = reverse("voorbeeld:groet")
    except NoReverseMatch:
        url = None
    # Only the plugin's own checks: the core's read a database this probe has not migrated.
    checks = {check.name: check.check() for check in health_checks.all() if check.name.startswith("voorbeeld.")}
    print(json.dumps({
        "installed": any(app.startswith("steunpunt_voorbeeld") for app in settings.INSTALLED_APPS),
        "groet": getattr(settings, "STEUNPUNT_VOORBEELD_GROET", None),
        "panels": panels,
        "url": url,
        "health": {name: [r.status, r.message] for name, r in checks.items()},
    }))
    """
)


def probe(target, tmp_path, plugins_value):
    result = steunpunt(["shell", "-c", PROBE], target, tmp_path, plugins_value)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_steunpunt_plugins_lists_the_installed_package(installed, tmp_path):
    target, _source = installed
    result = steunpunt(["plugins", "--json"], target, tmp_path, "all,voorbeeld")

    assert result.returncode == 0, result.stderr
    row = next(row for row in json.loads(result.stdout) if row["name"] == "voorbeeld")
    assert row["source"] == "entry point"
    assert row["distribution"] == "steunpunt-voorbeeld"
    assert row["version"] == "1.0.0"
    assert row["enabled"] is True


def test_enabled_it_has_its_setting_health_check_url_and_panel(installed, tmp_path):
    target, _source = installed
    facts = probe(target, tmp_path, "all,voorbeeld")

    assert facts["installed"] is True
    assert facts["groet"] == GROET
    assert facts["url"] == "/voorbeeld/groet.json"
    assert facts["health"] == {"voorbeeld.groet": ["ok", "Het welkomstblok op de startpagina heeft een tekst."]}
    assert [GROET in panel for panel in facts["panels"]] == [True]


def test_the_operator_sets_its_setting_in_the_environment(installed, tmp_path):
    target, _source = installed
    env_file = tmp_path / "var" / "steunpunt.env"
    env_file.parent.mkdir(parents=True)
    # The same place as the core's settings: the environment, or var/steunpunt.env.
    env_file.write_text("STEUNPUNT_VOORBEELD_GROET=\n")
    result = subprocess.run(
        [sys.executable, "-m", "distro", "shell", "-c", PROBE],
        env=environment(
            target,
            tmp_path,
            "all,voorbeeld",
            DJANGO_SETTINGS_MODULE="distro.settings.test",
            STEUNPUNT_ENV_FILE=str(env_file),
        ),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])

    assert facts["groet"] == ""
    assert facts["panels"] == []
    assert facts["health"]["voorbeeld.groet"][0] == "warning"


def test_disabled_it_contributes_nothing(installed, tmp_path):
    target, _source = installed
    facts = probe(target, tmp_path, "all")

    assert facts["installed"] is False
    assert facts["panels"] == []
    assert facts["url"] is None
    assert facts["health"] == {}

    listed = steunpunt(["plugins", "--json"], target, tmp_path, "all")
    row = next(row for row in json.loads(listed.stdout) if row["name"] == "voorbeeld")
    assert row["enabled"] is False


def test_its_own_tests_pass_with_distro_testing(installed, tmp_path):
    """The plugin's tests, run as its author runs them: ``python -m pytest`` in its directory."""
    target, source = installed
    env = environment(target, tmp_path, "all,voorbeeld")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"],
        env=env,
        cwd=source,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "6 passed" in result.stdout
