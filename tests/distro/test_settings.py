"""Configuration from the environment: production hardening and clear errors.

Settings are read once per process, so each configuration runs ``steunpunt``
in a subprocess with its own environment and an empty var/ directory.
"""

import ast
import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.test import override_settings

PRODUCTION_ENV = {
    "STEUNPUNT_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "steunpunt.example.nl",
}

# Variables the test run itself may have set that would leak into the child.
CLEARED = (
    "DJANGO_SETTINGS_MODULE",
    "STEUNPUNT_ENV",
    "STEUNPUNT_ENV_FILE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "STEUNPUNT_PLUGINS",
    "STEUNPUNT_THEME",
    "STEUNPUNT_LANGUAGES",
    "STEUNPUNT_CAPTCHA_TEST_MODE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests; check --deploy rightly refuses it
)


def steunpunt(tmp_path, *args, **env):
    child_env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    # An empty var/ of its own: no instance config is read, nothing is written in the repo.
    child_env["STEUNPUNT_VAR_DIR"] = str(tmp_path / "var")
    child_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "distro", *args], env=child_env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = steunpunt(tmp_path, "check", "--deploy", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "System check identified no issues" in output
    assert "WARNING" not in output.upper()


def test_demo_settings_are_not_hardened_for_production(tmp_path):
    # The demo runs on plain http://127.0.0.1:8000: HSTS or secure-only
    # cookies there would lock the visitor out of their own demo.
    result = steunpunt(tmp_path, "check", "--deploy", "--fail-level", "ERROR", STEUNPUNT_ENV="demo")
    assert result.returncode == 0, result.stderr
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no SSL redirect


def settings_values(tmp_path, names, **env):
    """The values of settings ``names`` in a child process with ``env``."""
    code = f"from django.conf import settings; print(repr([getattr(settings, n) for n in {names!r}]))"
    result = steunpunt(tmp_path, "shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_hsts_and_secure_cookies_only_in_production(tmp_path):
    names = ["SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "DEBUG"]
    assert settings_values(tmp_path, names, **PRODUCTION_ENV) == [31536000, True, True, True, False]
    assert settings_values(tmp_path, names, STEUNPUNT_ENV="demo") == [0, False, False, False, False]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "nonsense"}, ["DATABASE_URL", "sqlite://", "postgres://"]),
        ({"DATABASE_URL": "mysql://steunpunt@localhost/steunpunt"}, ["DATABASE_URL", "mysql"]),
        ({"DATABASE_URL": "postgres://"}, ["DATABASE_URL", "geen database"]),
        ({"STEUNPUNT_PLUGINS": "agenda,nope"}, ["STEUNPUNT_PLUGINS", "nope"]),
        ({"STEUNPUNT_LANGUAGES": "nl,en,xx"}, ["STEUNPUNT_LANGUAGES", "xx"]),
        ({"STEUNPUNT_ENV": "staging"}, ["STEUNPUNT_ENV", "staging"]),
        ({"STEUNPUNT_ENV": "production", "ALLOWED_HOSTS": "steunpunt.example.nl"}, ["SECRET_KEY"]),
        ({"STEUNPUNT_ENV": "production", "SECRET_KEY": "x" * 60}, ["ALLOWED_HOSTS"]),
        ({"DATABASE_CONN_MAX_AGE": "lang"}, ["DATABASE_CONN_MAX_AGE"]),
        # Settings a plugin declares get the same treatment as the core's.
        ({"STEUNPUNT_AGENDA_HERINNERING_UREN": "morgen"}, ["STEUNPUNT_AGENDA_HERINNERING_UREN", "agenda", "morgen"]),
        ({"STEUNPUNT_INFORMATIESET_MAX_ITEMS": "0"}, ["STEUNPUNT_INFORMATIESET_MAX_ITEMS", "1 of meer"]),
        ({"STEUNPUNT_INFORMATIESET_PUBLISHER": "misschien"}, ["STEUNPUNT_INFORMATIESET_PUBLISHER", "True of False"]),
        ({"STEUNPUNT_MEDIA_S3_BUCKET": "Mijn_Bucket"}, ["STEUNPUNT_MEDIA_S3_BUCKET", "Mijn_Bucket"]),
        (
            {"STEUNPUNT_MEDIA_S3_BUCKET": "steunpunt-media", "STEUNPUNT_MEDIA_S3_ENDPOINT_URL": "s3.example.org"},
            ["STEUNPUNT_MEDIA_S3_ENDPOINT_URL", "https://", "s3.example.org"],
        ),
    ],
)
def test_bad_configuration_gives_one_clear_line_and_a_non_zero_exit(tmp_path, env, expected):
    result = steunpunt(tmp_path, "check", **env)
    assert result.returncode == 2
    assert result.stderr.startswith("steunpunt: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in expected:
        assert word in result.stderr


def test_a_media_bucket_becomes_the_storage_of_uploads(tmp_path):
    env = {
        "STEUNPUNT_MEDIA_S3_BUCKET": "steunpunt-media",
        "STEUNPUNT_MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
        "STEUNPUNT_MEDIA_S3_REGION": "eu-central-1",
    }
    (storages,) = settings_values(tmp_path, ["STORAGES"], **env)
    assert storages["default"]["BACKEND"] == "distro.core.storage.MediaBucketStorage"
    options = storages["default"]["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "steunpunt-media",
        "https://s3.example.org",
        "eu-central-1",
    )
    assert options["default_acl"] is None  # never a public upload; the bucket's policy decides
    (storages,) = settings_values(tmp_path, ["STORAGES"])
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_media_bucket_without_django_storages_says_what_to_install(tmp_path):
    child_env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    child_env.update(STEUNPUNT_VAR_DIR=str(tmp_path / "var"), STEUNPUNT_MEDIA_S3_BUCKET="steunpunt-media")
    # As if the [s3] extra were not installed.
    code = "import sys; sys.modules['storages'] = None; from distro.__main__ import main; main(['steunpunt', 'check'])"
    result = subprocess.run([sys.executable, "-c", code], env=child_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "STEUNPUNT_MEDIA_S3_BUCKET" in result.stderr and "steunpunt-in-a-box[s3]" in result.stderr


def test_captcha_test_mode_is_refused_in_production(tmp_path):
    result = steunpunt(tmp_path, "check", STEUNPUNT_CAPTCHA_TEST_MODE="1", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "STEUNPUNT_CAPTCHA_TEST_MODE" in result.stderr
    # ... but allowed where the browser tests need it.
    assert steunpunt(tmp_path, "check", STEUNPUNT_CAPTCHA_TEST_MODE="1", STEUNPUNT_ENV="demo").returncode == 0


def test_unknown_theme_fails_the_system_check(tmp_path):
    result = steunpunt(tmp_path, "check", STEUNPUNT_THEME="bestaat-niet")
    assert result.returncode != 0
    assert "steunpunt.E001" in result.stderr
    assert "bestaat-niet" in result.stderr


def test_instance_config_is_read_and_the_environment_wins(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    (var / "steunpunt.env").write_text("STEUNPUNT_NAME='Steunpunt \\'t Gooi'\nSTEUNPUNT_PLUGINS='agenda'\n")
    names = ["WAGTAIL_SITE_NAME", "STEUNPUNT_ENABLED_PLUGINS"]
    assert settings_values(tmp_path, names) == ["Steunpunt 't Gooi", ["agenda"]]
    assert settings_values(tmp_path, names, STEUNPUNT_PLUGINS="signalen") == ["Steunpunt 't Gooi", ["signalen"]]


def test_plugin_settings_come_from_the_instance_config_and_the_environment(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    (var / "steunpunt.env").write_text(
        "STEUNPUNT_AGENDA_HERINNERING_UREN='48'\nSTEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API='true'\n"
    )
    names = [
        "STEUNPUNT_AGENDA_HERINNERING_UREN",
        "STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API",
        "STEUNPUNT_INFORMATIESET_TIMEOUT",
    ]
    assert settings_values(tmp_path, names) == [48, True, 30.0]
    assert settings_values(tmp_path, names, STEUNPUNT_INFORMATIESET_TIMEOUT="2.5")[2] == 2.5


def test_a_disabled_plugin_has_its_defaults_and_its_bad_values_do_not_stop_the_site(tmp_path):
    # Code that imports a disabled plugin's module must still find its settings;
    # a mistake in the settings of a plugin that is off is no reason to refuse to start.
    names = ["STEUNPUNT_ENABLED_PLUGINS", "STEUNPUNT_AGENDA_HERINNERING_UREN", "STEUNPUNT_INFORMATIESET_MAX_ITEMS"]
    values = settings_values(
        tmp_path,
        names,
        STEUNPUNT_PLUGINS="signalen",
        STEUNPUNT_AGENDA_HERINNERING_UREN="morgen",
        STEUNPUNT_INFORMATIESET_MAX_ITEMS="10",
    )
    assert values == [["signalen"], 24, 5000]


def test_the_test_settings_ignore_an_installed_instance_config():
    from django.conf import settings

    assert settings.ENV_FILE == ""


# --- Headers on a real response (in-process, test settings) -------------------


def test_security_headers_on_public_pages(client, site):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in csp
    # Not production: no HSTS, or a demo on http:// would be unreachable later.
    assert "Strict-Transport-Security" not in response


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_header_is_sent_over_https_when_configured(client, site):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_every_environment_variable_is_documented():
    from django.conf import settings

    import distro.settings.base as base

    source = Path(base.__file__).read_text()
    names = set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]*)"', source))
    assert {"DATABASE_URL", "SECRET_KEY", "STEUNPUNT_PLUGINS"} <= names  # the pattern still matches
    # ... and what the built-in plugins declare (SteunpuntPluginMeta.settings).
    declared = {
        setting.name
        for plugin in settings.STEUNPUNT_AVAILABLE_PLUGINS.values()
        if plugin.source == "builtin"
        for setting in plugin.settings
    }
    assert {"STEUNPUNT_AGENDA_HERINNERING_UREN", "STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API"} <= declared
    documented = (Path(base.BASE_DIR) / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in names | declared if f"`{name}`" not in documented)
    assert not missing, f"Add these to docs/configuration.md: {', '.join(missing)}"


def test_the_plugin_settings_in_the_docs_are_generated_from_the_declarations():
    from django.core.management import call_command

    try:
        call_command("instellingen_docs", "--check", stdout=StringIO(), stderr=StringIO())
    except SystemExit:
        pytest.fail("docs/configuration.md is out of date: run 'steunpunt instellingen_docs --write'")


def test_the_generated_plugin_docs_show_type_default_and_help():
    from django.conf import settings

    from distro.core.management.commands import instellingen_docs

    text = instellingen_docs.render([settings.STEUNPUNT_AVAILABLE_PLUGINS["agenda"]])

    assert text.startswith("### Agenda (`agenda`)")
    assert "| `STEUNPUNT_AGENDA_HERINNERING_UREN` | geheel getal | `24` | Hoeveel uur voor een bijeenkomst" in text


def test_instellingen_docs_check_fails_when_the_docs_are_behind(tmp_path, monkeypatch):
    from django.core.management import call_command

    from distro.core.management.commands import instellingen_docs

    stale = tmp_path / "configuration.md"
    stale.write_text(f"# Instellingen\n\n{instellingen_docs.BEGIN}\nverouderde tekst\n{instellingen_docs.END}\n")
    monkeypatch.setattr(instellingen_docs, "docs_path", lambda: stale)

    with pytest.raises(SystemExit) as exit_:
        call_command("instellingen_docs", "--check", stdout=StringIO(), stderr=StringIO())
    assert exit_.value.code == 1

    call_command("instellingen_docs", "--write", stdout=StringIO())
    written = stale.read_text()
    assert "verouderde tekst" not in written
    assert "`STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API`" in written
    assert written.startswith("# Instellingen\n")
    call_command("instellingen_docs", "--check", stdout=StringIO())  # now it is up to date


# --- Database connection ---------------------------------------------------------


def database_settings(tmp_path, **env):
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(repr([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    result = steunpunt(tmp_path, "shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_connections_are_kept_for_a_minute_and_checked_before_reuse(tmp_path):
    # Opening a connection per request costs a PostgreSQL backend process (and on
    # SQLite a WAL checkpoint); a dropped connection is replaced, not reported as an error.
    assert database_settings(tmp_path) == [60, True]
    assert database_settings(tmp_path, DATABASE_CONN_MAX_AGE="300") == [300, True]


def test_conn_max_age_zero_closes_the_connection_after_each_request(tmp_path):
    assert database_settings(tmp_path, DATABASE_CONN_MAX_AGE="0") == [0, False]


def test_sqlite_runs_in_wal_mode_with_normal_sync(tmp_path):
    # WAL lets the web server and the job runner share the file; synchronous=NORMAL
    # (1) saves a disk flush per commit and never corrupts the file in WAL mode.
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0]; "
        "c.execute('PRAGMA synchronous'); sync = c.fetchone()[0]; "
        "print(repr([connection.vendor, mode, sync]))"
    )
    result = steunpunt(tmp_path, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout.strip().splitlines()[-1]) == ["sqlite", "wal", 1]
    assert (tmp_path / "var" / "steunpunt.sqlite3").exists()
