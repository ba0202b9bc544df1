"""The ``steunpunt`` command: the distro's manage.py."""

import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line
from environs import EnvError

from distro.plugins import PluginError


def _uses_settings_option(argv):
    return any(arg == "--settings" or arg.startswith("--settings=") for arg in argv)


def main(argv=None):
    argv = argv or sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "distro.settings.base")
    try:
        if not _uses_settings_option(argv):
            # Load the settings before Django does: Django swallows
            # ImproperlyConfigured there and later reports a misleading
            # "Unknown command" or a long traceback instead of the real problem.
            settings.INSTALLED_APPS  # noqa: B018
    except (PluginError, EnvError, ImproperlyConfigured) as exc:
        _config_error(exc)
    try:
        execute_from_command_line(argv)
    except (PluginError, EnvError) as exc:
        # Raised while settings load (with --settings), so Django cannot format it for us.
        _config_error(exc)


def _config_error(exc):
    sys.stderr.write(f"steunpunt: {exc}\n")
    sys.exit(2)


if __name__ == "__main__":
    main()
