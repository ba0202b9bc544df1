"""The distro's test settings with this plugin switched on, as an operator does with STEUNPUNT_PLUGINS.

pyproject.toml names this module (DJANGO_SETTINGS_MODULE), so a plain
``python -m pytest`` tests the plugin enabled, next to every built-in plugin.
"""

import os
import tempfile

os.environ.setdefault("STEUNPUNT_PLUGINS", "all,voorbeeld")
# Test uploads and the like go to a scratch directory, not into the installed distro.
os.environ.setdefault("STEUNPUNT_VAR_DIR", os.path.join(tempfile.gettempdir(), "steunpunt-voorbeeld-tests"))

from distro.settings.test import *  # noqa: E402,F403
