"""Benchmark of the informatieset sync (issue 3), on SQLite and PostgreSQL.

    .venv/bin/python bench/informatieset_sync.py [--items 1000] [--db sqlite|postgres|both] [--profile] [--public-api]

For each database, in a fresh throwaway database (migrate + setup_site):

* full first sync of a synthetic feed (feedfactory: ~330 keys in nl/en/ar, depth up to 4, 3 images);
* re-sync of the unchanged feed;
* re-sync of the next revision with 10 items changed;
* peak memory of the process during the full sync: the RSS high-water mark
  (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) of the subprocess that ran
  it, which includes Python, Django and Wagtail themselves;
* the baseline, in another fresh database: the same pages created one by one
  with Wagtail's plain API (``parent.add_child(instance=...)``,
  ``page.save_revision().publish()``), and the ratio full sync / baseline;
* with ``--public-api``, in a third fresh database: the full first sync with
  ``STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API=true`` (the sync's public-API
  path, which a Wagtail version the fast path was not verified on also takes),
  for information: no target.

Every phase runs in its own subprocess, so each has a fresh Django and its own
memory figure. Prints PASS/FAIL per target; exits 1 if any target fails.
PostgreSQL databases are created on postgres://postgres@127.0.0.1:5432 and
dropped afterwards. ``--profile`` prints the cProfile top 25 (cumulative and
own time) of each sync phase to stderr.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from _instance import REPO, ThrowawayDatabase, print_result  # bench/ is on sys.path
from _instance import run_phase as run_script_phase

FACTORY_DIR = REPO / "tests" / "plugins" / "informatieset_sync"
# The feed's revision starts high, so that a revision a setup step may have
# applied (the bundled set) never makes the benchmark feed look like a replay.
BASE_REVISION = 100_000
CHANGED = 10

TARGETS = {  # name: (limit, unit)
    "full": (60.0, "s"),
    "unchanged": (2.0, "s"),
    "changed": (5.0, "s"),
    "peak_rss": (300.0, "MiB"),
    "ratio": (1.0, "x"),
}


# --- the parent process -----------------------------------------------------------------


def build_feeds(items: int, directory: Path) -> dict:
    sys.path.insert(0, str(FACTORY_DIR))
    from feedfactory import clone, make_feed, write_feed

    n_keys = max(1, math.ceil(items / 3))
    feed, assets = make_feed(n_keys=n_keys, languages=("nl", "en", "ar"), depth=4, revision=BASE_REVISION)
    changed = clone(feed)
    changed["revision"] = BASE_REVISION + 1
    step = max(1, len(changed["items"]) // CHANGED)
    for item in changed["items"][::step][:CHANGED]:
        item["title"] = item["title"] + " (bijgewerkt)"
        item["body"][1]["value"] = item["body"][1]["value"].replace("Tekst voor", "Nieuwe tekst voor")
        item["updated_at"] = "2026-11-20T09:00:00Z"
    return {
        "full": str(write_feed(directory / "rev1", feed, assets)),
        "changed": str(write_feed(directory / "rev2", changed, assets)),
        "items": len(feed["items"]),
        "keys": n_keys,
    }


class Database(ThrowawayDatabase):
    """A throwaway database and the environment for subprocesses that use it."""

    def __init__(self, kind: str, label: str, workdir: Path, **extra_env: str):
        super().__init__(kind, workdir, label)
        self.extra_env = extra_env

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="distro.settings.test",
            STEUNPUNT_ENV="test",
            STEUNPUNT_ENV_FILE="",
            STEUNPUNT_VAR_DIR=str(self.var),
            DATABASE_URL=self.url,
            # setup_site must not sync the bundled set: the full sync is a real first sync.
            STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP="false",
            PYTHONPATH=str(REPO),
        )
        env.update(self.extra_env)
        return env


def phase(db: Database, name: str, *args: str) -> dict:
    return run_script_phase(__file__, db.env(), db.kind, name, *args, show_stderr=True)


def bench_database(kind: str, feeds: dict, workdir: Path, profile: bool, public_api: bool = False) -> dict:
    figures: dict = {}
    sync_db = Database(kind, "sync", workdir)
    try:
        phase(sync_db, "setup")
        full = phase(sync_db, "sync", feeds["full"], "full", *(["--profile"] if profile else []))
        figures["full"] = full["seconds"]
        figures["cpu"] = {"full": full["cpu"]}
        figures["load"] = {"full": full["load"]}
        figures["peak_rss"] = full["peak_rss_mib"]
        figures["rss_before"] = full["rss_before_mib"]
        figures["created"] = full["created"]
        unchanged = phase(sync_db, "sync", feeds["full"], "unchanged", *(["--profile"] if profile else []))
        figures["unchanged"] = unchanged["seconds"]
        figures["cpu"]["unchanged"], figures["load"]["unchanged"] = unchanged["cpu"], unchanged["load"]
        changed = phase(sync_db, "sync", feeds["changed"], "changed", *(["--profile"] if profile else []))
        figures["changed"] = changed["seconds"]
        figures["cpu"]["changed"], figures["load"]["changed"] = changed["cpu"], changed["load"]
    finally:
        sync_db.drop()
    base_db = Database(kind, "baseline", workdir)
    try:
        phase(base_db, "setup")
        baseline = phase(base_db, "baseline", feeds["full"])
        figures["baseline"] = baseline["seconds"]
        figures["cpu"]["baseline"], figures["load"]["baseline"] = baseline["cpu"], baseline["load"]
    finally:
        base_db.drop()
    figures["ratio"] = figures["full"] / figures["baseline"]
    if public_api:
        public_db = Database(kind, "public", workdir, STEUNPUNT_INFORMATIESET_SYNC_PUBLIC_API="true")
        try:
            phase(public_db, "setup")
            public = phase(public_db, "sync", feeds["full"], "public")
            figures["public"] = public["seconds"]
            figures["cpu"]["public"], figures["load"]["public"] = public["cpu"], public["load"]
        finally:
            public_db.drop()
    return figures


def report(kind: str, figures: dict, items: int) -> bool:
    ok = True
    print(f"\n{kind} ({items} items)")

    def timed(name):
        return f"{figures[name]:.2f} s"

    rows = [
        ("full first sync", "full", timed("full")),
        ("re-sync, unchanged feed", "unchanged", timed("unchanged")),
        (f"re-sync, {CHANGED} items changed", "changed", timed("changed")),
        (
            "peak RSS during full sync",
            "peak_rss",
            f"{figures['peak_rss']:.0f} MiB (RSS high-water mark of the process; {figures['rss_before']:.0f} MiB before the sync)",
        ),
        ("baseline: plain Wagtail API", None, timed("baseline")),
        ("full sync / baseline", "ratio", f"{figures['ratio']:.2f}"),
    ]
    for label, target, value in rows:
        verdict = ""
        if target:
            limit, unit = TARGETS[target]
            passed = figures[target] <= limit
            ok &= passed
            verdict = f"{'PASS' if passed else 'FAIL'} (target <= {limit:g} {unit})"
        print(f"  {label:<28} {value:<20} {verdict}")
    if "public" in figures:
        print(
            f"  {'full sync, public-API path':<28} {timed('public'):<20} (no target; fast path / public path {figures['full'] / figures['public']:.2f})"
        )
    print("  CPU seconds of the benchmark process (the database server's own CPU not included) and load average:")
    for name in ("full", "unchanged", "changed", "baseline", "public"):
        if name not in figures["cpu"]:
            continue
        print(f"    {name:<10} {figures['cpu'][name]:8.2f} s CPU   load {figures['load'][name]:.1f}")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1000, help="number of feed items (default 1000; 3 languages)")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--profile", action="store_true", help="print the cProfile top 25 of each sync phase")
    parser.add_argument(
        "--public-api", action="store_true", help="also time a full sync on the public-API path (another database)"
    )
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.phase:
        return run_phase(options.phase, options.args + (["profile"] if options.profile else []))

    kinds = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    workdir = Path(tempfile.mkdtemp(prefix="bench-informatieset-"))
    all_ok = True
    try:
        feeds = build_feeds(options.items, workdir)
        print(
            f"informatieset sync benchmark: {feeds['items']} items ({feeds['keys']} keys x nl/en/ar, depth <= 4), "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )
        for kind in kinds:
            started = time.perf_counter()
            figures = bench_database(kind, feeds, workdir, options.profile, options.public_api)
            all_ok &= report(kind, figures, feeds["items"])
            print(f"  (this database took {time.perf_counter() - started:.0f} s in all, with setup)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("\nALL PASS" if all_ok else "\nSOME TARGETS FAILED")
    return 0 if all_ok else 1


# --- the phases, each in its own process ----------------------------------------------------


def _django():
    import django

    django.setup()


def _rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu() -> float:
    """User + system CPU seconds of this process: less sensitive to other load than wall time."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


