"""The installer's production branch, run in-process against a fake machine.

No systemd, no root and no pip are needed: the machine (users, systemd,
processes) is one object (distro.installer.system.System) that these tests
replace. Plugin lists are still checked by the real registry, and the files
(var/steunpunt.env, the units) are really written, in a temporary checkout.
"""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from fake_machine import PRODUCTION, FakeMachine, install


def env_lines(checkout):
    return (checkout / "var" / "steunpunt.env").read_text().splitlines()


def env_value(checkout, key):
    values = [line.split("=", 1)[1] for line in env_lines(checkout) if line.startswith(f"{key}=")]
    return values[-1] if values else None


def test_production_as_root_writes_and_starts_the_units_for_the_service_user(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path)
    assert install(checkout, machine, *PRODUCTION, "--service-user", "steunpunt", "--bind", "127.0.0.1:8010") == 0

    web = (machine.unit_dir / "steunpunt-web.service").read_text()
    assert "User=steunpunt" in web.splitlines()
    assert f"WorkingDirectory={checkout}" in web.splitlines()
    assert f"ExecStart={checkout}/.venv/bin/gunicorn distro.wsgi:application --bind 127.0.0.1:8010 --workers 3" in web
    assert "UMask=0027" in web and "NoNewPrivileges=true" in web
    worker = (machine.unit_dir / "steunpunt-worker.service").read_text()
    assert f"ExecStart={checkout}/.venv/bin/steunpunt db_worker --interval 5" in worker
    assert "User=steunpunt" in worker.splitlines()
    jobs = (machine.unit_dir / "steunpunt-jobs.service").read_text()
    assert f"ExecStart={checkout}/.venv/bin/steunpunt run_jobs" in jobs and "Type=oneshot" in jobs
    assert "OnCalendar=*:0/5" in (machine.unit_dir / "steunpunt-jobs.timer").read_text()
    # The copies in var/systemd/ are the same files.
    assert (checkout / "var/systemd/steunpunt-web.service").read_text() == web

    assert machine.ran("systemctl") == [
        ["systemctl", "daemon-reload"],
        ["systemctl", "enable", "--quiet", "steunpunt-web.service", "steunpunt-worker.service", "steunpunt-jobs.timer"],
        ["systemctl", "restart", "steunpunt-web.service", "steunpunt-worker.service"],
        ["systemctl", "start", "steunpunt-jobs.timer"],
    ]
    # Root made var/; the service user must own it to write there.
    assert machine.ran("chown") == [["chown", "-R", "steunpunt:", str(checkout / "var")]]
    assert "Diensten geïnstalleerd en gestart" in capsys.readouterr().out


def test_production_configuration_is_private_and_complete(checkout, tmp_path, monkeypatch):
    # A DATABASE_URL in the operator's shell must not reach the site's commands.
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/other")
    machine = FakeMachine(tmp_path)
    assert install(checkout, machine, *PRODUCTION) == 0

    env_file = checkout / "var" / "steunpunt.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((checkout / "var").stat().st_mode) == 0o750
    assert env_value(checkout, "STEUNPUNT_ENV") == "'production'"
    assert env_value(checkout, "ALLOWED_HOSTS") == "'steunpunt.example.nl'"
    assert env_value(checkout, "WAGTAILADMIN_BASE_URL") == "'https://steunpunt.example.nl'"
    assert env_value(checkout, "STEUNPUNT_TRUSTED_PROXIES") == "'127.0.0.1,::1'"
    assert env_value(checkout, "STEUNPUNT_PLUGINS") == "'agenda,evaluatie,informatieset_sync,signalen'"
    assert len(env_value(checkout, "SECRET_KEY")) > 50

    steps = [c[1] for c in machine.ran("steunpunt")]
    assert steps == ["migrate", "setup_site", "collectstatic", "check"]
    setup_site = machine.ran("steunpunt", "setup_site")[0]
    assert setup_site[setup_site.index("--domain") + 1] == "steunpunt.example.nl"
    assert setup_site[setup_site.index("--port") + 1] == "443"
    assert "--demo" not in setup_site
    assert machine.ran("steunpunt", "check") == [
        [str(checkout / ".venv/bin/steunpunt"), "check", "--deploy", "--fail-level", "ERROR"]
    ]
    for env in (e for c, e in zip(machine.commands, machine.envs, strict=True) if Path(c[0]).name == "steunpunt"):
        assert "DATABASE_URL" not in env
        assert env["DJANGO_SETTINGS_MODULE"] == "distro.settings.base"
        assert env["umask"] == 0o027
        assert env["PYTHONDONTWRITEBYTECODE"] == "1"  # root's caches would be unreadable for the services


