"""Benchmark of signing up for a meeting under load (issue 4), on SQLite and PostgreSQL.

    .venv/bin/python bench/agenda_signup.py [--db sqlite|postgres|both] [--requests 300]
        [--clients 30] [--capacity 100] [--workers 2] [--tasks db|immediate] [--send-mail]

For each database, in a throwaway instance (a temporary var directory, settings
from environment variables only, STEUNPUNT_ENV=demo):

* ``migrate``, ``setup_site`` and one published meeting (Bijeenkomst) with
  ``--capacity`` places, a waiting list, at most 1 person per sign-up, sign-up open;
* gunicorn with ``--workers`` sync workers on 127.0.0.1 and a free port, with
  the same environment;
* ``--clients`` concurrent clients (asyncio coroutines in one thread); each first GETs the sign-up form once (CSRF cookie and
  token, captcha key), then all start together and send the ``--requests``
  sign-up POSTs between them, each with its own e-mail address. The captcha is
  answered "PASSED" (``STEUNPUNT_CAPTCHA_TEST_MODE=1``), the honeypot stays
  empty, and ``STEUNPUNT_FORM_LIMIT_PER_HOUR`` is raised so the per-IP limit
  (every client is 127.0.0.1) does not refuse the load;
* afterwards the database is counted: confirmed and waiting registrations,
  the place counters, the queued mail tasks.

Targets (exit 1 if any fails): confirmed == min(capacity, requests), waiting ==
the rest, no 5xx answers, p95 of the POSTs <= 300 ms.

Mail never leaves the machine: EMAIL_BACKEND is the file backend (var/mail/
of the throwaway instance). Tasks: ``--tasks db`` (the default) uses
django-tasks-db as in production, so a request only queues its mail; with
``--send-mail`` a ``db_worker --batch`` sends the queue after the load and the
mail files are counted. ``--tasks immediate`` is the demo default: the mail is
rendered and written inside the request, after the commit.

PostgreSQL databases are created on postgres://postgres@127.0.0.1:5432 and
dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from _instance import (  # bench/ is on sys.path
    REPO,
    VENV_BIN,
    ThrowawayDatabase,
    databases,
    each_database,
    load,
    pg_admin,
    print_result,
    steunpunt,
)
from _instance import run_phase as run_script_phase

P95_TARGET_MS = 300.0
TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


# --- the parent process -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance(ThrowawayDatabase):
    """A throwaway steunpunt: its var directory, database and environment."""

    def __init__(self, kind: str, workdir: Path, static_root: Path, args):
        super().__init__(kind, workdir, "agenda")
        self.static_root = static_root
        self.args = args

    def env(self) -> dict:
        # Nothing from the caller's environment that could point the instance
        # at a real mail provider, cache or instance config.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("STEUNPUNT_", "ANYMAIL_", "EMAIL_", "DJANGO_"))
            and k not in ("DATABASE_URL", "REDIS_URL", "DATABASE_CONN_MAX_AGE", "DEFAULT_FROM_EMAIL", "SECRET_KEY")
        }
        if self.args.conn_max_age is not None:
            env["DATABASE_CONN_MAX_AGE"] = str(self.args.conn_max_age)
        env.update(
            DJANGO_SETTINGS_MODULE="distro.settings.base",
            STEUNPUNT_ENV="demo",
            STEUNPUNT_ENV_FILE="",
            STEUNPUNT_VAR_DIR=str(self.var),
            STATIC_ROOT=str(self.static_root),
            DATABASE_URL=self.url,
            # Mail is written to <var>/mail/, never sent.
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            STEUNPUNT_TASKS_BACKEND=TASK_BACKENDS[self.args.tasks],
            # "PASSED" answers every captcha (refused by the production settings).
            STEUNPUNT_CAPTCHA_TEST_MODE="1",
            # Every client is 127.0.0.1: without this the per-IP limit (10 an hour) refuses the load.
            STEUNPUNT_FORM_LIMIT_PER_HOUR="1000000",
            # setup_site must not sync the bundled informatieset: not what is measured.
            STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP="false",
            PYTHONPATH=str(REPO),
        )
        return env


def phase(instance: Instance, name: str, *args: str) -> dict:
    return run_script_phase(__file__, instance.env(), instance.kind, name, *args)


def process_cpu_seconds(pid) -> float:
    """User + system CPU time of one process (Linux /proc; 0 if it is gone or unknown)."""
    try:
        # Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def postgres_cpu_seconds() -> float:
    """CPU time of the local PostgreSQL server's processes (0 if they cannot be read)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    total += process_cpu_seconds(entry.name)
            except OSError:
                continue
    return total


