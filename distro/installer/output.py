"""What the installer prints, and how it stops halfway."""

from __future__ import annotations

import sys


class Failed(Exception):
    """A step failed after the checks; the message says what to do."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def say(text: str = "") -> None:
    print(text, flush=True)


def step(text: str) -> None:
    say(f"\n==> {text}")


def error(message: str, hint: str = "") -> int:
    print(f"install.sh: {message}", file=sys.stderr)
    if hint:
        print(hint, file=sys.stderr)
    return 2
