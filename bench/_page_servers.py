"""The servers bench/pages.py compares: gunicorn, the plain Wagtail project, a bare Django view, nginx."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from _instance import VENV_BIN, ThrowawayDatabase

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

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def fetch(url: str, headers=None) -> tuple[bytes, dict]:

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

    def __init__(self, app: str, env: dict, cwd: Path, name: str, logs: Path):
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
            # Never in cwd: that is the repository for our own servers.
            stderr=open(logs / f"gunicorn-{name}.log", "w"),
        )

    def workers_cpu(self) -> float:
        return cpu_seconds(children(self.process.pid))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


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


def nginx_file_config(workdir: Path, port: int, root: Path, open_files: bool) -> Path:
    """nginx serving ``root/bare_body.html`` as a static file; ``open_files``: with the front
    cache's ``open_file_cache`` (the same help for the file, for a fair second baseline)."""
    temp = workdir / f"nginx-temp-{port}"
    temp.mkdir(exist_ok=True)
    tuning = "open_file_cache max=10000 inactive=60s; " if open_files else ""
    conf = workdir / f"nginx-{port}.conf"
    conf.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 2;\npid {workdir}/nginx-{port}.pid;\nerror_log {workdir}/nginx-{port}.err;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  access_log off;\n"
        f"  client_body_temp_path {temp}; proxy_temp_path {temp}; fastcgi_temp_path {temp};"
        f" uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    location / {{\n"
        f"      root {root}; {tuning}try_files /bare_body.html =404;\n    }}\n  }}\n}}\n"
    )
    return conf
