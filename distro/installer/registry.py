"""``python -m distro.installer.registry PLUGINS``: check a plugin list with the installed registry.

Run with the venv's Python: the registry also knows plugins that were
pip-installed (entry points). Prints the names to enable, or exits 1 with the
registry's own Dutch message.
"""

import sys

from distro import plugins as registry


def main(wanted: str) -> None:
    try:
        available = registry.available_plugins()
        names = registry.parse_plugin_list(wanted, available)
        registry.resolve_enabled(names, available)
    except registry.PluginError as exc:
        sys.exit(str(exc))
    print(",".join(names))


if __name__ == "__main__":
    main(sys.argv[1])
