import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from distro.backup import crypto, service
from distro.backup.database import BackupError


class Command(BaseCommand):
    help = "Maak een back-up van de database en de uploads (één archief in STEUNPUNT_BACKUP_DIR)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--key-file", help="Sleutelbestand om te versleutelen (standaard STEUNPUNT_BACKUP_KEY_FILE)."
        )
        parser.add_argument(
            "--keep", type=int, help="Bewaar alleen de nieuwste N back-ups (standaard STEUNPUNT_BACKUP_KEEP)."
        )
        parser.add_argument("--generate-key", metavar="BESTAND", help="Maak een nieuw sleutelbestand en stop.")

    def handle(self, *args, **options):
        try:
            if options["generate_key"]:
                path = Path(options["generate_key"])
                if path.exists():
                    raise BackupError(
                        _("%(path)s bestaat al; een bestaande sleutel wordt nooit overschreven.") % {"path": path}
                    )
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path, "x", encoding="ascii", opener=lambda p, flags: os.open(p, flags, 0o600)) as f:
                    f.write(crypto.generate_key() + "\n")
                self.stdout.write(
                    _(
                        "Sleutel geschreven in %(path)s. Bewaar een kopie op een andere plek: zonder sleutel is een versleutelde back-up niet terug te zetten."
                    )
                    % {"path": path}
                )
                return
            result = service.backup(key_file=options["key_file"], keep=options["keep"])
        except BackupError as exc:
            self.stderr.write(f"steunpunt backup: {exc}")
            sys.exit(1)
        self.stdout.write(
            _("Back-up gemaakt: %(path)s (%(count)d bestanden uit de uploads).")
            % {"path": result.path, "count": result.media_files}
        )
        if settings.STEUNPUNT_MEDIA_S3_BUCKET:
            self.stdout.write(
                _(
                    "De uploads staan in de bucket %(bucket)s en zitten niet in deze back-up. Zet versies (versioning) aan op de bucket, of maak er een eigen back-up van."
                )
                % {"bucket": settings.STEUNPUNT_MEDIA_S3_BUCKET}
            )
        for old in result.removed:
            self.stdout.write(_("Oude back-up verwijderd: %(name)s") % {"name": old.name})
