"""What the installer prints, and how it stops halfway."""

from __future__ import annotations

import re
import sys

#: Django's own words around the messages of ``steunpunt check`` (the messages themselves
#: are the checks' own; the distro's are Dutch).
_CHECK_GROUPS = {
    "CRITICALS:": "Ernstige fouten:",
    "ERRORS:": "Fouten:",
    "WARNINGS:": "Waarschuwingen:",
    "INFOS:": "Ter informatie:",
    "DEBUGS:": "Details:",
}
_CHECK_TOTAL = re.compile(r"System check identified (no issues|1 issue|(\d+) issues) \((\d+) silenced\)\.")


class Failed(Exception):
    """A step failed after the checks; the message says what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def say(text: str = "") -> None:
    print(text, flush=True)


def step(text: str) -> None:
    say(f"\n==> {text}")


def warn(message: str, hint: str = "") -> None:
    """Something the operator should know and can fix later; the installation goes on."""
    print(f"install.sh: let op: {message}", file=sys.stderr, flush=True)
    if hint:
        print(hint, file=sys.stderr, flush=True)


def error(message: str, hint: str = "") -> int:
    print(f"install.sh: {message}", file=sys.stderr)
    if hint:
        print(hint, file=sys.stderr)
    return 2


def dutch_check_report(text: str) -> str:
    """The output of ``steunpunt check`` with Django's English framing in Dutch."""
    out = []
    for line in text.splitlines():
        line = line.removeprefix("SystemCheckError: ")
        if line.strip() == "System check identified some issues:":
            line = "De controle meldt:"
        elif line.strip() in _CHECK_GROUPS:
            line = _CHECK_GROUPS[line.strip()]
        elif total := _CHECK_TOTAL.fullmatch(line.strip()):
            found = 0 if total.group(1) == "no issues" else int(total.group(2) or 1)
            silenced = int(total.group(3))
            line = "Geen problemen gevonden." if not found else f"{found} {'melding' if found == 1 else 'meldingen'}."
            if silenced:
                line += f" ({silenced} bewust uitgezet met SILENCED_SYSTEM_CHECKS.)"
        else:
            line = line.replace("\tHINT: ", "\tTip: ")
        out.append(line)
    return "\n".join(out)
