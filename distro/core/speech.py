"""Text read aloud with ``flite``, the program behind the spoken captcha, for any public page.

``speak(text)`` gives a WAV file, made once per text and kept in the cache
(the texts are page content, not visitor input, so the set is small).
Without flite, ``available()`` is False and pages offer no audio at all.
"""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from .captcha import audio_available

#: flite reads long texts slowly and the files grow fast: a question, its help and its answers fit.
MAX_CHARACTERS = 1500
CACHE_SECONDS = 7 * 24 * 3600


class SpeechUnavailable(Exception):
    """flite is missing or failed."""


def available() -> bool:
    return audio_available()


def speak(text: str) -> bytes:
    """The WAV of ``text`` (shortened to MAX_CHARACTERS); raises SpeechUnavailable."""
    text = " ".join(text.split())[:MAX_CHARACTERS]
    key = "speech:" + hashlib.sha256(text.encode()).hexdigest()
    found = cache.get(key)
    if found is not None:
        return found
    if not available():
        raise SpeechUnavailable
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "speech.wav"
        try:
            # The text goes as one argument, never through a shell.
            subprocess.run(  # noqa: S603
                [settings.CAPTCHA_FLITE_PATH, "-t", text, "-o", str(out)], check=True, timeout=20, capture_output=True
            )
            wav = out.read_bytes()
        except (OSError, subprocess.SubprocessError) as exc:
            raise SpeechUnavailable from exc
    cache.set(key, wav, CACHE_SECONDS)
    return wav
