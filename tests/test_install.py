"""install.sh from a fresh copy of the repository, as a new user would run it.

The full install creates its own .venv and takes a minute or two, so it is
marked ``slow`` (skip it with ``-m "not slow"``). The bad-input tests stop
before anything is installed and are fast.
"""

import os
import shutil
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT = 1200  # seconds: a cold pip cache on a slow line


def repo_files():
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs a git checkout of the repository")
    return [name for name in out.decode().split("\0") if name]


@pytest.fixture
def checkout(tmp_path):
    """A copy of the repository as a fresh clone would have it: no .venv, no var/."""
    target = tmp_path / "steunpunt"
    for name in repo_files():
        source = REPO / name
        if not source.is_file():  # deleted in the working tree but still tracked
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / name)
    assert not (target / "var").exists() and not (target / ".venv").exists()
    return target


def clean_env(**extra):
    """The environment of someone who has never configured a steunpunt."""
    drop = {
        "DJANGO_SETTINGS_MODULE",
        "DATABASE_URL",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "VIRTUAL_ENV",
        "PYTHONPATH",  # the suite's own checkout (PYTHONPATH=$PWD) would shadow the installed copy
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in this process
    }
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("STEUNPUNT_")}
    env.update(extra)
    return env


def install(checkout, *args, timeout=INSTALL_TIMEOUT, env=None):
    return subprocess.run(
        ["./install.sh", *args],
        cwd=checkout,
        env=env or clean_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


# --- Bad input: a clear message, a non-zero exit, nothing written ------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "onbekende optie: --bogus"),
        (["--demo", "--theme", "nope"], "onbekend thema: 'nope'"),
        (["--demo", "--plugins", "nope"], "onbekende plugin: nope"),
        (["--demo", "--database-url", "mysql://x"], "--database-url moet beginnen met sqlite:///"),
        (["--demo", "--port", "tachtig"], "--port 'tachtig' is geen poortnummer"),
        (["--demo", "--admin-email", "geen-adres"], "'geen-adres' is geen geldig e-mailadres"),
        (["--domain", "steunpunt.example.nl"], "--admin-email"),  # production, no terminal to ask on
        ([], "is --domain verplicht"),
        (["--demo", "--name"], "optie --name heeft een waarde nodig"),
    ],
)
def test_bad_input_changes_nothing(checkout, args, expected):
    result = install(checkout, *args, timeout=60)
    assert result.returncode != 0
    assert expected in result.stderr
    assert not (checkout / "var").exists()
    assert not (checkout / ".venv").exists()


