"""``steunpunt serve``: the demo server that install.sh --demo starts.

Django's development server plus the periodic jobs, so a demo site needs no
cron or systemd timer. Production uses gunicorn, the worker service and a
timer for ``steunpunt run_jobs`` instead.
"""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands.runserver import Command as RunserverCommand
from django.db import close_old_connections, connections

from distro.jobs.runner import run_due_jobs

logger = logging.getLogger(__name__)

#: Seconds between two looks at the job registry; jobs decide themselves how often they are due.
JOB_INTERVAL = 60


def run_jobs_forever(stop: threading.Event, interval: float = JOB_INTERVAL):
    while not stop.is_set():
        close_old_connections()
        try:
            run_due_jobs()
        except Exception:  # keep serving the site even if the job runner breaks
            logger.exception("Running periodic jobs failed")
        finally:
            # This thread's connection must not linger (SQLite locks, PostgreSQL slots).
            connections.close_all()
        stop.wait(interval)


class DutchRunserver(RunserverCommand):
    """Django's development server, with the lines install.sh --demo shows in Dutch."""

    def on_bind(self, server_port):
        addr = f"[{self.addr}]" if self._raw_ipv6 else ("0.0.0.0" if self.addr == "0" else self.addr)
        self.stdout.write(
            f"De demosite draait op http://{addr}:{server_port}/ (stoppen met Ctrl+C).\n"
            "Dit is Django's ontwikkelserver: alleen voor een demo, niet voor een echte site."
        )


class Command(BaseCommand):
    help = "Serve the demo site (Django's development server) and run periodic jobs every minute."

    # runserver does its own checks; running them twice only slows the start.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport", nargs="?", default="127.0.0.1:8000", help="Address and port (default 127.0.0.1:8000)."
        )

    def handle(self, *args, addrport, **options):
        stop = threading.Event()
        threading.Thread(target=run_jobs_forever, args=(stop,), name="steunpunt-jobs", daemon=True).start()
        try:
            # The checks without Django's English totals: only problems are printed.
            self.check(display_num_errors=False)
            call_command(DutchRunserver(), addrport, use_reloader=False, skip_checks=True)
        finally:
            stop.set()
