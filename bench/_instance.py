"""What the benchmark scripts share: a throwaway database with its own var
directory, and running one phase of a script in a subprocess that uses it.

Phases run in subprocesses so that each gets its own Django settings (read
once per process) from the environment the script builds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def pg_admin(sql: str):
    """Run one statement on the PostgreSQL server's maintenance database; its rows, if any."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


class ThrowawayDatabase:
    """A var directory and a fresh database in it (SQLite) or on the local PostgreSQL server."""

    def __init__(self, kind: str, workdir: Path, label: str):
        self.kind = kind
        self.var = workdir / f"var-{kind}-{label}"
        self.var.mkdir()
        if kind == "sqlite":
            self.url = f"sqlite:///{self.var / 'bench.sqlite3'}"
        else:
            self.name = f"steunpunt_bench_{os.getpid()}_{label}"
            pg_admin(f'CREATE DATABASE "{self.name}"')
            self.url = f"{PG_SERVER}/{self.name}"

    def drop(self):
        if self.kind == "postgres":
            pg_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run_phase(script: str, env: dict, kind: str, name: str, *args: str, show_stderr: bool = False) -> dict:
    """Run ``script --phase name args`` and return the figures it printed on its ``RESULT`` line.

    Its standard error is shown when it fails, or always with ``show_stderr``."""
    result = subprocess.run(
        [sys.executable, script, "--phase", name, *args], env=env, cwd=REPO, capture_output=True, text=True
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    failed = result.returncode != 0 or not lines
    if result.stderr.strip() and (show_stderr or failed):
        sys.stderr.write(result.stderr)
    if failed:
        sys.stdout.write(result.stdout)
        raise SystemExit(f"phase {name} on {kind} failed (exit {result.returncode})")
    return json.loads(lines[-1][len("RESULT ") :])


def print_result(**figures):
    """What a phase prints for run_phase to read."""
    print("RESULT " + json.dumps(figures), flush=True)


def steunpunt(env: dict, *args: str):
    """Run one of the instance's management commands (``steunpunt <args>``) in ``env``."""
    subprocess.run([str(VENV_BIN / "steunpunt"), *args], env=env, cwd=REPO, check=True, capture_output=True, text=True)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def databases(args) -> list[str]:
    """The databases ``--db`` asks for."""
    return ["sqlite", "postgres"] if args.db == "both" else [args.db]


def each_database(title: str, args, label: str, measure, report) -> int:
    """Measure on each database ``--db`` asks for, in a temporary directory; exit status 0 if every
    target was met.

    ``measure(kind, workdir, static_root, args)`` returns the figures, ``report(kind, figures,
    args)`` prints them and says whether the targets were met. A failure on one database is
    reported and the other still runs."""
    print(f"{title}, {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"load average (1, 5, 15 min): {load()}", flush=True)
    all_ok = True
    with tempfile.TemporaryDirectory(prefix=f"bench-{label}-") as tmp:
        workdir = Path(tmp)
        static_root = workdir / "static"
        # The demo settings serve static files through whitenoise's manifest storage: without
        # collectstatic every page would fail. Done once for both databases (it needs none).
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="distro.settings.base",
            STEUNPUNT_ENV="demo",
            STEUNPUNT_ENV_FILE="",
            STEUNPUNT_VAR_DIR=str(workdir / "var-static"),
            STATIC_ROOT=str(static_root),
            DATABASE_URL=f"sqlite:///{workdir / 'var-static' / 'unused.sqlite3'}",
            PYTHONPATH=str(REPO),
        )
        steunpunt(env, "collectstatic", "--noinput", "-v0")
        for kind in databases(args):
            try:
                figures = measure(kind, workdir, static_root, args)
            except (Exception, SystemExit) as exc:  # noqa: BLE001 - the other database still runs
                print(f"\n== {kind}: FAIL, the run stopped: {exc}", flush=True)
                all_ok = False
                continue
            all_ok &= report(kind, figures, args)
            shutil.rmtree(workdir / f"var-{kind}-{label}", ignore_errors=True)
    print(f"\nload average at the end: {load()}")
    print("ALL PASS" if all_ok else "SOME TARGETS FAILED")
    return 0 if all_ok else 1