_result = print_result


def run_phase(name: str, args: list[str]) -> int:
    _django()
    from django.core.management import call_command

    if name == "setup":
        from wagtail.models import Collection, Locale, Page

        call_command("migrate", verbosity=0, interactive=False)
        nl, _ = Locale.objects.get_or_create(language_code="nl")
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(instance=Page(title="Root", slug="root", locale=nl))
        if not Collection.objects.filter(depth=1).exists():
            Collection.add_root(name="Root")
        call_command(
            "setup_site",
            "--name",
            "SWV Benchmark",
            "--mailbox",
            "mailbox@steunpunt.test",
            verbosity=0,
            stdout=open(os.devnull, "w"),
        )
        _result()
    elif name == "sync":
        _result(**sync_phase(*args))
    elif name == "baseline":
        _result(**baseline_phase(*args))
    else:
        raise SystemExit(f"unknown phase {name}")
    return 0


def sync_phase(source: str, which: str, profile: str = "") -> dict:
    from wagtail.models import Revision

    from plugins.informatieset_sync.models import InformatiesetPage, SyncRun
    from plugins.informatieset_sync.sync import page_writer, run_sync, system_user

    expected = "public" if which == "public" else "fast"
    assert page_writer(system_user()).name == expected, f"the {which} sync would not take the {expected} path"

    revisions = Revision.objects.count()
    rss_before = _rss_mib()
    cpu_before, load_before = _cpu(), os.getloadavg()[0]
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    result = run_sync(source)
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu_before
    if profiler:
        import pstats

        profiler.disable()
        print(f"--- profile: {which} sync ---", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    peak = _rss_mib()
    if result.status not in (SyncRun.Status.SUCCESS, SyncRun.Status.NOT_MODIFIED):
        raise SystemExit(f"sync failed: {result.status} {result.error}")
    new_revisions = Revision.objects.count() - revisions
    live = InformatiesetPage.objects.filter(live=True).count()
    # The figures are only worth something if the sync did the work.
    if which in ("full", "public"):
        assert result.created == live and live > 0, (result.created, live)
    elif which == "unchanged":
        assert new_revisions == 0 and result.created == result.updated == 0, (new_revisions, result.updated)
    elif which == "changed":
        assert result.updated == CHANGED and new_revisions == CHANGED, (result.updated, new_revisions)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "load": max(load_before, os.getloadavg()[0]),
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "new_revisions": new_revisions,
    }


