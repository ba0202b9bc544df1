"""Write the publisher's informatieset as a feed: feed.json, feed.json.sig and assets/.

    steunpunt export_informatieset --out DIR [--sign-key FILE] [--index PAGE_ID]

The directory is written next to DIR first and swapped in at the end, so a
web server that serves DIR never sees half a feed, and an error leaves the
previous export untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plugins.informatieset_sync.export import ExportError, build_feed, feed_bytes, load_private_key, sign
from plugins.informatieset_sync.models import BronIndexPage

#: What an export writes; DIR may hold nothing else, so replacing it destroys nothing.
EXPORT_NAMES = {"feed.json", "feed.json.sig", "assets"}


class Command(BaseCommand):
    help = "Exporteer de bronpagina's van de informatieset als feed (feed.json, handtekening en afbeeldingen)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Map waarin feed.json en assets/ komen.")
        parser.add_argument("--sign-key", help="Privésleutel (van informatieset_keygen) om de feed te ondertekenen.")
        parser.add_argument("--index", type=int, help="Id van de bronpagina (BronIndexPage); standaard de eerste.")

    def handle(self, *args, out, sign_key=None, index=None, **options):
        target = Path(out).expanduser().absolute()
        private_key = self._private_key(sign_key) if sign_key else None
        self._check_target(target)
        root = self._index(index)

        try:
            feed, assets = build_feed(root)
        except ExportError as exc:
            raise CommandError(str(exc)) from None
        raw = feed_bytes(feed)

        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            (staging / "feed.json").write_bytes(raw)
            if private_key is not None:
                (staging / "feed.json.sig").write_bytes(sign(raw, private_key))
            (staging / "assets").mkdir()
            for data, _media_type, filename in assets.values():
                (staging / "assets" / filename).write_bytes(data)
            # mkdtemp makes the directory 0700; a web server must be able to read it.
            os.chmod(staging, 0o755)
            self._swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

        self.stdout.write(
            _(
                "Feed geschreven in %(dir)s: revisie %(revision)s, %(items)s pagina's in %(languages)s, %(assets)s afbeeldingen%(signed)s."
            )
            % {
                "dir": target,
                "revision": feed["revision"],
                "items": len(feed["items"]),
                "languages": ", ".join(feed["languages"]),
                "assets": len(assets),
                "signed": _(", ondertekend") if private_key is not None else "",
            }
        )

    def _private_key(self, path):
        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Kan het sleutelbestand %(path)s niet lezen: %(error)s") % {"path": path, "error": exc.strerror}
            ) from None
        try:
            return load_private_key(data)
        except ExportError as exc:
            raise CommandError(f"{path}: {exc}") from None

    def _check_target(self, target: Path):
        if target.exists() and not target.is_dir():
            raise CommandError(_("%(path)s bestaat al en is geen map.") % {"path": target})
        if target.is_dir():
            other = sorted(p.name for p in target.iterdir() if p.name not in EXPORT_NAMES)
            if other:
                raise CommandError(
                    _(
                        "De map %(path)s bevat andere bestanden (%(names)s). Kies een lege map of een map met alleen een eerdere export."
                    )
                    % {"path": target, "names": ", ".join(other[:5])}
                )

    def _index(self, page_id):
        if page_id is not None:
            page = BronIndexPage.objects.filter(pk=page_id).first()
            if page is None:
                raise CommandError(_("Er is geen bronpagina (informatieset uitgeven) met id %(id)s.") % {"id": page_id})
            if not page.live:
                raise CommandError(_("De bronpagina '%(title)s' is niet gepubliceerd.") % {"title": page.title})
            return page
        page = BronIndexPage.objects.live().filter(locale__language_code="nl").order_by("path").first()
        if page is None:
            raise CommandError(
                _(
                    "Er is geen gepubliceerde bronpagina (informatieset uitgeven) in het Nederlands. Maak die eerst aan in het beheer."
                )
            )
        return page

    def _swap(self, staging: Path, target: Path):
        """Replace ``target`` with ``staging``; at every moment one complete export is in place."""
        if not target.exists():
            os.replace(staging, target)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
        try:
            os.replace(staging, target)
        except BaseException:
            os.replace(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
