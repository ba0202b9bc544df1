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
2. **nginx front cache vs nginx serving the file.** The documented proxy_cache in
   front of the site against nginx serving the same bytes from disk. Target >= 0.85x.
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
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _instance import REPO, ThrowawayDatabase, print_result  # bench/ is on sys.path
from _instance import run_phase as run_script_phase

VENV_BIN = Path(sys.executable).parent
BENCH = Path(__file__).resolve().parent
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
WORDS = (
    "Passend onderwijs betekent dat elk kind een plek krijgt op een school die past bij wat het kind nodig heeft "
    "en de school zoekt samen met de ouders naar de beste ondersteuning in de klas of daarbuiten "
).split()
TEXT_800 = " ".join(WORDS[i % len(WORDS)] for i in range(800))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def fetch(url: str, headers=None) -> tuple[bytes, dict]:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
        return response.read(), dict(response.headers)


def wrk(url: str, seconds: float) -> float:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", url], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids) -> float:
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


class Server:
    """gunicorn with 2 sync workers on a free port."""

    def __init__(self, app: str, env: dict, cwd: Path, name: str):
        self.port = free_port()
        self.name = name
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                app,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=open(cwd / f"gunicorn-{name}.log", "w"),
        )

    def workers_cpu(self) -> float:
        return cpu_seconds(children(self.process.pid))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


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


def steunpunt(env: dict, *args: str):
    subprocess.run([str(VENV_BIN / "steunpunt"), *args], env=env, cwd=REPO, check=True, capture_output=True, text=True)


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


# --- the plain Wagtail project ------------------------------------------------------------


