"""The installer installs flite where it can, says so where it cannot, and says everything in Dutch.

Against the fake machine (tests/installer/fake_machine.py): no apt-get runs here.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from fake_machine import PRODUCTION, REPO, FakeMachine, install

from distro.installer.options import USAGE
from distro.installer.output import dutch_check_report

APT_INSTALL = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "flite"]
OFF = "De gesproken captcha staat uit: flite ontbreekt"

#: Words that are English and never Dutch; options, paths, URLs and file names are left out first.
ENGLISH = re.compile(
    r"\b(the|and|with|you|your|please|failed|error|errors|warning|warnings|installing|installed|password|"
    r"ready|issue|issues|identified|silenced|found|shown|only|done|after|change|missing|unable|available|"
    r"starting|quit|employee|administrator|user name|hint)\b",
    re.IGNORECASE,
)
#: Quoted text is another program's own words (apt-get's message, a theme name).
NOT_PROSE = re.compile(r"'[^']*'|\"[^\"]*\"|\S*[/._@=*:]\S*|--?[\w-]+")


def english_in(text: str) -> list[str]:
    return [line for line in text.splitlines() if ENGLISH.search(NOT_PROSE.sub(" ", line))]


def run(checkout, machine, capsys, *args):
    code = install(checkout, machine, *args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- flite ------------------------------------------------------------------------


def test_flite_that_is_there_is_left_alone(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path)
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 0
    assert machine.ran("apt-get") == []
    assert "flite is geïnstalleerd: de captcha kan de letters voorlezen." in out
    assert "flite" not in err


def test_as_root_with_apt_flite_is_installed_without_questions(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, programs=("apt-get", "systemctl"))
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 0
    assert machine.ran("apt-get") == [APT_INSTALL]
    [env] = [e for c, e in zip(machine.commands, machine.envs, strict=True) if c[0] == "apt-get"]
    assert env["DEBIAN_FRONTEND"] == "noninteractive"
    assert "==> flite installeren (voorlezen van de captcha)" in out
    assert "flite is geïnstalleerd: de captcha kan de letters voorlezen." in out
    assert err == ""
    # flite comes before the services (re)start, so the site that starts finds it.
    assert machine.commands.index(APT_INSTALL) < machine.commands.index(["systemctl", "daemon-reload"])


def test_stale_package_lists_are_updated_once(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, programs=("apt-get", "systemctl"), apt_failures=1)
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 0
    assert machine.ran("apt-get") == [APT_INSTALL, ["apt-get", "update", "-q"], APT_INSTALL]
    assert err == ""


def test_a_failed_apt_get_is_a_warning_not_a_failed_installation(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, programs=("apt-get", "systemctl"), apt_failures=2)
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 0
    assert machine.ran("systemctl", "restart")  # the site is installed and started all the same
    assert "install.sh: let op: het installeren van flite (het voorleesprogramma) is mislukt" in err
    assert 'apt-get meldt: "E: Unable to locate package flite"' in err
    assert "sudo apt-get update && sudo apt-get install flite" in err
    assert "Draai daarna ./install.sh nog een keer" in err
    # Repeated at the very end, below the next steps.
    assert err.rstrip().endswith(OFF + " (zie de melding hierboven).")


def test_without_root_the_operator_is_told_how_to_enable_it(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, euid=1000, systemd=False, programs=("apt-get",))
    code, out, err = run(checkout, machine, capsys, "--demo", "--no-serve")
    assert code == 0
    assert machine.ran("apt-get") == []
    assert "install.sh: let op: flite (het voorleesprogramma) ontbreekt" in err
    assert "De formulieren werken wel, zonder geluid." in err
    assert "sudo apt-get install flite" in err
    assert OFF in err


def test_without_apt_get_the_operator_uses_their_own_package_manager(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, programs=("systemctl",))
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 0
    assert machine.ran("apt-get") == []
    assert "deze computer heeft geen apt-get" in err
    assert "Installeer het pakket flite met de pakketbeheerder van uw systeem." in err


# --- Everything in Dutch ---------------------------------------------------------------

DJANGO_CHECK_OUTPUT = """\
System check identified some issues:

WARNINGS:
?: (steunpunt.W100) kern.taken: De vaste taken hebben nog nooit gedraaid.
\tHINT: Zet de timer aan.

