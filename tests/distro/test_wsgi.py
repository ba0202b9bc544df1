"""The WSGI entry point that gunicorn loads (distro.wsgi)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc
import distro.wsgi
# Everything loaded at start-up is out of the collector's sight: a full
# collection in a request no longer scans Django, Wagtail and the plugins.
print(gc.get_freeze_count(), len(gc.get_objects(generation=2)))
"""


def test_application_starts_with_its_code_loaded_and_frozen_for_the_garbage_collector(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STEUNPUNT_", "DATABASE_"))}
    env.update(STEUNPUNT_ENV="demo", STEUNPUNT_ENV_FILE="", STEUNPUNT_VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, still_scanned = map(int, result.stdout.split())
    # The URL configuration (and so every view and plugin) was imported before the freeze.
    assert frozen > 100_000
    assert still_scanned < frozen / 10