def _rich(html: str) -> str:
    # The stored form of an informatieset: link, as the page model expects it.
    import re

    return re.sub(r'<a href="informatieset:([0-9a-f-]+)">', r'<a linktype="informatieset" key="\1">', html)


def _stream(body: list, images: dict) -> list:
    out = []
    for block in body:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            value = {"text": value["text"], "level": str(value["level"])}
        elif kind == "paragraph":
            value = _rich(value)
        elif kind == "faq":
            value = [{"question": q["question"], "answer": _rich(q["answer"])} for q in value]
        elif kind == "callout":
            value = {"kind": value["kind"], "text": _rich(value["text"])}
        elif kind == "steps":
            value = [{"title": s["title"], "text": _rich(s["text"])} for s in value]
        elif kind == "image":
            value = {
                "image": images[value["asset"]],
                "alt": value["alt"],
                "decorative": bool(value.get("decorative")),
                "caption": value.get("caption", ""),
            }
        elif kind == "regional_contact":
            value = None
        out.append({"type": kind, "value": value})
    return out


def baseline_phase(source: str) -> dict:
    """The same pages, one by one, with Wagtail's plain page API."""
    import datetime
    from io import BytesIO

    from django.core.files.images import ImageFile
    from django.db import transaction
    from wagtail.images import get_image_model
    from wagtail.models import Locale

    from distro.core.models import HomePage
    from plugins.informatieset_sync.locking import allow_national_changes
    from plugins.informatieset_sync.models import InformatiesetIndexPage, InformatiesetPage

    feed_path = Path(source)
    data = json.loads(feed_path.read_text("utf-8"))
    locales = {code: Locale.objects.get(language_code=code) for code in data["languages"]}
    rss_before = _rss_mib()
    cpu_before, load_before = _cpu(), os.getloadavg()[0]
    start = time.perf_counter()
    with allow_national_changes(), transaction.atomic():
        # The "Informatie" root per language, made the same way if setup_site did not.
        roots = {}
        for code, locale in locales.items():
            root = InformatiesetIndexPage.objects.filter(locale=locale).first()
            if root is None:
                home = HomePage.objects.filter(locale=locale).first() or HomePage.objects.get(locale=locales["nl"])
                root = home.add_child(
                    instance=InformatiesetIndexPage(title="Informatie", slug="informatie", locale=locale)
                )
                root.save_revision().publish()
            roots[code] = root
        Image = get_image_model()
        images = {}
        for asset in data["assets"]:
            content = (feed_path.parent / asset["url"]).read_bytes()
            image = Image(title=asset["id"][:40], file=ImageFile(BytesIO(content), name=Path(asset["url"]).name))
            image.save()
            images[asset["id"]] = image.pk
        pages = {}
        for item in data["items"]:
            parent = roots[item["language"]] if item["parent"] is None else pages[(item["parent"], item["language"])]
            page = InformatiesetPage(
                title=item["title"],
                slug=item["slug"],
                locale=locales[item["language"]],
                translation_key=item["key"],
                summary=item["summary"],
                audiences=item["audiences"],
                themes=item["themes"],
                national_body=_stream(item["body"], images),
                validated_on=datetime.date.fromisoformat(item["validated"]["on"]),
                validated_by=item["validated"]["by"],
                feed_item_id=item["id"],
                feed_position=item["position"],
            )
            parent.add_child(instance=page)
            page.save_revision().publish()
            pages[(item["key"], item["language"])] = page
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu": _cpu() - cpu_before,
        "load": max(load_before, os.getloadavg()[0]),
        "rss_before_mib": rss_before,
        "peak_rss_mib": _rss_mib(),
        "pages": len(pages),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
