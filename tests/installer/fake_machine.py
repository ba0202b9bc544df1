"""A fake machine for the installer (distro.installer.system.System), shared by the installer tests.

No systemd, root, pip or apt is needed: every command is recorded and
succeeds, except the plugin registry, which really runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from distro.installer import cli
from distro.installer.system import System

REPO = Path(__file__).resolve().parent.parent.parent

PRODUCTION = ["--domain", "steunpunt.example.nl", "--admin-email", "beheer@example.nl", "--yes"]


class FakeMachine(System):
    def __init__(
        self,
        tmp: Path,
        *,
        euid=0,
        systemd=True,
        users=None,
        owner="steunpunt",
        programs=("flite", "apt-get", "systemctl"),
        apt_failures=0,
        outputs=None,
    ):
        self.unit_dir = tmp / "etc-systemd-system"
        self.unit_dir.mkdir(exist_ok=True)
        self._euid, self._systemd, self._owner = euid, systemd, owner
        self.users = {"root": 0, "steunpunt": 998, **(users or {})}
        #: programs on the PATH; "apt-get install ... flite" adds flite unless it is made to fail
        self.programs = set(programs)
        self.apt_failures = apt_failures
        #: (program file name, first argument) -> (returncode, stdout, stderr) instead of success
        self.outputs = outputs or {}
        self.commands: list[list[str]] = []
        self.envs: list[dict] = []
        self.replaced_by: list[str] | None = None

    def euid(self):
        return self._euid

    def uid_of(self, user):
        return self.users.get(user)

    def owner_of(self, path):
        return self._owner

    def which(self, program):
        return f"/usr/bin/{program}" if program in self.programs else None

    def has_systemd(self):
        return self._systemd

    def interactive(self):
        return False

    def run(self, command, *, env=None, capture=False, umask=None):
        command = [str(part) for part in command]
        if "distro.installer.registry" in command:
            # The real registry, from this test's own Python.
            return subprocess.run([sys.executable, *command[1:]], capture_output=True, text=True, cwd=REPO)
        if command[1:3] == ["-m", "venv"]:
            python = Path(command[3]) / "bin" / "python"
            python.parent.mkdir(parents=True)
            python.write_text("")
        self.commands.append(command)
        self.envs.append(dict(env or {}, umask=umask))
        if command[:2] == ["apt-get", "install"]:
            if self.apt_failures:
                self.apt_failures -= 1
                return subprocess.CompletedProcess(command, 100, "", "E: Unable to locate package flite\n")
            self.programs.add("flite")
        returncode, out, err = self.outputs.get(
            (Path(command[0]).name, command[1] if len(command) > 1 else ""), (0, "", "")
        )
        return subprocess.CompletedProcess(command, returncode, out, err)

    def replace_process(self, command, *, env, umask):
        self.replaced_by = command

    def ran(self, *start: str) -> list[list[str]]:
        """Commands whose first words (file name of the program) are ``start``."""
        return [c for c in self.commands if [Path(c[0]).name, *c[1 : len(start)]] == list(start)]


def install(checkout, machine, *args):
    return cli.main(list(args), root=checkout, system=machine)
