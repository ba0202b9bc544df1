"""What the benchmark scripts share: a throwaway database with its own var
directory, and running one phase of a script in a subprocess that uses it.

Phases run in subprocesses so that each gets its own Django settings (read
once per process) from the environment the script builds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
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