System check identified 2 issues (1 silenced).
"""


def test_the_deploy_check_is_reported_in_dutch(checkout, tmp_path, capsys):
    machine = FakeMachine(tmp_path, outputs={("steunpunt", "check"): (0, "", DJANGO_CHECK_OUTPUT)})
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 0
    assert "De controle meldt:\n\nWaarschuwingen:\n?: (steunpunt.W100) kern.taken: De vaste taken" in out
    assert "\tTip: Zet de timer aan." in out
    assert "2 meldingen. (1 bewust uitgezet met SILENCED_SYSTEM_CHECKS.)" in out
    assert "System check" not in out + err


def test_a_failing_deploy_check_stops_in_dutch(checkout, tmp_path, capsys):
    failing = "SystemCheckError: System check identified some issues:\n\nERRORS:\n?: (x.E001) fout.\n\nSystem check identified 1 issue (0 silenced)."
    machine = FakeMachine(tmp_path, outputs={("steunpunt", "check"): (1, "", failing)})
    code, out, err = run(checkout, machine, capsys, *PRODUCTION)
    assert code == 2
    assert "De controle meldt:\n\nFouten:\n?: (x.E001) fout.\n\n1 melding." in out
    assert "install.sh: de controle van de productie-instellingen vond fouten" in err
    assert machine.ran("systemctl") == []


def test_no_issues_is_one_dutch_line():
    assert dutch_check_report("System check identified no issues (0 silenced).") == "Geen problemen gevonden."


@pytest.mark.parametrize(
    ("machine_args", "args"),
    [
        ({}, PRODUCTION),
        ({"euid": 1000, "systemd": False, "programs": ()}, PRODUCTION),
        ({"programs": ("apt-get", "systemctl"), "apt_failures": 2}, ["--demo", "--no-serve"]),
        ({}, ["--demo"]),
        ({}, ["--bogus"]),
        ({}, ["--domain", "steun punt"]),
        ({}, [*PRODUCTION, "--service-user", "root"]),
    ],
    ids=["production-root", "production-no-root", "demo-apt-fails", "demo-serve", "bad-option", "bad-domain", "root"],
)
def test_every_line_the_installer_prints_is_dutch(checkout, tmp_path, capsys, machine_args, args):
    machine = FakeMachine(tmp_path, outputs={("steunpunt", "check"): (0, DJANGO_CHECK_OUTPUT, "")}, **machine_args)
    code, out, err = run(checkout, machine, capsys, *args)
    assert out + err
    assert english_in(out + err) == []


def test_the_help_is_dutch():
    assert english_in(USAGE) == []
    assert USAGE.startswith("Gebruik: ./install.sh [opties]")


def test_the_heuristic_does_catch_english():
    assert english_in("Site 'x' is ready at http://localhost:8000/\nPassword shown only once.") != []
    assert english_in("System check identified no issues (0 silenced).") != []


def test_setup_site_tells_the_operator_in_dutch(db):
    from django.core.management import call_command  # noqa: PLC0415 - needs the test database of this test only

    out = io.StringIO()
    call_command("setup_site", "--admin-email", "beheer@example.nl", "--demo-steunpunt", stdout=out)
    text = out.getvalue()
    assert "staat klaar op http://" in text
    assert "Beheerder: beheer@example.nl (gebruikersnaam beheer)  wachtwoord: " in text
    assert "Medewerker steunpunt (demo): gebruikersnaam steunpunt  wachtwoord: " in text
    assert english_in(text) == []


def test_the_demo_server_announces_itself_in_dutch():
    from django.core.management.base import OutputWrapper  # noqa: PLC0415 - see above

    from distro.jobs.management.commands.serve import DutchRunserver  # noqa: PLC0415 - see above

    out = io.StringIO()
    server = DutchRunserver(stdout=out)
    server.addr, server._raw_ipv6, server.stdout = "127.0.0.1", False, OutputWrapper(out)
    server.on_bind(8000)
    assert out.getvalue().startswith("De demosite draait op http://127.0.0.1:8000/ (stoppen met Ctrl+C).")
    assert english_in(out.getvalue()) == []


def test_install_sh_itself_prints_dutch():
    # install.sh's own lines (before Python): its messages are the second arguments of fail().
    text = (REPO / "install.sh").read_text()
    messages = re.findall(r'fail "([^"]*)" \\?\s*"([^"]*)"', text, re.S)
    assert len(messages) >= 3
    for message, hint in messages:
        assert english_in(re.sub(r"\$\w+", "", message + "\n" + hint)) == [], message
    assert subprocess.run(["bash", "-n", str(REPO / "install.sh")], check=False).returncode == 0