def test_missing_python_is_named(checkout, tmp_path):
    # A machine whose only python3 is too old (the stub fails the version check).
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bash").symlink_to(shutil.which("bash"))
    (bin_dir / "python3").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "python3").chmod(0o755)
    result = subprocess.run(
        [str(bin_dir / "bash"), "./install.sh", "--demo", "--yes"],
        cwd=checkout,
        env=clean_env(PATH=str(bin_dir)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Python 3.11 of nieuwer is niet gevonden" in result.stderr
    assert "apt install" in result.stderr
    assert not (checkout / "var").exists()
    assert not (checkout / ".venv").exists()


def test_help(checkout):
    result = install(checkout, "--help", timeout=60)
    assert result.returncode == 0
    for option in (
        "--demo",
        "--no-serve",
        "--name",
        "--domain",
        "--plugins",
        "--theme",
        "--admin-email",
        "--database-url",
        "--yes",
    ):
        assert option in result.stdout


# --- The real thing -------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def steunpunt(checkout, *args):
    return subprocess.run(
        [str(checkout / ".venv/bin/steunpunt"), *args],
        cwd=checkout,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def env_file_value(checkout, key):
    for line in (checkout / "var/steunpunt.env").read_text().splitlines():
        if line.startswith(f"{key}="):
            return line.split("=", 1)[1]
    return None


@pytest.mark.slow
def test_demo_install_serves_the_site_and_a_second_run_keeps_the_data(checkout):
    first = install(checkout, "--demo", "--no-serve", "--yes", "--admin-email", "a@example.org")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "wachtwoord:" in first.stdout  # shown once
    # The demo's steunpunt employee: the only account that sees questions (the administrator does not).
    assert "Medewerker steunpunt (demo): gebruikersnaam steunpunt  wachtwoord:" in first.stdout
    config = checkout / "var/steunpunt.env"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    secret_key = env_file_value(checkout, "SECRET_KEY")
    assert secret_key and len(secret_key) > 50
    assert env_file_value(checkout, "STEUNPUNT_ENV") == "'demo'"
    assert env_file_value(checkout, "STEUNPUNT_PLUGINS") == "'agenda,evaluatie,informatieset_sync,signalen'"

    # Something an editor made between two runs, and a line the operator added.
    copied = steunpunt(
        checkout,
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.models import Page; "
        "Page.objects.get(slug='privacy', locale__language_code='nl')"
        ".copy(update_attrs={'title': 'Blijft bestaan', 'slug': 'blijft-bestaan'})",
    )
    assert copied.returncode == 0, copied.stderr
    with config.open("a") as f:
        f.write("LOG_LEVEL='INFO'\n")

    second = install(checkout, "--demo", "--no-serve", "--yes")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Bestaande installatie bijwerken" in second.stdout
    assert "wachtwoord:" not in second.stdout  # the administrator exists already
    assert env_file_value(checkout, "SECRET_KEY") == secret_key
    assert env_file_value(checkout, "LOG_LEVEL") == "'INFO'"

    # The bundled informatieset is synced at install: every page in Dutch and English, six in Arabic and Ukrainian.
    counted = steunpunt(
        checkout,
        "shell",
        "--no-imports",
        "-c",
        "from plugins.informatieset_sync.models import InformatiesetPage as P; "
        "print(*[P.objects.live().filter(locale__language_code=c).count() for c in ('nl', 'en', 'ar', 'uk')])",
    )
    assert counted.returncode == 0, counted.stderr
    nl, en, ar, uk = map(int, counted.stdout.split())
    assert nl >= 25 + 10 and en == nl and ar >= 5 and uk >= 5

    port = free_port()
    server = subprocess.Popen(
        [str(checkout / ".venv/bin/steunpunt"), "serve", f"127.0.0.1:{port}"],
        cwd=checkout,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status = get(f"{base}/")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"steunpunt serve did not start:\n{server.stdout.read() if server.poll() is not None else ''}"
                    )
                time.sleep(0.5)
        assert status == 200
        assert get(f"{base}/admin/login/") == 200
        assert get(f"{base}/blijft-bestaan/") == 200
        assert get(f"{base}/stel-je-vraag/") == 200
        for prefix in ("", "/en", "/ar", "/uk"):
            assert get(f"{base}{prefix}/informatie/") == 200, prefix
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- The services never run as root ------------------------------------------------


@pytest.mark.parametrize("args", [[], ["--service-user", "root"]])
def test_production_refuses_services_that_run_as_root(checkout, args):
    if os.geteuid() != 0 and not args:
        pytest.skip("the checkout is owned by root only when the tests run as root")
    result = install(
        checkout, "--domain", "steunpunt.example.nl", "--admin-email", "a@example.nl", "--yes", *args, timeout=60
    )
    assert result.returncode != 0
    assert "de diensten zouden als root draaien" in result.stderr
    assert "--service-user steunpunt" in result.stderr and "adduser" in result.stderr
    assert not (checkout / "var").exists()
    assert not (checkout / ".venv").exists()


def test_a_service_user_that_is_not_root_passes_the_check(checkout):
    # Stops at another problem (no admin address, no terminal), but not at the root check.
    result = install(checkout, "--domain", "steunpunt.example.nl", "--service-user", "nobody", timeout=60)
    assert result.returncode != 0
    assert "--admin-email" in result.stderr
    assert "als root draaien" not in result.stderr


def test_an_unknown_service_user_is_named_with_how_to_make_one(checkout):
    result = install(checkout, "--domain", "steunpunt.example.nl", "--service-user", "bestaat-niet-xyz", timeout=60)
    assert result.returncode != 0
    assert "gebruiker 'bestaat-niet-xyz' bestaat niet" in result.stderr
    assert "adduser" in result.stderr