def test_an_upgrade_keeps_var_the_secret_key_and_the_operators_own_lines(checkout, tmp_path):
    machine = FakeMachine(tmp_path)
    assert install(checkout, machine, *PRODUCTION) == 0
    env_file = checkout / "var" / "steunpunt.env"
    secret = env_value(checkout, "SECRET_KEY")
    env_file.write_text(env_file.read_text() + "EMAIL_BACKEND='anymail.backends.mailgun.EmailBackend'\n")
    (checkout / "var" / "media").mkdir()
    (checkout / "var" / "media" / "foto.jpg").write_bytes(b"uploaded")

    # An upgrade needs no --domain or --admin-email: they are in var/ already.
    machine = FakeMachine(tmp_path)
    assert install(checkout, machine, "--theme", "groot-en-duidelijk") == 0

    assert env_value(checkout, "SECRET_KEY") == secret
    assert env_value(checkout, "EMAIL_BACKEND") == "'anymail.backends.mailgun.EmailBackend'"
    assert env_value(checkout, "STEUNPUNT_THEME") == "'groot-en-duidelijk'"
    assert env_value(checkout, "ALLOWED_HOSTS") == "'steunpunt.example.nl'"
    assert env_value(checkout, "STEUNPUNT_ENV") == "'production'"
    assert [line.split("=")[0] for line in env_lines(checkout)].count("SECRET_KEY") == 1
    assert (checkout / "var" / "media" / "foto.jpg").read_bytes() == b"uploaded"
    assert [c[1] for c in machine.ran("steunpunt")] == ["migrate", "setup_site", "collectstatic", "check"]


def test_without_systemd_the_units_are_written_and_the_crontab_line_is_shown(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, euid=1000, systemd=False)
    assert install(checkout, machine, *PRODUCTION) == 0
    out = capsys.readouterr().out
    assert (checkout / "var/systemd/steunpunt-web.service").is_file()
    assert not list(machine.unit_dir.iterdir())
    assert machine.ran("systemctl") == [] and machine.ran("chown") == []
    cron = f"*/5 * * * * cd '{checkout}' && .venv/bin/steunpunt run_jobs >/dev/null && .venv/bin/steunpunt db_worker --batch --no-startup-delay >/dev/null"
    assert cron in out
    assert f"cp {checkout}/var/systemd/steunpunt-* /etc/systemd/system/" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "onbekende optie: --bogus"),
        (["--domain", "https://steunpunt.example.nl", "--admin-email", "a@example.nl"], "zonder http(s)://"),
        (["--domain", "steun punt", "--admin-email", "a@example.nl"], "geen geldige domeinnaam"),
        ([*PRODUCTION, "--database-url", "mysql://x/y"], "--database-url moet beginnen met sqlite:///"),
        ([*PRODUCTION, "--database-url", "postgres://localhost"], "--database-url noemt geen database"),
        ([*PRODUCTION, "--service-user", "root"], "de diensten zouden als root draaien"),
        ([*PRODUCTION, "--service-user", "bestaat-niet"], "gebruiker 'bestaat-niet' bestaat niet"),
        (["--admin-email", "a@example.nl"], "is --domain verplicht"),
        (["--domain", "steunpunt.example.nl", "--yes"], "--admin-email"),
        ([*PRODUCTION, "--bind", "8000"], "ADRES:POORT"),
        ([*PRODUCTION, "--service-name", "steun punt"], "--service-name"),
        ([*PRODUCTION, "--informatieset-key", "abc"], "--informatieset-key is geen publieke sleutel"),
        ([*PRODUCTION, "--plugins", "nope"], "onbekende plugin: nope"),
    ],
)
def test_bad_options_change_nothing(checkout, tmp_path, capsys, args, expected):
    machine = FakeMachine(tmp_path)
    assert install(checkout, machine, *args) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert err.startswith("install.sh: ")
    assert not (checkout / "var").exists() and not (checkout / ".venv").exists()
    assert machine.commands == [] and not list(machine.unit_dir.iterdir())


