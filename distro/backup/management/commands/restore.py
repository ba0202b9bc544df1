import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from distro.backup import service
from distro.backup.database import BackupError


class Command(BaseCommand):
    help = "Zet een back-up terug (database en uploads). Weigert een database die niet leeg is, behalve met --force."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Het back-upbestand (steunpunt-backup-....tar of .tar.enc).")
        parser.add_argument(
            "--key-file", help="Sleutelbestand van een versleutelde back-up (standaard STEUNPUNT_BACKUP_KEY_FILE)."
        )
        parser.add_argument(
            "--force", action="store_true", help="Ook terugzetten als de database of de uploads niet leeg zijn."
        )

    def handle(self, *args, **options):
        try:
            result = service.restore(options["archive"], key_file=options["key_file"], force=options["force"])
        except BackupError as exc:
            self.stderr.write(f"steunpunt restore: {exc}")
            sys.exit(1)
        manifest = result["manifest"]
        self.stdout.write(
            _(
                "Back-up van %(time)s teruggezet (%(count)d bestanden uit de uploads). Draai nu ./install.sh of steunpunt migrate."
            )
            % {"time": manifest["created_at"], "count": manifest["media_files"]}
        )
        if result["previous_media"]:
            self.stdout.write(
                _("De uploads van voor het terugzetten staan in %(dir)s.") % {"dir": result["previous_media"]}
            )
