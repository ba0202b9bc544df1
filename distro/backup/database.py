"""Consistent snapshots of the database, and loading one into an empty database.

SQLite: the online backup API copies a consistent state page by page while
the site keeps running (a plain file copy of a WAL database can be torn).
PostgreSQL: ``pg_dump`` reads everything in one snapshot transaction;
``pg_restore --single-transaction`` loads all or nothing.

Every function takes a Django database settings dict, so a restore can target
another database than the one the site runs on (the tests do).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
#: The database file's name inside the archive, per engine.
MEMBER = {SQLITE: "database.sqlite3", POSTGRESQL: "database.pgdump"}


class BackupError(Exception):
    """A problem the operator can act on; the message is Dutch and says what to do."""


def engine_of(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if engine.endswith("postgresql"):
        return POSTGRESQL
    raise BackupError(_("Back-ups werken alleen met SQLite en PostgreSQL, niet met %(engine)s.") % {"engine": engine})


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            _("%(tool)s is niet gevonden. Installeer het met: sudo apt install postgresql-client") % {"tool": name}
        )
    return path


def _run(args: list, db: dict, what: str) -> None:
    result = subprocess.run(args, env=_pg_env(db), capture_output=True, text=True)
    if result.returncode != 0:
        # pg_dump refuses a server newer than itself; its own line says so.
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        raise BackupError(_("%(what)s is mislukt: %(detail)s") % {"what": what, "detail": detail})


def snapshot(db: dict, target: Path) -> None:
    """Write a consistent copy of the database ``db`` to the file ``target``."""
    engine = engine_of(db)
    if engine == SQLITE:
        # A connection of its own, never the site's: that one may be inside a
        # transaction, and the backup would wait for it forever. With WAL the
        # copy reads the last committed state without blocking the site.
        source = sqlite3.connect(db["NAME"], timeout=20)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
    else:
        args = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", db["NAME"]]
        _run(args, db, _("pg_dump (de database opslaan)"))


def is_empty(db: dict) -> bool:
    """True if the database has no tables yet (a fresh install before migrate)."""
    if engine_of(db) == SQLITE:
        path = db["NAME"]
        if not Path(path).exists():
            return True
        con = sqlite3.connect(path, timeout=20)
        try:
            return con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
        finally:
            con.close()
    try:
        con = psycopg.connect(dbname=db["NAME"], connect_timeout=10, **_pg_connect_kwargs(db))
    except psycopg.Error as exc:
        raise BackupError(
            _("Kan de database %(name)s niet openen: %(error)s") % {"name": db["NAME"], "error": exc}
        ) from None
    with con:
        row = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return row[0] == 0


def _pg_connect_kwargs(db: dict) -> dict:
    kwargs = {k.lower(): db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
    if db.get("OPTIONS", {}).get("sslmode"):
        kwargs["sslmode"] = db["OPTIONS"]["sslmode"]
    return kwargs


def load(db: dict, source: Path, force: bool = False) -> None:
    """Replace the contents of database ``db`` with the snapshot in ``source``."""
    if engine_of(db) == SQLITE:
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        src = sqlite3.connect(source)
        dst = sqlite3.connect(db["NAME"], timeout=20)
        try:
            # The backup API replaces the whole destination in one go.
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        args = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if force:
            args += ["--clean", "--if-exists"]
        args += [f"--dbname={db['NAME']}", str(source)]
        _run(args, db, _("pg_restore (de database terugzetten)"))
