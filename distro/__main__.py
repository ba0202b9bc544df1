"""The ``steunpunt`` command: the distro's manage.py."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "distro.settings.base")
    from django.core.management import execute_from_command_line

    from distro.plugins import PluginError

    try:
        execute_from_command_line(argv or sys.argv)
    except PluginError as exc:
        # Raised while settings load, so Django cannot format it for us.
        sys.stderr.write(f"steunpunt: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
