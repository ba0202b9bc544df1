"""In-process profile of the agenda sign-up POST (what bench/agenda_signup.py measures).

    .venv/bin/python bench/profile_signup.py [--posts 200] [--sort cumulative] [--lines 45]
        [--queries] [--plain] [--db-url URL]

A throwaway instance (temporary var directory, SQLite unless ``--db-url`` names an empty
PostgreSQL database, the same environment as the benchmark) gets one published meeting.
Django's test client then GETs the sign-up form once and sends ``--posts`` sign-up POSTs
(after 20 to warm up), in this one process, under cProfile. It prints the CPU time per POST
and the profile; with ``--queries`` it also prints the SQL statements of one POST.

No gunicorn, no concurrency: the figure is the work of one POST, without waiting. Compare
it before and after a change in the same session; bench/agenda_signup.py gives the figures
under load that docs/benchmarks.md reports.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "bench"), str(REPO)]

from _instance import run_phase  # noqa: E402 - bench/ is on sys.path from here


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--queries", action="store_true", help="print the SQL of one POST")
    parser.add_argument("--plain", action="store_true", help="time the POSTs without cProfile")
    parser.add_argument("--db-url", default="", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="profile-signup-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="distro.settings.base",
        STEUNPUNT_ENV="demo",
        STEUNPUNT_ENV_FILE="",
        STEUNPUNT_VAR_DIR=var,
        DATABASE_URL=args.db_url or f"sqlite:///{var}/db.sqlite3",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        STEUNPUNT_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        STEUNPUNT_CAPTCHA_TEST_MODE="1",
        STEUNPUNT_FORM_LIMIT_PER_HOUR="1000000",
        STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP="false",
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    # Migrations and setup_site in subprocesses, as in the benchmark: their objects
    # must not stay in this process, which serves like one gunicorn worker.
    subprocess.run([sys.executable, "-m", "distro", "collectstatic", "--noinput", "-v0"], env=env, cwd=REPO, check=True)
    info = run_phase(
        str(REPO / "bench" / "agenda_signup.py"), env, "postgres" if args.db_url else "sqlite", "setup", "100000"
    )

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import distro.wsgi  # noqa: F401 - what a gunicorn worker loads: the URL conf, then gc.freeze()

    client = Client()
    text = client.get(info["path"]).content.decode()
    key = re.search(r'name="captcha_0"[^>]*value="([^"]+)"', text) or re.search(
        r'value="([^"]+)"[^>]*name="captcha_0"', text
    )
    form = {"role": "ouder", "consent": "on", "website": "", "captcha_0": key.group(1), "captcha_1": "PASSED"}

    def post(i):
        # Form-encoded, as browsers and the benchmark's clients send it (the test client's default is multipart).
        body = urlencode(dict(form, name=f"Bench {i}", email=f"p{i:05d}@bench.example"))
        response = client.post(info["path"], body, content_type="application/x-www-form-urlencoded")
        assert response.status_code in (302, 303), (response.status_code, response.content[:2000])

    for i in range(20):
        post(i)
    if args.queries:
        with CaptureQueriesContext(connection) as queries:
            post(19999)
        print(f"{len(queries)} queries in one POST:")
        for q in queries.captured_queries:
            print(" ", q["sql"][:300])
    gc_time = [0.0, 0.0, 0]  # seconds in full collections, in all collections, full collections

    def on_gc(phase, info):
        if phase == "start":
            on_gc.started = time.process_time()
        else:
            spent = time.process_time() - on_gc.started
            gc_time[1] += spent
            if info["generation"] == 2:
                gc_time[0] += spent
                gc_time[2] += 1

    gc.callbacks.append(on_gc)
    # CPU time, not wall time: on a shared machine the wall clock also counts other programs.
    profile = cProfile.Profile(time.process_time)
    started = time.process_time()
    if not args.plain:
        profile.enable()
    for i in range(20, 20 + args.posts):
        post(i)
    profile.disable()
    how = "without profiler" if args.plain else "under cProfile"
    gc.callbacks.remove(on_gc)
    print(f"CPU per POST {(time.process_time() - started) / args.posts * 1000:.1f} ms ({how})")
    print(
        f"  of which garbage collection {gc_time[1] / args.posts * 1000:.1f} ms "
        f"({gc_time[2]} full collections, {gc_time[0] / args.posts * 1000:.1f} ms per POST); "
        f"objects the collector tracks: {len(gc.get_objects())}, frozen: {gc.get_freeze_count()}"
    )
    if not args.plain:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()
