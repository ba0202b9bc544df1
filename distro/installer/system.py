"""Everything the installer asks of the machine, in one object the tests can replace."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path


class System:
    """The real machine: users, systemd, processes."""

    unit_dir = Path("/etc/systemd/system")
    systemd_runtime = Path("/run/systemd/system")

    def euid(self) -> int:
        return os.geteuid()

    def uid_of(self, user: str) -> int | None:
        try:
            return pwd.getpwnam(user).pw_uid
        except KeyError:
            return None

    def owner_of(self, path: Path) -> str:
        uid = path.stat().st_uid
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return str(uid)

    def which(self, program: str) -> str | None:
        return shutil.which(program)

    def has_systemd(self) -> bool:
        return shutil.which("systemctl") is not None and self.systemd_runtime.is_dir()

    def interactive(self) -> bool:
        return sys.stdin.isatty()

    def ask(self, prompt: str) -> str:
        return input(prompt)

    def run(self, command: list[str], *, env: dict | None = None, capture: bool = False, umask: int | None = None):
        """Run a command; with ``capture`` its output is returned instead of shown."""
        return subprocess.run(
            command,
            env=env,
            capture_output=capture,
            text=True,
            check=False,
            preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
        )

    def replace_process(self, command: list[str], *, env: dict, umask: int) -> None:
        """Become ``command`` (the demo server): Ctrl+C then stops the site, not a wrapper."""
        os.umask(umask)
        os.execve(command[0], command, env)
