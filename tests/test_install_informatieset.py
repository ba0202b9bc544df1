"""install.sh --informatieset-source / --informatieset-key, fast.

The real install (tests/test_install.py) takes minutes. Here install.sh runs
against a stand-in .venv whose python is the project's own (pip is a no-op)
and whose `steunpunt` command only records its arguments, so the script's own
work (checking options, writing var/steunpunt.env) is tested in a second.
"""

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KEY = base64.b64encode(bytes(range(32))).decode()


@pytest.fixture
def checkout(tmp_path):
    root = tmp_path / "steunpunt"
    root.mkdir()
    shutil.copy2(REPO / "install.sh", root / "install.sh")
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(
        f'#!/bin/sh\nif [ "$1" = -m ] && [ "$2" = pip ]; then exit 0; fi\nexec "{sys.executable}" "$@"\n'
    )
    (bin_dir / "steunpunt").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{root}/steunpunt-calls.log"\n')
    for name in ("python", "steunpunt"):
        (bin_dir / name).chmod(0o755)
    return root


def install(checkout, *args, cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STEUNPUNT_", "DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [str(checkout / "install.sh"), "--demo", "--no-serve", *args],
        cwd=cwd or checkout,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def env_file(checkout) -> dict:
    values = {}
    for line in (checkout / "var" / "steunpunt.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value.strip("'")
    return values


def test_options_are_written_to_the_instance_configuration(checkout):
    result = install(
        checkout,
        "--informatieset-source",
        "https://informatieset.example/informatieset/feed.json",
        "--informatieset-key",
        KEY,
    )
    assert result.returncode == 0, result.stderr
    values = env_file(checkout)
    assert values["STEUNPUNT_INFORMATIESET_SOURCE"] == "https://informatieset.example/informatieset/feed.json"
    assert values["STEUNPUNT_INFORMATIESET_PUBLIC_KEY"] == KEY
    assert "setup_site" in (checkout / "steunpunt-calls.log").read_text()

    # Running again without the options keeps them; '' switches back to the bundled, unsigned set.
    assert install(checkout).returncode == 0
    assert env_file(checkout)["STEUNPUNT_INFORMATIESET_PUBLIC_KEY"] == KEY
    assert install(checkout, "--informatieset-source", "", "--informatieset-key", "").returncode == 0
    values = env_file(checkout)
    assert values["STEUNPUNT_INFORMATIESET_SOURCE"] == values["STEUNPUNT_INFORMATIESET_PUBLIC_KEY"] == ""


def test_without_the_options_nothing_is_configured(checkout):
    assert install(checkout).returncode == 0
    assert not {"STEUNPUNT_INFORMATIESET_SOURCE", "STEUNPUNT_INFORMATIESET_PUBLIC_KEY"} & set(env_file(checkout))


def test_a_relative_path_is_stored_absolute(checkout, tmp_path):
    feed = tmp_path / "export" / "feed.json"
    feed.parent.mkdir()
    feed.write_text("{}")
    result = install(checkout, "--informatieset-source=export/feed.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert env_file(checkout)["STEUNPUNT_INFORMATIESET_SOURCE"] == str(feed)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--informatieset-key", "geen-base64!"],
            "--informatieset-key is geen publieke sleutel van de uitgever: het is geen geldige base64-tekst",
        ),
        (["--informatieset-key", base64.b64encode(b"x" * 31).decode()], "het zijn 31 bytes in plaats van 32"),
        (["--informatieset-key", base64.b64encode(b"x" * 64).decode()], "het zijn 64 bytes in plaats van 32"),
        (["--informatieset-source", "ftp://example.org/feed.json"], "moet een https://-adres of een bestand zijn"),
        (["--informatieset-source", "bestaat-niet.json"], "het bestand"),
        (["--informatieset-source", "https://example.org/feed.json\nX=1"], "mag geen regeleinde"),
        (["--informatieset-key"], "optie --informatieset-key heeft een waarde nodig"),
    ],
)
def test_bad_values_stop_before_anything_is_written(checkout, args, expected):
    result = install(checkout, *args)
    assert result.returncode != 0
    assert expected in result.stderr
    assert not (checkout / "var").exists()
    assert not (checkout / "steunpunt-calls.log").exists()


def test_help_mentions_the_options(checkout):
    result = subprocess.run([str(checkout / "install.sh"), "--help"], capture_output=True, text=True, timeout=60)
    assert "--informatieset-source URL|PAD" in result.stdout and "--informatieset-key SLEUTEL" in result.stdout
