"""var/steunpunt.env as the installer writes it, and the checks it shares with the settings."""

from __future__ import annotations

import subprocess
import sys

import pytest
from dotenv import dotenv_values

from distro.installer import envfile
from distro.settings import validation


def test_values_with_quotes_and_backslashes_read_back_as_written(tmp_path):
    path = tmp_path / "steunpunt.env"
    tricky = "SWV 'De Brug' \\ Noord"
    envfile.write(path, {"STEUNPUNT_NAME": tricky})
    assert envfile.read_value(path, "STEUNPUNT_NAME") == tricky
    # python-dotenv (what the settings use) reads the same value.
    assert dotenv_values(path)["STEUNPUNT_NAME"] == tricky


def test_a_rewrite_changes_only_the_lines_it_manages(tmp_path):
    path = tmp_path / "steunpunt.env"
    path.write_text(
        "# mijn eigen notitie\nexport STEUNPUNT_THEME='standaard'\nEMAIL_HOST='smtp.swv.nl'\nSECRET_KEY='geheim'\n"
    )
    envfile.write(path, {"STEUNPUNT_THEME": "groot-en-duidelijk", "STEUNPUNT_ENV": "production"})
    assert path.read_text().splitlines() == [
        "# mijn eigen notitie",
        "STEUNPUNT_THEME='groot-en-duidelijk'",
        "EMAIL_HOST='smtp.swv.nl'",
        "SECRET_KEY='geheim'",
        "STEUNPUNT_ENV='production'",
    ]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://steunpunt@localhost/steunpunt", "niet wordt ondersteund (mysql)"),
        ("postgres://", "noemt geen database"),
        ("nonsense", "geen geldige database-URL"),
    ],
)
def test_the_settings_and_the_installer_refuse_a_database_url_with_the_same_words(tmp_path, url, problem):
    assert problem in validation.database_url_problem(url)
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "STEUNPUNT_VAR_DIR": str(tmp_path), "STEUNPUNT_ENV_FILE": ""}
    result = subprocess.run(
        [sys.executable, "-m", "distro", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"steunpunt: DATABASE_URL {validation.database_url_problem(url)}"


def test_the_shared_checks_need_nothing_but_the_standard_library():
    # The installer runs them with the machine's bare Python, before .venv exists.
    code = "import sys, distro.settings.validation, distro.installer.checks; print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'environs', 'dj_database_url')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
