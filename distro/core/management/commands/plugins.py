import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distro.plugins import compatibility_problem, installed_versions


class Command(BaseCommand):
    help = _("Toon welke plugins er zijn en welke aan staan.")

    # Listing plugins must work on a site whose database is not migrated yet.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("Geef de lijst als JSON, voor scripts."))

    def handle(self, *args, json: bool = False, **options):
        available = settings.STEUNPUNT_AVAILABLE_PLUGINS
        enabled = set(settings.STEUNPUNT_ENABLED_PLUGINS)
        versions = installed_versions()
        rows = [
            {
                "name": plugin.name,
                "verbose_name": str(plugin.verbose_name),
                "description": str(plugin.description),
                "version": plugin.version,
                "requires": list(plugin.requires),
                "source": plugin.source,
                "distribution": plugin.distribution,
                "module": plugin.module,
                "enabled": plugin.name in enabled,
                "compatibility": dict(plugin.compatibility),
                # An enabled plugin always fits: the site does not start otherwise.
                "compatibility_problem": compatibility_problem(plugin, versions),
                "settings": [setting.name for setting in plugin.settings],
            }
            for plugin in available.values()
        ]
        if json:
            self.stdout.write(_json_dumps(rows))
            return
        if not rows:
            self.stdout.write(_("Er zijn geen plugins geïnstalleerd."))
            return
        self._write_table(rows)

    def _write_table(self, rows):
        headers = [_("Plugin"), _("Naam"), _("Versie"), _("Heeft nodig"), _("Bron"), _("Aan")]
        table = [
            [
                row["name"],
                row["verbose_name"],
                row["version"],
                ", ".join(row["requires"]) or "-",
                _("ingebouwd")
                if row["source"] == "builtin"
                else _("pakket %(name)s") % {"name": row["distribution"] or "?"},
                _("ja") if row["enabled"] else _("nee") if not row["compatibility_problem"] else _("nee (past niet)"),
            ]
            for row in rows
        ]
        widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *table, strict=True)]
        for line in [headers, *table]:
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            )
        enabled = sum(row["enabled"] for row in rows)
        self.stdout.write("")
        for row in rows:
            if row["compatibility_problem"]:
                self.stdout.write(_("Let op: %(problem)s") % {"problem": row["compatibility_problem"]})
        self.stdout.write(
            ngettext(
                "%(enabled)s van de %(total)s plugins staat aan.",
                "%(enabled)s van de %(total)s plugins staan aan.",
                enabled,
            )
            % {"enabled": enabled, "total": len(rows)}
        )
        self.stdout.write(
            _(
                "Een plugin aan- of uitzetten: pas STEUNPUNT_PLUGINS aan in %(config)s "
                "en voer daarna 'steunpunt migrate' uit."
            )
            % {"config": settings.VAR_DIR / "steunpunt.env"}
        )


def _json_dumps(rows):
    # The option is called --json, which shadows the module inside handle().
    return json.dumps(rows, ensure_ascii=False, indent=2)
