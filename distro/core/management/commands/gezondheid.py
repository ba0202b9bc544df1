import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from distro import health
from distro.extensions import HealthResult

LABELS = {HealthResult.OK: "ok", HealthResult.WARNING: "waarschuwing", HealthResult.ERROR: "FOUT"}


class Command(BaseCommand):
    help = _(
        "Voer de gezondheidscontroles van de site en de plugins uit. Exit-code 1 als er een fout is, "
        "anders 0 (ook bij waarschuwingen)."
    )

    # A health report must come out also when the system checks would fail.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("Geef het resultaat als JSON, voor scripts."))

    def handle(self, *args, json: bool = False, **options):
        outcomes = health.run_checks()
        status = health.overall(outcomes)
        if json:
            self.stdout.write(_dumps({"status": status, "checks": [o.as_dict() for o in outcomes]}))
        else:
            width = max((len(o.check.name) for o in outcomes), default=0)
            for outcome in outcomes:
                self.stdout.write(
                    f"{LABELS[outcome.result.status]:<12}  {outcome.check.name:<{width}}  {outcome.result.message}".rstrip()
                )
            self.stdout.write("")
            self.stdout.write(
                {
                    HealthResult.OK: _("Alles in orde."),
                    HealthResult.WARNING: _("Er zijn waarschuwingen; de site werkt wel."),
                    HealthResult.ERROR: _("Er is een fout: los die zo snel mogelijk op."),
                }[status]
            )
        if status == HealthResult.ERROR:
            raise SystemExit(1)


def _dumps(data):
    # The option is called --json, which shadows the module inside handle().
    return json.dumps(data, ensure_ascii=False, indent=2)
