"""One backup = one archive file: the database snapshot, every media file and a manifest.

Layout (a tar file, optionally encrypted as a whole, see crypto.py)::

    database.sqlite3 | database.pgdump    consistent snapshot (database.py)
    media/<path>                          every file under MEDIA_ROOT
    manifest.json                         last: time, engine, versions, sha256 and size of every member

An archive is written under a hidden temporary name and renamed when it is
complete and flushed to disk, so a full disk or a killed process never
leaves a file that looks like a backup. A restore unpacks and checks the
whole archive in a staging folder before it touches the database or media.
"""

import errno
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from . import crypto, database
from .database import ENGINE_NAMES, MEMBER, BackupError

FORMAT = 1
PREFIX = "steunpunt-backup-"
SUFFIXES = (".tar", ".tar.enc")
MANIFEST = "manifest.json"
#: A temporary file this old is left over from a killed backup: removed.
STALE_AFTER_SECONDS = 24 * 3600


def _version(package):
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def archives(backup_dir) -> list[Path]:
    """The finished backups in ``backup_dir``, oldest first (the names sort by time)."""
    backup_dir = Path(backup_dir)
    if not backup_dir.is_dir():
        return []
    return sorted(
        p for p in backup_dir.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(SUFFIXES) and p.is_file()
    )


class _Sink:
    """The archive file being written; every byte goes through ``write``."""

    def __init__(self, f):
        self.f = f

    def write(self, data) -> int:
        return self.f.write(data)


class _HashingReader:
    def __init__(self, f):
        self.f = f
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n=-1):
        data = self.f.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


@dataclass
class Result:
    path: Path
    media_files: int
    removed: list


def _is_inside(path: Path, folder: Path) -> bool:
    return path.resolve() == folder.resolve() or folder.resolve() in path.resolve().parents


def _remove_stale_temporaries(backup_dir: Path) -> None:
    for p in backup_dir.iterdir():
        if p.name.startswith("." + PREFIX) and time.time() - p.stat().st_mtime > STALE_AFTER_SECONDS:
            shutil.rmtree(p) if p.is_dir() else p.unlink()


