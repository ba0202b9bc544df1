"""A password rule against the guessable passwords the standard validators let through.

Django's validators accept ``Aaaaaaaaaaaa``, ``abcabcabcabc``, ``123456789012``
and ``Steunpunt2024!``: long enough, not in the common list, not all digits,
and still the first things an attacker tries.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Alphabets in which a step of one character is "the next key": an attacker's
#: list walks them forwards and backwards.
SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm")
#: Words anyone would try first on this site.
SITE_WORDS = ("steunpunt", "wachtwoord", "password", "welkom", "wagtail", "admin", "beheerder", "ouder", "jeugd")


def _smallest_period(text: str) -> int:
    """Length of the shortest unit that, repeated, makes ``text``."""
    for size in range(1, len(text) // 2 + 1):
        if (text[:size] * (len(text) // size + 1))[: len(text)] == text:
            return size
    return len(text)


def _step(a: str, b: str) -> int | None:
    """+1 or -1 if b follows a in one of the sequences (digits wrap), 0 if equal."""
    if a == b:
        return 0
    for seq in SEQUENCES:
        if a in seq and b in seq:
            diff = seq.index(b) - seq.index(a)
            if seq == "0123456789":
                diff = (diff + 5) % 10 - 5  # 9 -> 0 is a step of +1
            if diff in (1, -1):
                return diff
    return None


def _runs(text: str) -> int:
    """How many stretches of "same or next key" characters make up ``text``."""
    runs, direction = 1, None
    for a, b in zip(text, text[1:], strict=False):
        step = _step(a, b)
        if step is None or (step and direction and step != direction):
            runs, direction = runs + 1, None
        elif step:
            direction = step
    return runs


def _core(text: str) -> str:
    """The word part, without the digits and signs people add to meet a rule."""
    return re.sub(r"^[\W\d_]+|[\W\d_]+$", "", text.lower())


class GuessablePasswordValidator:
    """Refuses repetitions, key sequences and passwords made from the user's name or the site's."""

    def __init__(self, max_runs: int = 3):
        self.max_runs = max_runs

    def _derived_words(self, user) -> set[str]:
        words = {w for w in SITE_WORDS}
        site_name = str(getattr(settings, "WAGTAIL_SITE_NAME", "")).lower()
        words.update(w for w in re.split(r"\W+", site_name) if len(w) > 3)
        words.add(re.sub(r"\W+", "", site_name))
        if user is not None:
            for value in (
                getattr(user, "username", ""),
                (getattr(user, "email", "") or "").split("@")[0],
                getattr(user, "first_name", ""),
                getattr(user, "last_name", ""),
            ):
                value = (value or "").lower()
                if value:
                    words.add(value)
                    words.update(w for w in re.split(r"[\W_]+", value) if len(w) > 3)
        return {w for w in words if w}

    def validate(self, password, user=None):
        text = password.lower()
        if _smallest_period(text) < len(text) or len(set(text)) <= 3:
            raise ValidationError(
                _("Dit wachtwoord herhaalt steeds dezelfde tekens. Kies een wachtwoord dat moeilijker te raden is."),
                code="password_repeated",
            )
        if _runs(text) <= self.max_runs:
            raise ValidationError(
                _("Dit wachtwoord is een reeks die makkelijk te raden is, zoals abcdef of 123456."),
                code="password_sequence",
            )
        core = _core(text)
        words = self._derived_words(user)
        if not core or core in words or _smallest_period(core) < len(core) and core[: _smallest_period(core)] in words:
            raise ValidationError(
                _(
                    "Dit wachtwoord lijkt te veel op uw gebruikersnaam, uw e-mailadres of de naam van de site. "
                    "Kies iets wat anderen niet kunnen afleiden."
                ),
                code="password_derived",
            )

    def get_help_text(self):
        return _(
            "Uw wachtwoord mag geen herhaling (aaaa, abcabc) of reeks (abcd, 1234) zijn, en niet lijken op uw naam, "
            "uw e-mailadres of de naam van de site. Een zin van een paar woorden is sterk en goed te onthouden."
        )
