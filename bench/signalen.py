"""Benchmark of signalen (board reports): a quarterly report over 100,000 registrations, its screen and its PDF.

    .venv/bin/python bench/signalen.py [--db sqlite|postgres|both] [--registrations 100000]
        [--runs 5] [--profile]

For each database, in a throwaway instance (temporary var directory, the demo
settings, STEUNPUNT_ENV=demo, ``migrate`` and ``setup_site``), as in
bench/evaluatie.py:

1. **Setup.** 12 gemeenten, 8 organisations and the 10 themes setup_site makes; ``--registrations``
   registrations spread evenly over 2016-01-01 to 2025-12-31 with random
   categories (kanaal, vraagsteller, schoolsoort, gemeente, aard, afhandeling,
   and for a referral mostly an organisation; some categories left empty) and
   0 to 3 themes each, written with bulk inserts. Then the history of reports a
   steunpunt would have stored, in the order it would have made them, each
   with ``report.make``: every quarter of 2016 to 2024 and after each year its
   yearly report; in 2025 every month, and after its three months each of the
   first three quarters (48 + 12 = 60 reports before the measured one).
2. **Measure**, in one process, median of ``--runs`` after one warm-up:
   (a) ``report.build`` of the fourth quarter of 2025, linked to the stored
   reports it overlaps (October, November and December 2025) and protected
   together with them; (b) the stored report's admin page
   (``signalen_rapporten:detail``), through Django's test client as a logged-in
   Steunpunt member: the whole admin stack, ``presentation.tables`` and the
   template ``signalen/admin/rapport.html``; (c) ``pdf.render_pdf`` of that
   report (WeasyPrint, PDF/UA-1). Targets: (a) and (b) <= 1 s each, (c) <= 5 s.

The baseline, measured side by side (once before each run of (a), (b) and
(c)): the plain group-by over the same quarter,
``Registratie.objects.filter(datum__range=quarter).values("kanaal").annotate(Count("id"))``.
The ratios printed are each figure's median divided by the baseline's median:
they say how many plain one-way counts one report costs, a figure that depends
less on how loaded the machine is than the wall times.

``--profile`` prints cProfile's top 30 (cumulative) of one ``report.build`` on
stderr. Exit code 1 when a target is missed. PostgreSQL databases are created
on postgres://postgres@127.0.0.1:5432 and dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _instance import REPO, ThrowawayDatabase, databases, each_database, print_result  # bench/ is on sys.path
from _instance import run_phase as run_script_phase
from agenda_signup import versions

BUILD_TARGET_S = 1.0
HTML_TARGET_S = 1.0
PDF_TARGET_S = 5.0
FIRST_YEAR, LAST_YEAR = 2016, 2025
MEASURED = ("kwartaal", LAST_YEAR, 4)
#: Each category's values and how often each comes up ("" is "not filled in").
CHOICES = {
    "kanaal": (
        ["telefoon", "email", "whatsapp", "spreekuur", "website", "bijeenkomst", ""],
        [30, 25, 15, 10, 10, 5, 5],
    ),
    "vraagsteller": (["ouder", "jongere", "professional", "anders", ""], [60, 10, 20, 5, 5]),
    "schoolsoort": (["po", "vo", "so", "vso", "mbo", "anders", ""], [1] * 7),
    "aard": (["vraag", "zorg", "klacht", "signaal", "compliment", ""], [40, 20, 15, 15, 5, 5]),
    "afhandeling": (["informatie", "advies", "doorverwezen", "bemiddeling", "anders", ""], [2, 2, 1, 1, 1, 1]),
}


class Instance(ThrowawayDatabase):
    def __init__(self, kind: str, workdir: Path, static_root: Path):
        super().__init__(kind, workdir, "signalen")
        self.static_root = static_root

    def env(self) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("STEUNPUNT_", "ANYMAIL_", "EMAIL_", "DJANGO_"))
            and k not in ("DATABASE_URL", "REDIS_URL", "DEFAULT_FROM_EMAIL", "SECRET_KEY")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="distro.settings.base",
            STEUNPUNT_ENV="demo",
            STEUNPUNT_ENV_FILE="",
            STEUNPUNT_VAR_DIR=str(self.var),
            STATIC_ROOT=str(self.static_root),
            DATABASE_URL=self.url,
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP="false",
            PYTHONPATH=str(REPO),
        )
        return env


def phase(instance: Instance, name: str, *args: str, show_stderr: bool = False) -> dict:
    return run_script_phase(__file__, instance.env(), instance.kind, name, *args, show_stderr=show_stderr)


def bench_database(kind: str, workdir: Path, static_root: Path, args) -> dict:
    instance = Instance(kind, workdir, static_root)
    try:
        t0 = time.perf_counter()
        setup = phase(instance, "setup", str(args.registrations))
        setup.update(phase(instance, "history"))
        print(
            f"  [{kind}] {setup['registrations']} registrations and {setup['reports']} stored reports "
            f"in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        measure = phase(instance, "measure", str(args.runs), "1" if args.profile else "0", show_stderr=args.profile)
        print(f"  [{kind}] measured", flush=True)
        return {"setup": setup, "measure": measure}
    finally:
        instance.drop()


def report(kind: str, f: dict, args) -> bool:
    s, m = f["setup"], f["measure"]
    base = m["baseline"]
    print(
        f"\n== {kind}: {m['title']} over {s['registrations']} registrations "
        f"({m['in_quarter']} in the quarter, {s['theme_links']} theme links in all); "
        f"{s['reports']} reports stored before it, {m['linked']} of them linked to it"
    )
    print(
        f"   the report: {m['cells']} cells, {m['small']} hidden as small, {m['secondary']} more hidden to protect "
        f"small counts (its own and the stored reports'); {m['equations']} sums between its own cells"
    )
    print(
        f"   making the history: {s['history_s']:.1f} s for {s['reports']} reports "
        f"(slowest: {s['slowest_title']}, {s['slowest_s'] * 1000:.0f} ms)"
    )
    print(f"   baseline, GROUP BY kanaal over the quarter: median {base * 1000:.1f} ms")
    ok = True
    for name, label, target in (
        ("build", "(a) report.build of the quarter, protected with the stored reports", BUILD_TARGET_S),
        ("html", "(b) the stored report's admin page", HTML_TARGET_S),
        ("pdf", "(c) render_pdf of the stored report", PDF_TARGET_S),
    ):
        seconds = m[name]
        passed = seconds <= target
        ok &= passed
        print(
            f"   {label:<70} median {seconds * 1000:7.0f} ms  ({seconds / target:.2f}x the {target:g} s target; "
            f"{seconds / base:,.0f}x the baseline)  {'PASS' if passed else 'FAIL'}"
        )
    print(f"   PDF: {m['pdf_bytes']:,} bytes; admin page: {m['html_bytes']:,} bytes")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile of one report.build, on stderr")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.phase:
        return run_phase(args.phase, rest)
    return each_database(f"signalen benchmark; {versions(databases(args))}", args, "signalen", bench_database, report)


# --- phases, each in a subprocess with the instance's environment -----------------------------


def run_phase(name: str, args: list[str]) -> int:
    import django

    django.setup()
    if name == "setup":
        print_result(**setup_phase(int(args[0])))
    elif name == "history":
        print_result(**history_phase())
    elif name == "measure":
        print_result(**measure_phase(int(args[0]), args[1] == "1"))
    else:
        raise SystemExit(f"unknown phase {name}")
    return 0


def _history():
    """The reports stored before the measured one, in the order a steunpunt makes them."""
    from plugins.signalen import periods

    made = []
    for year in range(FIRST_YEAR, LAST_YEAR):
        made += [("kwartaal", *periods.quarter(year, q)) for q in range(1, 5)]
        made.append(("jaar", *periods.year(year)))
    for q in range(1, 5):
        made += [("maand", *periods.month(LAST_YEAR, 3 * q - m)) for m in (2, 1, 0)]
        if (LAST_YEAR, q) != MEASURED[1:]:
            made.append(("kwartaal", *periods.quarter(LAST_YEAR, q)))
    return made


def setup_phase(registrations: int) -> dict:
    import random
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import transaction
    from wagtail.models import Locale

    call_command("migrate", interactive=False, verbosity=0)
    call_command("setup_site", verbosity=0)
    from distro.socialekaart.models import Gemeente, Organisatie
    from plugins.signalen.registraties import Afhandeling, Registratie, Thema

    rng = random.Random(2025)
    gemeenten = [Gemeente.objects.get_or_create(name=f"Bench-gemeente {i + 1}")[0] for i in range(12)]
    locale = Locale.get_default()
    organisaties = [
        Organisatie.objects.create(name=f"Bench-organisatie {i + 1}", description="<p>Hulp</p>", locale=locale)
        for i in range(8)
    ]
    # The themes setup_site made (the national ones), topped up to 10.
    themas = list(Thema.objects.all()[:10])
    themas += [Thema.objects.create(naam=f"Bench-thema {i + 1}", volgorde=100 + i) for i in range(10 - len(themas))]
    first, days = date(FIRST_YEAR, 1, 1), (date(LAST_YEAR, 12, 31) - date(FIRST_YEAR, 1, 1)).days + 1
    through = Registratie.themas.through
    links = 0
    batch = 5000
    for offset in range(0, registrations, batch):
        made = []
        for _ in range(min(batch, registrations - offset)):
            afhandeling = rng.choices(*CHOICES["afhandeling"])[0]
            doorverwezen = afhandeling == Afhandeling.DOORVERWEZEN and rng.random() < 0.9
            made.append(
                Registratie(
                    datum=first + timedelta(days=rng.randrange(days)),
                    **{
                        field: rng.choices(*CHOICES[field])[0]
                        for field in ("kanaal", "vraagsteller", "schoolsoort", "aard")
                    },
                    gemeente=rng.choice(gemeenten) if rng.random() < 0.95 else None,
                    afhandeling=afhandeling,
                    doorverwezen_naar=rng.choice(organisaties) if doorverwezen else None,
                    minuten=rng.randrange(0, 90),
                )
            )
        with transaction.atomic():
            Registratie.objects.bulk_create(made)
            rows = [
                through(registratie_id=r.pk, thema_id=t.pk) for r in made for t in rng.sample(themas, rng.randint(0, 3))
            ]
            through.objects.bulk_create(rows, batch_size=5000)
        links += len(rows)
    return {"registrations": Registratie.objects.count(), "theme_links": links}


def history_phase() -> dict:
    from plugins.signalen import report

    history = _history()
    slowest = (0.0, "")
    start = time.perf_counter()
    for soort, begin, end in history:
        t = time.perf_counter()
        rapport = report.make(soort, begin, end)
        slowest = max(slowest, (time.perf_counter() - t, rapport.titel))
    return {
        "reports": len(history),
        "history_s": time.perf_counter() - start,
        "slowest_s": slowest[0],
        "slowest_title": slowest[1],
    }


def measure_phase(runs: int, profile: bool) -> dict:
    from django.contrib.auth.models import Group, User
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from distro.roles import STEUNPUNT
    from plugins.signalen import periods, report, structure
    from plugins.signalen.models import Rapport, Registratie
    from plugins.signalen.pdf import render_pdf

    soort, year, number = MEASURED
    start, end = periods.quarter(year, number)

    def baseline():
        t = time.perf_counter()
        list(Registratie.objects.filter(datum__range=(start, end)).values("kanaal").annotate(Count("id")))
        return time.perf_counter() - t

    def timed(work):
        """Median of ``runs`` after a warm-up; the baseline measured right before each run."""
        result = work()
        own, base = [], []
        for _ in range(runs):
            base.append(baseline())
            t = time.perf_counter()
            work()
            own.append(time.perf_counter() - t)
        return result, statistics.median(own), base

    inhoud, build_s, base_build = timed(lambda: report.build(soort, start, end))
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        report.build(soort, start, end)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)

    values = structure.categories()
    _own, linked, *_rest = report.count(start, end, values)
    rapport = report.make(soort, start, end)
    if rapport.inhoud["cellen"] != inhoud["cellen"]:
        raise SystemExit("report.make stored other cells than report.build gave")

    user = User.objects.create_user("bench-steunpunt", password=None, is_staff=False)
    user.groups.add(Group.objects.get(name=STEUNPUNT))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = reverse("signalen_rapporten:detail", args=[rapport.pk])

    def page():
        response = client.get(url)
        if response.status_code != 200 or rapport.titel.encode() not in response.content:
            raise SystemExit(f"admin page: status {response.status_code}, not the report")
        return response.content

    html, html_s, base_html = timed(page)
    pdf, pdf_s, base_pdf = timed(lambda: render_pdf(Rapport.objects.get(pk=rapport.pk)))
    if not pdf.startswith(b"%PDF"):
        raise SystemExit("render_pdf gave no PDF")
    cells = inhoud["cellen"]
    return {
        "title": rapport.titel,
        "in_quarter": cells["r"],
        "linked": len(linked),
        "cells": len(cells),
        "small": len(inhoud["klein"]),
        "secondary": sum(v is None for v in cells.values()) - len(inhoud["klein"]),
        "equations": len(structure.equations(list(cells), values)),
        "build": build_s,
        "html": html_s,
        "pdf": pdf_s,
        "baseline": statistics.median(base_build + base_html + base_pdf),
        "html_bytes": len(html),
        "pdf_bytes": len(pdf),
    }


if __name__ == "__main__":
    sys.exit(main())
