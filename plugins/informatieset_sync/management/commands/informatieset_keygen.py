"""Make the Ed25519 key pair with which a publisher signs its informatieset feed.

    steunpunt informatieset_keygen --out FILE

Writes the private key (PEM, readable by its owner only) and prints the
public key that consumer sites configure as STEUNPUNT_INFORMATIESET_PUBLIC_KEY
(or with ./install.sh --informatieset-key).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plugins.informatieset_sync.export import public_key_base64


class Command(BaseCommand):
    help = "Maak een sleutelpaar om de feed van de informatieset te ondertekenen."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Bestand voor de privésleutel (wordt niet overschreven).")

    def handle(self, *args, out, **options):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        path = Path(out).expanduser()
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            # O_EXCL: never overwrite a key that consumers already trust.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(
                _("%(path)s bestaat al. Een bestaande sleutel wordt niet overschreven; kies een andere naam.")
                % {"path": path}
            ) from None
        except OSError as exc:
            raise CommandError(
                _("Kan %(path)s niet schrijven: %(error)s") % {"path": path, "error": exc.strerror}
            ) from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        os.chmod(path, 0o600)  # whatever the umask was

        public = public_key_base64(key)
        self.stdout.write(
            _("Privésleutel geschreven in %(path)s (alleen leesbaar voor u). Bewaar die goed.") % {"path": path}
        )
        self.stdout.write(_("Publieke sleutel voor de websites die de feed gebruiken:"))
        self.stdout.write(public)
        self.stdout.write(
            _("Zet die daar met ./install.sh --informatieset-key %(key)s (of STEUNPUNT_INFORMATIESET_PUBLIC_KEY).")
            % {"key": public}
        )