def _add(tar, files, path: Path, arcname: str) -> None:
    info = tar.gettarinfo(str(path), arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as f:
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    files[arcname] = {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def create_backup(backup_dir, db: dict, media_root, key_file="", keep=0) -> Result:
    """Write a new archive into ``backup_dir`` and keep only the newest ``keep`` (0 = all).

    ``media_root`` None: the uploads are in a bucket, which keeps its own versions; the
    archive then holds the database only.
    """
    backup_dir = Path(backup_dir)
    media_root = Path(media_root) if media_root is not None else None
    engine = database.engine_of(db)
    if media_root is not None and _is_inside(backup_dir, media_root):
        # Media are served to the public; backups hold every question ever asked.
        raise BackupError(
            _("De map voor back-ups (%(dir)s) mag niet in de map met uploads staan.") % {"dir": backup_dir}
        )
    key = crypto.read_key(key_file) if key_file else None
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_temporaries(backup_dir)
    stamp = datetime.now(UTC)
    # Microseconds keep two backups in one second apart and the names in time order.
    name = f"{PREFIX}{stamp:%Y%m%d-%H%M%S-%f}{SUFFIXES[1] if key else SUFFIXES[0]}"
    final, temporary = backup_dir / name, backup_dir / f".{name}.tmp"
    try:
        with tempfile.TemporaryDirectory(dir=backup_dir, prefix=f".{PREFIX}werk-") as work:
            snapshot = Path(work) / MEMBER[engine]
            database.snapshot(db, snapshot)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                sink = _Sink(f)
                out = crypto.EncryptingWriter(sink, key) if key else sink
                files = {}
                with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    _add(tar, files, snapshot, MEMBER[engine])
                    media_files = 0
                    if media_root is not None and media_root.is_dir():
                        for root, dirs, names in os.walk(media_root):
                            dirs.sort()
                            for filename in sorted(names):
                                path = Path(root) / filename
                                if path.is_symlink() or not path.is_file():
                                    continue
                                try:
                                    _add(tar, files, path, "media/" + path.relative_to(media_root).as_posix())
                                except FileNotFoundError:
                                    continue  # deleted while the backup ran
                                media_files += 1
                    manifest = {
                        "format": FORMAT,
                        "created_at": stamp.isoformat(),
                        "engine": engine,
                        "app_version": _version("steunpunt-in-a-box"),
                        "django_version": _version("Django"),
                        "wagtail_version": _version("wagtail"),
                        "media_files": media_files,
                        "files": files,
                    }
                    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(stamp.timestamp()), 0o600
                    tar.addfile(info, io.BytesIO(data))
                if key:
                    out.finish()
                f.flush()
                os.fsync(f.fileno())
        os.replace(temporary, final)
        dir_fd = os.open(backup_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise BackupError(
                _(
                    "De schijf is vol: de back-up is niet gemaakt. Eerdere back-ups zijn niet veranderd. Maak ruimte vrij in %(dir)s."
                )
                % {"dir": backup_dir}
            ) from None
        if isinstance(exc, OSError):
            raise BackupError(_("De back-up is niet gemaakt: %(error)s") % {"error": exc}) from None
        raise
    removed = []
    if keep > 0:
        for old in archives(backup_dir)[:-keep]:
            old.unlink()
            removed.append(old)
    return Result(final, media_files, removed)


def _damaged(detail: str) -> BackupError:
    return BackupError(
        _("De back-up is beschadigd of niet helemaal geschreven (%(detail)s). Er is niets veranderd.")
        % {"detail": detail}
    )


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _damaged(_("onveilige bestandsnaam %(name)s") % {"name": name})
    return path


def _unpack(tar_path: Path, into: Path) -> dict:
    """Unpack and check every member; returns the manifest."""
    found = {}
    try:
        with tarfile.open(tar_path, mode="r:") as tar:
            for member in tar:
                relative = _safe_member_path(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise _damaged(_("onverwacht soort bestand %(name)s") % {"name": member.name})
                target = into.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                reader = _HashingReader(tar.extractfile(member))
                with open(target, "wb") as out:
                    shutil.copyfileobj(reader, out)
                if reader.size != member.size:
                    raise _damaged(_("%(name)s is afgebroken") % {"name": member.name})
                found[member.name] = {"sha256": reader.sha256.hexdigest(), "size": reader.size}
    except (tarfile.TarError, EOFError, OSError, UnicodeError) as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            raise BackupError(
                _("De schijf is vol: de back-up kan niet worden uitgepakt. Er is niets veranderd.")
            ) from None
        raise _damaged(_("het archief kan niet worden gelezen")) from None
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
        expected = manifest["files"]
        if manifest.get("format") != FORMAT or not isinstance(expected, dict):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError):
        raise _damaged(_("de inhoudslijst ontbreekt of is onleesbaar")) from None
    found.pop(MANIFEST, None)
    for name in sorted(set(expected) | set(found)):
        if found.get(name) != expected.get(name):
            raise _damaged(_("controle van %(name)s klopt niet") % {"name": name})
    return manifest


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def restore_backup(archive, db: dict, media_root, key_file="", force=False) -> dict:
    """Put database and media back from ``archive``. Checks everything before it changes anything.

    ``media_root`` None: the uploads are in a bucket; only the database comes back.
    """
    archive = Path(archive)
    media_root = Path(media_root) if media_root is not None else None
    if not archive.is_file():
        raise BackupError(_("Het back-upbestand %(path)s bestaat niet.") % {"path": archive})
    engine = database.engine_of(db)
    # Staged next to the media folder: moving it into place is then one rename.
    staging_parent = media_root.parent if media_root is not None else archive.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=staging_parent, prefix=".steunpunt-herstel-"))
    try:
        tar_path = archive
        if crypto.is_encrypted(archive):
            if not key_file:
                raise BackupError(
                    _(
                        "Deze back-up is versleuteld. Geef het sleutelbestand met --key-file of in STEUNPUNT_BACKUP_KEY_FILE."
                    )
                )
            tar_path = staging / "archief.tar"
            crypto.decrypt_file(archive, tar_path, crypto.read_key(key_file))
        content = staging / "inhoud"
        content.mkdir()
        manifest = _unpack(tar_path, content)
        if manifest.get("engine") != engine or MEMBER[engine] not in manifest["files"]:
            raise BackupError(
                _(
                    "Deze back-up is van een %(theirs)s-database; deze site gebruikt %(ours)s. Zet hem terug op een site met %(theirs)s."
                )
                % {
                    "theirs": ENGINE_NAMES.get(manifest.get("engine"), manifest.get("engine")),
                    "ours": ENGINE_NAMES[engine],
                }
            )
        if media_root is None and manifest.get("media_files"):
            raise BackupError(
                _(
                    "Deze back-up bevat %(count)d uploads, maar deze site bewaart uploads in een bucket (STEUNPUNT_MEDIA_S3_BUCKET). Zet hem terug op een site zonder bucket en kopieer de uploads daarna naar de bucket."
                )
                % {"count": manifest["media_files"]}
            )
        if not force:
            if not database.is_empty(db):
                raise BackupError(
                    _(
                        "De database %(name)s is niet leeg. Terugzetten overschrijft alles wat erin staat; doe dat alleen met --force."
                    )
                    % {"name": db["NAME"]}
                )
            if media_root is not None and not _is_empty_dir(media_root):
                raise BackupError(
                    _("De map %(dir)s is niet leeg. Terugzetten vervangt de uploads; doe dat alleen met --force.")
                    % {"dir": media_root}
                )
        database.load(db, content / MEMBER[engine], force=force)
        kept = None
        if media_root is None:
            return {"manifest": manifest, "previous_media": None}
        if media_root.exists():
            if _is_empty_dir(media_root):
                media_root.rmdir()
            else:
                kept = media_root.with_name(f"{media_root.name}.voor-herstel-{datetime.now():%Y%m%d-%H%M%S}")
                media_root.rename(kept)
        restored_media = content / "media"
        if restored_media.is_dir():
            restored_media.rename(media_root)
        else:
            media_root.mkdir()
        return {"manifest": manifest, "previous_media": kept}
    finally:
        shutil.rmtree(staging, ignore_errors=True)
