"""Docs of the settings plugins declare (``SteunpuntPluginMeta.settings``), for docs/configuration.md.

The section between the markers in docs/configuration.md is generated: edit a
plugin's declarations (their help texts), then ``steunpunt instellingen_docs --write``.
A test runs ``--check``, so the docs cannot fall behind.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

BEGIN = "<!-- begin: plugin-instellingen (gemaakt door `steunpunt instellingen_docs --write`; niet met de hand bewerken) -->"
END = "<!-- end: plugin-instellingen -->"

TYPE_NAMES = {
    str: "tekst",
    int: "geheel getal",
    float: "getal",
    bool: "`True` of `False`",
    list: "lijst, met komma's",
}


def docs_path():
    return settings.BASE_DIR / "docs" / "configuration.md"


def _cell(text) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _default(setting) -> str:
    value = setting.default
    if value in ("", [], None):
        return "leeg"
    if setting.secret:
        return "(geheim)"
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    return f"`{value}`"


def render(plugins) -> str:
    """The generated Markdown for ``plugins`` (Plugin objects), always in Dutch."""
    with translation.override("nl"):
        parts = []
        for plugin in plugins:
            parts.append(f"### {plugin.verbose_name} (`{plugin.name}`)")
            parts.append("")
            if plugin.description:
                parts.append(_cell(plugin.description))
                parts.append("")
            if not plugin.settings:
                parts.append("Deze plugin heeft geen eigen instellingen.")
                parts.append("")
                continue
            parts.append("| Variabele | Soort | Standaard | Betekenis |")
            parts.append("|---|---|---|---|")
            for setting in plugin.settings:
                parts.append(
                    f"| `{setting.name}` | {TYPE_NAMES[setting.type]} | {_default(setting)} | {_cell(setting.help)} |"
                )
            parts.append("")
        return "\n".join(parts).rstrip() + "\n"


def builtin_plugins():
    """The docs in the repository describe the plugins that ship with the distro, not what happens to be installed."""
    return [p for p in settings.STEUNPUNT_AVAILABLE_PLUGINS.values() if p.source == "builtin"]


def replace_section(text: str, generated: str) -> str:
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise CommandError(
            _("%(path)s heeft niet precies één begin- en eindmarkering voor de plugin-instellingen.")
            % {"path": docs_path()}
        )
    before, rest = text.split(BEGIN, 1)
    _old, after = rest.split(END, 1)
    return f"{before}{BEGIN}\n\n{generated}\n{END}{after}"


class Command(BaseCommand):
    help = _(
        "Toon de instellingen van de plugins als Markdown, of werk het deel daarover in "
        "docs/configuration.md bij (--write) of controleer het (--check)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--write", action="store_true", help=_("Werk docs/configuration.md bij (de ingebouwde plugins).")
        )
        group.add_argument(
            "--check",
            action="store_true",
            help=_("Controleer of docs/configuration.md bij is; exit-code 1 als dat niet zo is."),
        )

    def handle(self, *args, write=False, check=False, **options):
        if not (write or check):
            # Every available plugin, third-party ones too: the reference for this installation.
            self.stdout.write(render(settings.STEUNPUNT_AVAILABLE_PLUGINS.values()), ending="")
            return
        path = docs_path()
        current = path.read_text(encoding="utf-8")
        wanted = replace_section(current, render(builtin_plugins()))
        if check:
            if wanted != current:
                self.stderr.write(
                    _("%(path)s is niet bij: draai 'steunpunt instellingen_docs --write'.") % {"path": path}
                )
                sys.exit(1)
            self.stdout.write(_("%(path)s is bij.") % {"path": path})
            return
        if wanted != current:
            path.write_text(wanted, encoding="utf-8")
            self.stdout.write(_("%(path)s bijgewerkt.") % {"path": path})
        else:
            self.stdout.write(_("%(path)s was al bij.") % {"path": path})
