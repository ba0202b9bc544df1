"""Benchmark of serving public pages (issue 12, "Fast"): one script, one run, ratios side by side.

    .venv/bin/python bench/pages.py [--seconds 5] [--rounds 3] [--pairs 1000] [--db sqlite|postgres|both] [--quick]
                                    [--only queries,cached,nginx,render,stale]

In a throwaway instance (temporary var directory, the demo site with the bundled
informatieset, DEBUG off, STEUNPUNT_ENV=demo: the production settings without
the HTTPS redirect, which a load test over http cannot follow), with gunicorn
and 2 sync workers for every server and ``wrk -t2 -c32`` as the load:

1. **Cached pages vs the Python ceiling.** The home page and a national page from
   the page cache (file store: one server; Redis: several servers), against a bare
   Django view (no middleware) returning the same bytes from memory. Rounds
   alternate between the servers. Target >= 0.8x.
2. **nginx front cache vs nginx serving the file.** nginx with exactly the lines of
   docs/installing.md in front of the site against nginx serving the same bytes from
   disk with its defaults. Target >= 0.85x. Also printed, without a target: against
   the file served with the same ``open_file_cache`` as the front cache.
3. **Uncached render vs plain Wagtail.** CPU time of the workers per request with
   the page cache off (the render cache on, as on a miss in production), for a
   content page with an 800-word text, against the page with the same text in a
   ``wagtail start`` project this script builds, on each database (the plain
   project on the same one). Target >= 1.0x (ours not slower). Queries per public page type: target <= 8. Both are also printed
   with the render cache off, for scale.
4. **Never stale.** ``--pairs`` publish/read pairs while wrk loads other pages:
   a page in the main menu gets a new title, then the page and the home page are
   read; a response without the new title is stale. Measured for the shipped
   strategy (one site-wide generation) and for exact dependency tracking (only
   the published page's own entry is dropped; bench/_exact_strategy.py). Target 0
   stale for the shipped strategy.
5. **A page GET writes nothing.** INSERT/UPDATE/DELETE statements during GETs of
   every public page type (after the first view of each, which may make image
   renditions once). Target 0.

Exit code 1 when a target of the shipped code is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _instance import REPO, ThrowawayDatabase, print_result, steunpunt  # bench/ is on sys.path
from _instance import run_phase as run_script_phase
from _page_servers import (
    TEXT_800,
    Server,
    build_plain_wagtail,
    fetch,
    free_port,
    nginx_file_config,
    wait_for,
    write_bare_app,
    wrk,
)

sys.path.insert(0, str(REPO))
from distro.frontcache.documented import PURGE_MODULE, write_config  # noqa: E402 - needs the repository on the path

BENCH = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


# --- the instance --------------------------------------------------------------------------


class Instance(ThrowawayDatabase):
    def __init__(self, kind: str, workdir: Path, label: str = "pages"):
        super().__init__(kind, workdir, label)
        self.static_root = workdir / "static"

    def env(self, **extra) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("STEUNPUNT_", "ANYMAIL_", "EMAIL_", "DJANGO_"))
            and k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="distro.settings.base",
            STEUNPUNT_ENV="demo",
            STEUNPUNT_ENV_FILE="",
            STEUNPUNT_VAR_DIR=str(self.var),
            STATIC_ROOT=str(self.static_root),
            DATABASE_URL=self.url,
            SECRET_KEY="bench-only",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PYTHONPATH=f"{REPO}{os.pathsep}{BENCH}",
            **extra,
        )
        return env


def phase(instance: Instance, name: str, *args: str, **env) -> dict:
    return run_script_phase(__file__, instance.env(**env), instance.kind, name, *args)


def build_instance(kind: str, workdir: Path, label: str = "pages") -> tuple[Instance, dict]:
    instance = Instance(kind, workdir, label)
    env = instance.env()
    steunpunt(env, "migrate", "--noinput")
    steunpunt(env, "setup_site", "--demo", "--name", "SWV Voorbeeldregio", "--mailbox", "steunpunt@example.org")
    steunpunt(env, "collectstatic", "--noinput")
    return instance, phase(instance, "pages")


# --- phases (run inside an instance's environment) -----------------------------------------


def _django():
    import django

    django.setup()


def phase_pages():
    """Makes the 800-word content page and lists one public URL per page type."""
    _django()
    from wagtail.models import Page

    from distro.contact.models import ContactPage
    from distro.core.models import ContentPage, HomePage, MainMenuItem, Navigatie
    from distro.socialekaart.models import SocialeKaartPage
    from plugins.agenda.models import AgendaIndexPage, Bijeenkomst
    from plugins.informatieset_sync.models import InformatiesetIndexPage, InformatiesetPage

    def nl(model):
        return model.objects.live().filter(locale__language_code="nl").order_by("path").first()

    home = nl(HomePage)
    text = ContentPage(title="Achthonderd woorden", slug="achthonderd-woorden")
    text.body = [("paragraph", "".join(f"<p>{TEXT_800[i : i + 400]}</p>" for i in range(0, len(TEXT_800), 400)))]
    home.add_child(instance=text)
    text.save_revision().publish()
    menu_page = ContentPage(title="Menupagina 0", slug="menupagina", intro="In het hoofdmenu.")
    home.add_child(instance=menu_page)
    menu_page.save_revision().publish()
    site = home.get_site()
    MainMenuItem.objects.create(navigatie=Navigatie.for_site(site), page=menu_page, sort_order=99)
    pages = {
        "home": home,
        "content": text,
        "contact": nl(ContactPage),
        "social map": nl(SocialeKaartPage),
        "agenda": nl(AgendaIndexPage),
        "meeting": Bijeenkomst.objects.live().filter(locale__language_code="nl").first(),
        "national index": nl(InformatiesetIndexPage),
        "national page": InformatiesetPage.objects.live().filter(locale__language_code="nl", depth__gt=4).first()
        or nl(InformatiesetPage),
    }
    urls = {name: Page.objects.get(pk=p.pk).url for name, p in pages.items() if p is not None}
    urls["sitemap"] = "/sitemap.xml"
    urls["menu page"] = menu_page.url
    print_result(urls=urls, menu_page=menu_page.pk)


def phase_queries(urls_json: str):
    """Queries and writes per page type, cache off, after a first view (renditions)."""
    _django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    figures = {}
    for name, url in json.loads(urls_json).items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        writes = sum(1 for q in queries.captured_queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I))
        figures[name] = {"status": status, "queries": len(queries), "writes": writes}
    print_result(**figures)


def phase_publish(base_url: str, menu_page: str, pairs: str, strategy: str):
    """Publish a new title ``pairs`` times; after each, read the page and the home page over HTTP."""
    _django()
    if strategy == "exact":
        import _exact_strategy

        _exact_strategy.install(base_url)
    from distro.core.models import ContentPage

    page = ContentPage.objects.get(pk=int(menu_page))
    stale = {"page": 0, "home": 0}
    hits = 0
    for n in range(1, int(pairs) + 1):
        page.title = f"Menupagina {n}"
        page.save_revision().publish()
        for what, path in (("page", page.url), ("home", "/")):
            body, headers = fetch(base_url + path)
            if f"Menupagina {n}<".encode() not in body:
                stale[what] += 1
            hits += headers.get("X-Steunpunt-Cache") == "hit"
    print_result(stale=stale, hits=hits, reads=2 * int(pairs))


# --- the run -------------------------------------------------------------------------------


def measure_uncached_render(kind, workdir, sqlite_instance, urls, args, servers) -> dict:
    """CPU per render of the 800-word page, page cache off, against plain Wagtail on the same database."""
    instance = sqlite_instance if kind == "sqlite" else build_instance(kind, workdir, "render")[0]
    project, plain_env, plain_url, plain_db = build_plain_wagtail(workdir, kind)
    plain = Server("plainsite.wsgi:application", plain_env, project, f"plain-{kind}", workdir)
    uncached = Server(
        "distro.wsgi:application", instance.env(STEUNPUNT_PAGE_CACHE="0"), REPO, f"uncached-{kind}", workdir
    )
    # For scale, not a target: also without the render cache (every lookup from the database).
    no_caches = Server(
        "distro.wsgi:application",
        instance.env(STEUNPUNT_PAGE_CACHE="0", STEUNPUNT_RENDER_CACHE="0"),
        REPO,
        f"no-caches-{kind}",
        workdir,
    )
    started = [plain, uncached, no_caches]
    servers += started
    try:
        wait_for(plain.url + plain_url)
        wait_for(uncached.url + urls["content"])
        wait_for(no_caches.url + urls["content"])
        cpu = {"plain": [], "ours": [], "no caches": []}
        for _ in range(args.rounds):
            for name, server, url in (
                ("plain", plain, plain_url),
                ("ours", uncached, urls["content"]),
                ("no caches", no_caches, urls["content"]),
            ):
                before = server.workers_cpu()
                rate = wrk(server.url + url, args.seconds)
                cpu[name].append((server.workers_cpu() - before) / (rate * args.seconds) * 1000)
    finally:
        for server in started:
            server.stop()
            servers.remove(server)
        if plain_db is not None:
            plain_db.drop()
        if instance is not sqlite_instance:
            instance.drop()
    plain_ms, ours_ms, none_ms = (sorted(v)[len(v) // 2] for v in cpu.values())
    print(
        f"CPU per uncached render on {kind}: ours {ours_ms:.2f} ms, plain Wagtail {plain_ms:.2f} ms; "
        f"ours without the render cache too {none_ms:.2f} ms (ratio {plain_ms / none_ms:.2f}, no target)"
    )
    return ratio_line(f"uncached render ({kind}), plain Wagtail CPU / ours", 1 / ours_ms, 1 / plain_ms, 1.0, "1/ms")


def ratio_line(name, ours, base, target, unit="req/s"):
    """Prints one comparison; ``target`` None: for scale only."""
    ratio = ours / base if base else 0.0
    if target is None:
        print(f"{name:<48} {ours:>10.1f} vs {base:>10.1f} {unit}  ratio {ratio:.2f} (no target)")
        return None
    verdict = "PASS" if ratio >= target else f"MISS by {target - ratio:.2f}"
    print(f"{name:<48} {ours:>10.1f} vs {base:>10.1f} {unit}  ratio {ratio:.2f} (target >= {target})  {verdict}")
    return {"name": name, "ratio": ratio, "target": target, "pass": ratio >= target}


def alternate(servers: dict, url_of, seconds: float, rounds: int) -> dict:
    rates = {name: [] for name in servers}
    for _ in range(rounds):
        for name, server in servers.items():
            rates[name].append(wrk(url_of(name, server), seconds))
    return {name: sorted(values)[len(values) // 2] for name, values in rates.items()}  # the median round


PARTS = ("queries", "cached", "nginx", "render", "stale")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="2-second rounds, 1 round, 50 pairs: a smoke run")
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (default all): {', '.join(PARTS)}",
    )
    args = parser.parse_args()
    parts = set(args.only.split(","))
    if not parts <= set(PARTS):
        raise SystemExit(f"--only: unknown part {', '.join(sorted(parts - set(PARTS)))}; known: {', '.join(PARTS)}")
    if args.quick:
        args.seconds, args.rounds, args.pairs = 2, 1, 50
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    results = []
    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    servers = []
    try:
        instance, pages = build_instance("sqlite", workdir)
        urls = pages["urls"]

        kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
        # 5 and 3b first: no server needed.
        for kind in kinds if "queries" in parts else []:
            target_instance = instance if kind == "sqlite" else build_instance("postgres", workdir, "queries")[0]
            figures = phase(target_instance, "queries", json.dumps(urls), STEUNPUNT_PAGE_CACHE="0")
            worst = max(f["queries"] for f in figures.values())
            writes = sum(f["writes"] for f in figures.values())
            print(
                f"Queries per uncached page on {kind}: " + ", ".join(f"{n} {f['queries']}" for n, f in figures.items())
            )
            without = phase(
                target_instance,
                "queries",
                json.dumps(urls),
                STEUNPUNT_PAGE_CACHE="0",
                STEUNPUNT_RENDER_CACHE="0",
            )
            print(
                "  the same without the render cache (no target): "
                + ", ".join(f"{n} {f['queries']}" for n, f in without.items())
            )
            results.append(
                {"name": f"most queries of a page ({kind})", "ratio": worst, "target": 8, "pass": worst <= 8}
            )
            results.append(
                {"name": f"rows written by page GETs ({kind})", "ratio": writes, "target": 0, "pass": writes == 0}
            )
            if target_instance is not instance:
                target_instance.drop()

        # 1. cached pages vs the ceiling.
        if parts & {"cached", "nginx", "stale"}:
            # s-maxage as with a front cache: nginx keeps what the site allows it to (the documented config).
            ours_file = Server(
                "distro.wsgi:application", instance.env(STEUNPUNT_FRONT_CACHE_SECONDS="3600"), REPO, "file", workdir
            )
            ours_redis = Server("distro.wsgi:application", instance.env(REDIS_URL=REDIS_URL), REPO, "redis", workdir)
            servers += [ours_file, ours_redis]
            for server in (ours_file, ours_redis):
                wait_for(server.url + "/")
        for page in ("home", "national page") if "cached" in parts else []:
            body, _headers = fetch(ours_file.url + urls[page])
            bare = Server(
                "bare_app:application",
                {**os.environ, "PYTHONPATH": str(write_bare_app(workdir, body))},
                workdir,
                "bare",
                workdir,
            )
            wait_for(bare.url + "/")
            rates = alternate(
                {"bare": bare, "file": ours_file, "redis": ours_redis},
                lambda name, s, page=page: s.url + ("/" if name == "bare" else urls[page]),
                args.seconds,
                args.rounds,
            )
            bare.stop()
            results.append(ratio_line(f"cached {page}, one server (file store)", rates["file"], rates["bare"], 0.8))
            results.append(ratio_line(f"cached {page}, several servers (Redis)", rates["redis"], rates["bare"], 0.8))

        # 2. nginx front cache vs nginx serving the file.
        if "nginx" not in parts:
            pass
        elif shutil.which("nginx") and PURGE_MODULE.exists():
            body, _headers = fetch(ours_file.url + "/")
            write_bare_app(workdir, body)
            ports = {"file": free_port(), "file, open_file_cache": free_port(), "proxy": free_port()}
            front = workdir / "nginx-front"
            front.mkdir(exist_ok=True)
            started = [
                (nginx_file_config(workdir, ports["file"], workdir, open_files=False), workdir),
                (nginx_file_config(workdir, ports["file, open_file_cache"], workdir, open_files=True), workdir),
                (write_config(front, ours_file.port, ports["proxy"], free_port(), workers=2), front),
            ]
            for conf, prefix in started:
                subprocess.run(["nginx", "-c", str(conf), "-p", str(prefix)], check=True)
            proxy_url = f"http://127.0.0.1:{ports['proxy']}/"
            wait_for(proxy_url)
            fetch(proxy_url)
            if fetch(proxy_url)[1].get("X-Cache-Status") != "HIT":
                raise SystemExit("the documented nginx front cache did not keep the home page")
            rates = alternate(ports, lambda name, port: f"http://127.0.0.1:{port}/", args.seconds, args.rounds)
            for conf, prefix in started:
                subprocess.run(["nginx", "-c", str(conf), "-p", str(prefix), "-s", "stop"], check=False)
            results.append(
                ratio_line("nginx front cache vs nginx serving the file", rates["proxy"], rates["file"], 0.85)
            )
            ratio_line("  vs the file with open_file_cache too", rates["proxy"], rates["file, open_file_cache"], None)
        else:
            print(
                "nginx front cache: skipped, nginx or its cache-purge module is not installed"
                " (apt-get install nginx-light libnginx-mod-http-cache-purge)"
            )

        # 3. uncached render CPU vs plain Wagtail, on each database.
        for kind in kinds if "render" in parts else []:
            results.append(measure_uncached_render(kind, workdir, instance, urls, args, servers))

        # 4. never stale, under load, for both strategies.
        if "stale" not in parts:
            return finish(results)
        exact = Server("_exact_strategy:application", instance.env(REDIS_URL=REDIS_URL), REPO, "exact", workdir)
        servers.append(exact)
        wait_for(exact.url + "/")
        for strategy, server in (("generation", ours_redis), ("exact", exact)):
            load = subprocess.Popen(
                ["wrk", "-t1", "-c8", "-d600s", server.url + urls["agenda"]], stdout=subprocess.DEVNULL
            )
            try:
                figures = phase(
                    instance,
                    "publish",
                    server.url,
                    str(pages["menu_page"]),
                    str(args.pairs),
                    strategy,
                    REDIS_URL=REDIS_URL,
                )
            finally:
                load.terminate()
            stale = figures["stale"]["page"] + figures["stale"]["home"]
            print(
                f"{strategy:>10}: {args.pairs} publish/read pairs, stale page {figures['stale']['page']}, "
                f"stale home page {figures['stale']['home']}, hits {figures['hits']} of {figures['reads']} reads"
            )
            if strategy == "generation":
                results.append(
                    {"name": "stale responses after a publish", "ratio": stale, "target": 0, "pass": stale == 0}
                )
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    return finish(results)


def finish(results):
    print("\nSummary")
    for r in results:
        print(f"  {'PASS' if r['pass'] else 'MISS'}  {r['name']}: {r['ratio']:.2f} (target {r['target']})")
    sys.exit(0 if all(r["pass"] for r in results) else 1)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--phase":
        {"pages": phase_pages, "queries": phase_queries, "publish": phase_publish}[sys.argv[2]](*sys.argv[3:])
    else:
        main()