def test_the_services_of_another_installation_are_never_taken_over(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path)
    (machine.unit_dir / "steunpunt-web.service").write_text("[Service]\nWorkingDirectory=/srv/ander-swv\n")
    assert install(checkout, machine, *PRODUCTION) == 2
    assert "Kies een andere naam met --service-name" in capsys.readouterr().err
    assert (machine.unit_dir / "steunpunt-web.service").read_text() == "[Service]\nWorkingDirectory=/srv/ander-swv\n"
    assert not (checkout / "var").exists()

    assert install(checkout, machine, *PRODUCTION, "--service-name", "steunpunt-tweede") == 0
    assert "User=steunpunt" in (machine.unit_dir / "steunpunt-tweede-web.service").read_text()


def test_demo_on_a_production_installation_is_refused(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path)
    assert install(checkout, machine, *PRODUCTION) == 0
    before = (checkout / "var" / "steunpunt.env").read_text()
    assert install(checkout, FakeMachine(tmp_path), "--demo") == 2
    assert "productie-installatie: --demo kan hier niet" in capsys.readouterr().err
    assert (checkout / "var" / "steunpunt.env").read_text() == before


def test_the_demo_sets_up_example_content_and_starts_the_server(checkout, tmp_path):
    machine = FakeMachine(tmp_path, euid=1000, systemd=False)
    assert install(checkout, machine, "--demo", "--port", "8123") == 0
    setup_site = machine.ran("steunpunt", "setup_site")[0]
    assert {"--demo", "--demo-steunpunt"} <= set(setup_site)
    assert setup_site[setup_site.index("--port") + 1] == "8123"
    assert setup_site[setup_site.index("--admin-email") + 1] == "beheerder@example.org"
    assert machine.ran("steunpunt", "check") == []  # the deploy check is for production
    assert env_value(checkout, "STEUNPUNT_ENV") == "'demo'"
    assert env_value(checkout, "WAGTAILADMIN_BASE_URL") == "'http://127.0.0.1:8123'"
    assert machine.replaced_by == [str(checkout / ".venv/bin/steunpunt"), "serve", "127.0.0.1:8123"]
    assert not (checkout / "var" / "systemd").exists()


def test_no_serve_leaves_the_demo_stopped(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, euid=1000, systemd=False)
    assert install(checkout, machine, "--demo", "--no-serve") == 0
    assert machine.replaced_by is None
    assert ".venv/bin/steunpunt serve 127.0.0.1:8000" in capsys.readouterr().out


def test_a_failing_step_stops_with_its_name(checkout, tmp_path, capsys):
    class FailingMigrate(FakeMachine):
        def run(self, command, **kwargs):
            if Path(str(command[0])).name == "steunpunt" and command[1] == "migrate":
                return subprocess.CompletedProcess(command, 1, "", "")
            return super().run(command, **kwargs)

    machine = FailingMigrate(tmp_path)
    assert install(checkout, machine, *PRODUCTION) == 2
    assert "'steunpunt migrate' is mislukt" in capsys.readouterr().err
    assert machine.ran("steunpunt", "setup_site") == [] and machine.ran("systemctl") == []