class Gunicorn:
    def __init__(self, instance: Instance, workers: int):
        self.port = free_port()
        self.log = instance.var / "gunicorn.log"
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "distro.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--error-logfile",
                str(self.log),
            ],
            env=instance.env(),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, path: str, workers: int, timeout: float = 120.0):
        """Until the form answers 200 and every worker has loaded Django (a few requests)."""
        import requests

        deadline = time.monotonic() + timeout
        ok = 0
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped (exit {self.process.returncode}); see {self.log}:\n{self.tail()}")
            try:
                if requests.get(self.base + path, timeout=10).status_code == 200:
                    ok += 1
                    if ok >= 2 * workers:
                        return
                    continue
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s:\n{self.tail()}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far (Linux /proc; 0 elsewhere)."""
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return 0.0
        return sum(process_cpu_seconds(pid) for pid in children)

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CAPTCHA_RE = re.compile(r'name="captcha_0"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="captcha_0"')


def fire(base: str, path: str, total: int, clients: int, on_start=None) -> dict:
    """``clients`` concurrent clients send ``total`` sign-up POSTs between them; latencies of the POSTs.

    The clients are coroutines in one thread (asyncio, plain HTTP/1.1): they
    share the machine's CPUs with the server, so they should use little, and
    threads would add their own wait for Python's GIL to the latencies.
    """
    return asyncio.run(_fire(base, path, total, clients, on_start))


async def _http(
    host: str, port: int, method: str, path: str, headers: dict, body: bytes = b""
) -> tuple[int, dict, str]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Connection: close",
            f"Content-Length: {len(body)}",
        ]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        response_headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                response_headers.setdefault(name.strip().lower(), []).append(value.strip())
        # "Connection: close": the body ends when the server closes.
        text = (await reader.read()).decode("utf-8", "replace")
        return int(status_line.split()[1]), response_headers, text
    finally:
        writer.close()


async def _fire(base, path, total, clients, on_start):
    from urllib.parse import urlencode, urlsplit

    host, port = urlsplit(base).hostname, urlsplit(base).port
    ready = asyncio.Barrier(clients + 1)
    next_index = iter(range(total))
    results: list[tuple[float, int]] = []  # (latency in s, status; 0 = no answer)
    problems: list[str] = []

    async def client(number: int):
        form, headers = {}, {}
        try:
            status, response_headers, text = await _http(host, port, "GET", path, {})
            cookies = "; ".join(response_headers.get("set-cookie", []))
            csrf, captcha, cookie = (
                CSRF_RE.search(text),
                CAPTCHA_RE.search(text),
                re.search(r"csrftoken=([^;]+)", cookies),
            )
            if status != 200 or not csrf or not captcha or not cookie:
                raise RuntimeError(
                    f"form page: status {status}, csrf {bool(csrf)}, captcha {bool(captcha)}, cookie {bool(cookie)}"
                )
            form = {
                "csrfmiddlewaretoken": csrf.group(1),
                "role": "ouder",
                "consent": "on",
                "website": "",  # the honeypot
                "captcha_0": captcha.group(1) or captcha.group(2),
                "captcha_1": "PASSED",
            }
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie.group(1)}"}
        except Exception as exc:  # noqa: BLE001 - reported, and the client sends nothing
            problems.append(f"client {number}: {exc}")
        await ready.wait()
        if not form:
            return
        for index in next_index:
            body = urlencode(dict(form, name=f"Bench Deelnemer {index}", email=f"deelnemer{index:04d}@bench.example"))
            start = time.perf_counter()
            try:
                # The redirect is not followed: the POST itself is measured.
                status = (await asyncio.wait_for(_http(host, port, "POST", path, headers, body.encode()), 60))[0]
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                status = 0
                problems.append(f"POST {index}: {exc!r}")
            results.append((time.perf_counter() - start, status))

    tasks = [asyncio.create_task(client(n)) for n in range(clients)]
    await ready.wait()
    if on_start:
        on_start()
    start = time.perf_counter()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - start

    latencies = sorted(r[0] * 1000 for r in results)
    statuses: dict[str, int] = {}
    for _latency, status in results:
        statuses[str(status)] = statuses.get(str(status), 0) + 1

    def pct(p: float) -> float:
        # Nearest rank: the value at or below which p % of the POSTs fall.
        if not latencies:
            return float("nan")
        return latencies[max(0, min(len(latencies) - 1, -(-len(latencies) * p // 100) - 1))]

    return {
        "sent": len(results),
        "wall": wall,
        "statuses": statuses,
        "server_errors": sum(1 for _l, s in results if s >= 500),
        "no_answer": sum(1 for _l, s in results if s == 0),
        "p50": pct(50),
        "p95": pct(95),
        "max": latencies[-1] if latencies else float("nan"),
        "problems": problems[:10],
    }


def bench_database(kind: str, workdir: Path, static_root: Path, args) -> dict:
    instance = Instance(kind, workdir, static_root, args)
    server = None
    try:
        t0 = time.perf_counter()
        meeting = phase(instance, "setup", str(args.capacity))
        print(f"  [{kind}] instance ready in {time.perf_counter() - t0:.1f} s: {meeting['path']}", flush=True)
        server = Gunicorn(instance, args.workers)
        server.wait_ready(meeting["path"], args.workers)
        load_before = load()
        cpu = {}
        # Read when the clients have their forms and are about to POST: only the POSTs count.
        figures = fire(
            server.base,
            meeting["path"],
            args.requests,
            args.clients,
            on_start=lambda: cpu.update(start=server.cpu_seconds(), postgres=postgres_cpu_seconds()),
        )
        figures["load_before"], figures["load_after"] = load_before, load()
        figures["server_cpu"] = server.cpu_seconds() - cpu.get("start", 0.0)
        if kind == "postgres":
            # Ended connections' backends are gone by now, so this is a lower bound.
            figures["postgres_cpu"] = postgres_cpu_seconds() - cpu.get("postgres", 0.0)
        server.stop()
        if figures["server_errors"] or figures["no_answer"]:
            print(f"  [{kind}] gunicorn log (last lines):\n{server.tail()}", flush=True)
        figures.update(phase(instance, "count", str(meeting["page_id"])))
        if args.send_mail and args.tasks == "db":
            t0 = time.perf_counter()
            steunpunt(instance.env(), "db_worker", "--batch", "--no-startup-delay")
            figures["drain_seconds"] = time.perf_counter() - t0
            figures.update(phase(instance, "count", str(meeting["page_id"])))
        mail_dir = instance.var / "mail"
        # The file backend may append several messages to one file (its name
        # has the second and an object id), so count the separator lines it
        # writes after each message.
        separator = "-" * 79
        figures["mails"] = sum(
            line == separator
            for path in (mail_dir.iterdir() if mail_dir.is_dir() else [])
            for line in path.read_text(errors="replace").splitlines()
        )
        return figures
    finally:
        if server:
            server.stop()
        instance.drop()


def report(kind: str, f: dict, args) -> bool:
    expected_confirmed = min(args.capacity, args.requests)
    expected_waiting = args.requests - expected_confirmed
    print(
        f"\n== {kind}: {f['sent']} POSTs from {args.clients} clients, {args.workers} gunicorn workers, tasks: {args.tasks}"
    )
    print(f"   load average before {f['load_before']}, after {f['load_after']}")
    print(f"   answers: {f['statuses']} (302 = signed up, redirected to the thank-you page)")
    if f["problems"]:
        print("   problems: " + "; ".join(f["problems"]))
    print(
        f"   latency of the POSTs: p50 {f['p50']:.0f} ms, p95 {f['p95']:.0f} ms, max {f['max']:.0f} ms; "
        f"{f['sent'] / f['wall']:.1f} POSTs/s over {f['wall']:.1f} s"
    )
    # Little's law: with every client waiting on an answer, the mean latency is
    # clients / throughput, whatever the workers do; this is the server time one
    # POST took from a worker, including the wait for a CPU on a busy machine.
    print(
        f"   each POST kept a worker busy for about {args.workers * f['wall'] / max(1, f['sent']) * 1000:.0f} ms "
        f"({args.workers} workers x {f['wall']:.1f} s / {f['sent']} POSTs); "
        f"p95 <= {P95_TARGET_MS:.0f} ms with {args.clients} clients needs about "
        f"{args.clients / (P95_TARGET_MS / 1000):.0f} POSTs/s"
    )
    if f.get("server_cpu"):
        # CPU time does not grow when other programs load the machine, so this
        # figure compares runs on busy and idle machines; the wall times do not.
        print(
            f"   CPU time of the gunicorn workers: {f['server_cpu'] / max(1, f['sent']) * 1000:.1f} ms per POST "
            f"({f['server_cpu']:.2f} s in all)"
            + (
                f"; PostgreSQL server: {f['postgres_cpu'] / max(1, f['sent']) * 1000:.1f} ms per POST"
                if f.get("postgres_cpu")
                else ""
            )
        )
    print(
        f"   registrations: {f['confirmed']} confirmed ({f['confirmed_persons']} persons), {f['waiting']} waiting, "
        f"{f['registrations']} rows, {f['distinct_emails']} distinct e-mail addresses; "
        f"counters: confirmed {f['bez_confirmed']}, waiting {f['bez_waiting']}"
    )
    mail = f"   mail: status {f['mail_status']}, messages in var/mail: {f['mails']}"
    if "queued_tasks" in f and args.tasks == "db":
        mail += f"; mail tasks waiting in the queue: {f['queued_tasks']}, done: {f['finished_tasks']}"
    if "drain_seconds" in f:
        mail += f", db_worker --batch took {f['drain_seconds']:.1f} s"
    print(mail)
    checks = [
        (f"confirmed == {expected_confirmed}", f["confirmed_persons"] == expected_confirmed == f["bez_confirmed"]),
        (f"waiting == {expected_waiting}", f["waiting"] == expected_waiting == f["bez_waiting"]),
        (
            "errors == 0 (5xx or no answer)",
            f["server_errors"] == 0 and f["no_answer"] == 0 and f["sent"] == args.requests,
        ),
        (f"p95 <= {P95_TARGET_MS:.0f} ms ({f['p95']:.0f} ms)", f["p95"] <= P95_TARGET_MS),
    ]
    for label, ok in checks:
        print(f"   {'PASS' if ok else 'FAIL'}  {label}")
    if args.tasks == "immediate" or args.send_mail:
        # Not one of the targets, so it does not change the exit code.
        print(f"   INFO  mails written to var/mail: {f['mails']} of {args.requests}")
    return all(ok for _label, ok in checks)


def versions(kinds: list[str]) -> str:
    parts = [f"{os.cpu_count()} CPUs", platform.processor() or platform.machine()]
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
            if line.startswith("Model name")
        )
        parts[1] = model
    except (StopIteration, OSError):
        pass
    parts += [f"Python {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    if "postgres" in kinds:
        try:
            parts.append(f"PostgreSQL {pg_admin('SHOW server_version')[0][0]}")
        except Exception as exc:  # noqa: BLE001
            parts.append(f"PostgreSQL unreachable ({exc})")
    return ", ".join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--capacity", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks", choices=sorted(TASK_BACKENDS), default="db")
    parser.add_argument(
        "--send-mail", action="store_true", help="after the load, send the queued mail with db_worker --batch"
    )
    parser.add_argument(
        "--conn-max-age", type=int, help="DATABASE_CONN_MAX_AGE of the instance (default: as installed)"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.phase:
        return run_phase(args.phase, rest)
    if args.workers < 2:
        parser.error("--workers must be at least 2")

    return each_database(
        f"agenda sign-up benchmark; {versions(databases(args))}", args, "agenda", bench_database, report
    )


# --- phases, each in a subprocess with the instance's environment -----------------------


_result = print_result


def run_phase(name: str, args: list[str]) -> int:
    import django

    django.setup()
    if name == "setup":
        _result(**setup_phase(int(args[0])))
    elif name == "count":
        _result(**count_phase(int(args[0])))
    else:
        raise SystemExit(f"unknown phase {name}")
    return 0


def setup_phase(capacity: int) -> dict:
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone, translation

    if "agenda" not in settings.STEUNPUNT_ENABLED_PLUGINS:
        raise SystemExit("the agenda plugin is not enabled")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_site", verbosity=0)

    from plugins.agenda.models import AgendaIndexPage, Bijeenkomst, Sessie
    from plugins.agenda.views import agenda_reverse

    index = AgendaIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    start = timezone.now() + timedelta(days=30)
    meeting = index.add_child(
        instance=Bijeenkomst(
            title="Benchmark: thema-avond over slapen",
            slug="benchmark-thema-avond",
            locale=index.locale,
            summary="Een avond om te meten hoe het aanmelden gaat als veel mensen tegelijk komen.",
            location_name="Bibliotheek Centrum, zaal 2",
            address="Stationsplein 1\n1234 AB Voorbeeldstad",
            capacity=capacity,
            waiting_list=True,
            max_persons=1,
            signup_opens=timezone.now() - timedelta(days=1),
            signup_closes=start - timedelta(hours=12),
            sessies=[Sessie(start=start, end=start + timedelta(hours=2), sort_order=0)],
        )
    )
    meeting.save_revision().publish()
    with translation.override(settings.LANGUAGE_CODE):
        path = agenda_reverse("agenda_aanmelden", page_id=meeting.pk)
    return {"page_id": meeting.pk, "path": path}


def count_phase(page_id: int) -> dict:
    from django.db.models import Count, Sum

    from distro.outbox.models import Verzending
    from plugins.agenda.mails import STATUS_KIND
    from plugins.agenda.models import Aanmelding, Bezetting

    rows = Aanmelding.objects.filter(bijeenkomst_id=page_id)
    by_status = {r["status"]: r for r in rows.values("status").annotate(n=Count("pk"), persons=Sum("persons"))}
    bez = Bezetting.objects.filter(bijeenkomst_id=page_id).first()
    figures = {
        "registrations": rows.count(),
        "distinct_emails": rows.values("email").distinct().count(),
        "confirmed": by_status.get("bevestigd", {}).get("n", 0),
        "confirmed_persons": by_status.get("bevestigd", {}).get("persons", 0),
        "waiting": by_status.get("wachtlijst", {}).get("persons", 0),
        "bez_confirmed": bez.confirmed if bez else 0,
        "bez_waiting": bez.waiting if bez else 0,
        "mail_status": dict(
            Verzending.objects.filter(kind=STATUS_KIND, object_id__in=rows.values("pk"))
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    }
    try:
        from django_tasks_db.models import DBTaskResult

        mail_tasks = DBTaskResult.objects.filter(task_path="distro.outbox.tasks.deliver")
        figures["queued_tasks"] = mail_tasks.filter(status="READY").count()
        figures["finished_tasks"] = mail_tasks.exclude(status="READY").count()
    except Exception:  # noqa: BLE001 - the immediate backend has no queue table in use
        pass
    return figures


if __name__ == "__main__":
    sys.exit(main())