def build_plain_wagtail(workdir: Path, kind: str) -> tuple[Path, dict, str, ThrowawayDatabase | None]:
    project = workdir / f"plain-{kind}"
    project.mkdir()
    subprocess.run([str(VENV_BIN / "wagtail"), "start", "plainsite", str(project)], check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STEUNPUNT_"))}
    env.update(DJANGO_SETTINGS_MODULE="plainsite.settings.production", PYTHONPATH=str(project))
    database = None
    extra = '\nALLOWED_HOSTS = ["*"]\nSECRET_KEY = "bench-only"\nDEBUG = False\n'
    if kind == "postgres":
        database = ThrowawayDatabase(kind, workdir, "plain")
        env["PLAIN_DATABASE_URL"] = database.url
        extra += "import os, dj_database_url\nDATABASES = {'default': dj_database_url.parse(os.environ['PLAIN_DATABASE_URL'])}\n"
    settings = project / "plainsite" / "settings" / "production.py"
    settings.write_text(settings.read_text() + extra)
    python = str(VENV_BIN / "python")
    # A body of rich text, as a content page has; rendered with Wagtail's richtext filter.
    models = project / "home" / "models.py"
    models.write_text(
        "from wagtail.fields import RichTextField\nfrom wagtail.models import Page\n\n\n"
        "class HomePage(Page):\n    body = RichTextField(blank=True)\n"
    )
    template = project / "home" / "templates" / "home" / "home_page.html"
    template.write_text(
        "{% extends 'base.html' %}{% load wagtailcore_tags %}{% block content %}<h1>{{ page.title }}</h1>"
        "{{ page.body|richtext }}{% endblock %}"
    )
    for command in (["makemigrations", "home"], ["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run([python, "manage.py", *command], cwd=project, env=env, check=True, capture_output=True)
    paragraphs = "".join(f"<p>{TEXT_800[i : i + 400]}</p>" for i in range(0, len(TEXT_800), 400))
    script = (
        "from home.models import HomePage\n"
        "home = HomePage.objects.first()\n"
        f"page = HomePage(title='Achthonderd woorden', slug='achthonderd-woorden', body={paragraphs!r})\n"
        "home.add_child(instance=page)\n"
        "page.save_revision().publish()\n"
        "print(page.url)\n"
    )
    url = (
        subprocess.run(
            [python, "manage.py", "shell", "-c", script],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return project, env, url, database


# --- the bare Django ceiling and nginx ----------------------------------------------------


def write_bare_app(workdir: Path, body: bytes) -> Path:
    (workdir / "bare_body.html").write_bytes(body)
    (workdir / "bare_app.py").write_text(
        "from pathlib import Path\n"
        "import django\nfrom django.conf import settings\nfrom django.http import HttpResponse\nfrom django.urls import path\n"
        f"BODY = Path({str(workdir / 'bare_body.html')!r}).read_bytes()\n"
        "def view(request):\n    return HttpResponse(BODY)\n"
        "urlpatterns = [path('', view)]\n"
        "settings.configure(DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=['*'], MIDDLEWARE=[], SECRET_KEY='x')\n"
        "django.setup()\n"
        "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n"
    )
    return workdir


def nginx_config(workdir: Path, port: int, root: Path, upstream: str | None) -> Path:
    cache = workdir / f"nginx-cache-{port}"
    cache.mkdir(exist_ok=True)
    temp = workdir / f"nginx-temp-{port}"
    temp.mkdir(exist_ok=True)
    if upstream:
        location = (
            f"proxy_pass {upstream};\n"
            "      proxy_set_header Host $host;\n"
            "      proxy_cache pages;\n"
            "      proxy_cache_key $scheme$host$request_uri;\n"
            "      proxy_cache_bypass $cookie_sessionid $cookie_messages;\n"
            "      proxy_no_cache $cookie_sessionid $cookie_messages;\n"
            "      proxy_cache_valid 200 10m;\n"
            "      proxy_ignore_headers Cache-Control;\n"
            "      add_header X-Cache-Status $upstream_cache_status;\n"
        )
    else:
        location = f"root {root};\n      try_files /bare_body.html =404;\n"
    conf = workdir / f"nginx-{port}.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 2;\npid {workdir}/nginx-{port}.pid;\nerror_log {workdir}/nginx-{port}.err;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n"
        f"  proxy_cache_path {cache} keys_zone=pages:10m;\n"
        f"  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};"
        f" uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      {location}    }}\n  }}\n}}\n"
    )
    return conf


# --- the run -------------------------------------------------------------------------------


def measure_uncached_render(kind, workdir, sqlite_instance, urls, args, servers) -> dict:
    """CPU per render of the 800-word page, page cache off, against plain Wagtail on the same database."""
    instance = sqlite_instance if kind == "sqlite" else build_instance(kind, workdir, "render")[0]
    project, plain_env, plain_url, plain_db = build_plain_wagtail(workdir, kind)
    plain = Server("plainsite.wsgi:application", plain_env, project, f"plain-{kind}")
    uncached = Server("distro.wsgi:application", instance.env(STEUNPUNT_PAGE_CACHE="0"), REPO, f"uncached-{kind}")
    # For scale, not a target: also without the render cache (every lookup from the database).
    no_caches = Server(
        "distro.wsgi:application",
        instance.env(STEUNPUNT_PAGE_CACHE="0", STEUNPUNT_RENDER_CACHE="0"),
        REPO,
        f"no-caches-{kind}",
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
    ratio = ours / base if base else 0.0
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
            ours_file = Server("distro.wsgi:application", instance.env(), REPO, "file")
            ours_redis = Server("distro.wsgi:application", instance.env(REDIS_URL=REDIS_URL), REPO, "redis")
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
        elif shutil.which("nginx"):
            body, _headers = fetch(ours_file.url + "/")
            write_bare_app(workdir, body)
            port_file, port_proxy = free_port(), free_port()
            started = []
            for port, upstream in ((port_file, None), (port_proxy, ours_file.url)):
                conf = nginx_config(workdir, port, workdir, upstream)
                subprocess.run(["nginx", "-c", str(conf), "-p", str(workdir)], check=True)
                started.append(conf)
            wait_for(f"http://127.0.0.1:{port_proxy}/")
            fetch(f"http://127.0.0.1:{port_proxy}/")
            rates = alternate(
                {"file": port_file, "proxy": port_proxy},
                lambda name, port: f"http://127.0.0.1:{port}/",
                args.seconds,
                args.rounds,
            )
            for conf in started:
                subprocess.run(["nginx", "-c", str(conf), "-p", str(workdir), "-s", "stop"], check=False)
            results.append(
                ratio_line("nginx front cache vs nginx serving the file", rates["proxy"], rates["file"], 0.85)
            )
        else:
            print("nginx front cache: skipped, nginx is not installed (apt-get install nginx-light)")

        # 3. uncached render CPU vs plain Wagtail, on each database.
        for kind in kinds if "render" in parts else []:
            results.append(measure_uncached_render(kind, workdir, instance, urls, args, servers))

        # 4. never stale, under load, for both strategies.
        if "stale" not in parts:
            return finish(results)
        exact = Server("_exact_strategy:application", instance.env(REDIS_URL=REDIS_URL), REPO, "exact")
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
