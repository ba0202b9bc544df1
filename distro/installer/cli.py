"""``python -m distro.installer``: check, then install or upgrade (what ``./install.sh`` runs)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from distro.installer.apply import run
from distro.installer.checks import Plan, Refused, make_plan
from distro.installer.options import USAGE, UsageError, parse
from distro.installer.output import Failed, dutch_check_report, error, say
from distro.installer.system import System

ROOT = Path(__file__).resolve().parent.parent.parent

#: Variables of the calling shell that must not make the installer migrate one
#: database and configure the services for another: the installer does exactly
#: what var/steunpunt.env says.
CALLER_SETTINGS = (
    "DATABASE_URL SECRET_KEY STEUNPUNT_ENV STEUNPUNT_PLUGINS STEUNPUNT_THEME ALLOWED_HOSTS WAGTAILADMIN_BASE_URL "
    "STEUNPUNT_NAME STEUNPUNT_VAR_DIR STEUNPUNT_ENV_FILE STEUNPUNT_INFORMATIESET_SOURCE "
    "STEUNPUNT_INFORMATIESET_PUBLIC_KEY"
).split()


def main(argv: list[str] | None = None, *, root: Path | None = None, system: System | None = None) -> int:
    # install.sh names the directory it is in: that checkout is installed, even
    # when this package was imported from another one (an editable install).
    root = root or Path(os.environ.get("STEUNPUNT_INSTALL_ROOT") or ROOT)
    system = system or System()
    try:
        options = parse(sys.argv[1:] if argv is None else argv)
    except UsageError as exc:
        return error(str(exc), exc.hint)
    if options.help:
        print(USAGE, end="")
        return 0
    caller_dir = Path(os.environ.get("STEUNPUNT_INSTALL_CALLER_DIR") or os.getcwd())
    installer = Installer(root, system)
    try:
        plan = make_plan(
            options, root, system, caller_dir=caller_dir, registry_check=installer.registry_check_if_installed
        )
    except Refused as exc:
        return error(str(exc), exc.hint)
    if plan.problems:
        for problem in plan.problems:
            print(f"install.sh: {problem}", file=sys.stderr)
        print("Er is niets veranderd. Kijk bij ./install.sh --help.", file=sys.stderr)
        return 2
    try:
        return installer.apply(plan)
    except Failed as exc:
        return error(str(exc), exc.hint)


class Installer:
    def __init__(self, root: Path, system: System):
        self.root, self.system = root, system
        self.venv = root / ".venv"
        self.python = self.venv / "bin" / "python"

    # --- the installed software -------------------------------------------------

    def venv_ok(self) -> bool:
        if not self.python.exists():
            return False
        check = "import sys; sys.exit(sys.version_info < (3, 11))"
        return self.system.run([str(self.python), "-c", check], capture=True).returncode == 0

    def registry_check_if_installed(self, wanted: str):
        """Check plugins through the real registry, which also knows pip-installed ones; None before .venv."""
        if (
            not self.venv_ok()
            or self.system.run([str(self.python), "-c", "import distro.plugins"], capture=True).returncode
        ):
            return None
        return self.registry_check(wanted)

    def registry_check(self, wanted: str) -> tuple[str, str | None]:
        result = self.system.run([str(self.python), "-m", "distro.installer.registry", wanted], capture=True)
        lines = (result.stdout if result.returncode == 0 else result.stderr).strip().splitlines()
        last = lines[-1] if lines else ""
        return (last, None) if result.returncode == 0 else (wanted, last or "de plugins zijn niet te controleren.")

    def install_software(self) -> None:
        if not self.venv_ok():
            say(f"Virtuele Python-omgeving maken in .venv met Python {sys.version.split()[0]}")
            # A broken one, e.g. after the system Python was upgraded, is made again.
            shutil.rmtree(self.venv, ignore_errors=True)
            if self.system.run([sys.executable, "-m", "venv", str(self.venv)]).returncode:
                raise Failed("het maken van .venv is mislukt (zie hierboven).", "Installeer python3-venv.")
        say("Pakketten installeren (de eerste keer duurt dit een paar minuten)...")
        # pip's warnings are for developers of the packaging: shown only when it fails.
        pip = self.system.run([str(self.python), "-m", "pip", "install", "--quiet", "-e", str(self.root)], capture=True)
        if pip.returncode:
            print(pip.stdout + pip.stderr, file=sys.stderr)
            raise Failed(
                "het installeren van de pakketten is mislukt (zie hierboven).",
                "Controleer de internetverbinding en probeer het opnieuw. Er is niets veranderd in var/.",
            )

    # --- running the site's own commands ------------------------------------------

    def clean_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in CALLER_SETTINGS}
        env["DJANGO_SETTINGS_MODULE"] = "distro.settings.base"
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        if self.system.euid() == 0:
            # Root's bytecode caches in the source tree would be unreadable for the service user.
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def steunpunt(self, *args: str) -> None:
        # umask 027: the database file, uploads and mail stay private (the units use the same).
        command = [str(self.venv / "bin" / "steunpunt"), *args]
        if self.system.run(command, env=self.clean_env(), umask=0o027).returncode:
            raise Failed(
                f"'steunpunt {args[0]}' is mislukt (zie hierboven).", "Los het op en draai ./install.sh opnieuw."
            )

    def steunpunt_check(self) -> None:
        """``steunpunt check --deploy``, its report shown with Dutch framing."""
        command = [str(self.venv / "bin" / "steunpunt"), "check", "--deploy", "--fail-level", "ERROR"]
        result = self.system.run(command, env=self.clean_env(), capture=True, umask=0o027)
        report = dutch_check_report((result.stdout or "") + (result.stderr or "")).strip()
        if report:
            say(report)
        if result.returncode:
            raise Failed(
                "de controle van de productie-instellingen vond fouten (zie hierboven).",
                "Los ze op in var/steunpunt.env en draai ./install.sh opnieuw.",
            )

    # --- the run ---------------------------------------------------------------------

    def apply(self, plan: Plan) -> int:
        return run(self, plan)
