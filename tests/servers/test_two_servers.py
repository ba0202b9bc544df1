"""Two app servers side by side, as behind a load balancer: one PostgreSQL, one Redis, one media
bucket (a local S3 server, moto), own working dirs.

Skipped (with the reason printed) unless the suite runs on PostgreSQL and Redis answers.
"""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from django.db import connection

from distro.testing.site import skip_with_printed_reason

pytestmark = pytest.mark.django_db(transaction=True)

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BUCKET = "steunpunt-twee-servers"


@pytest.fixture
def bucket_url():
    """A local S3 server with an empty bucket: the media both servers share."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    ).create_bucket(Bucket=BUCKET)
    yield url
    server.stop()


@pytest.fixture
def servers(request, tmp_path, site):
    if connection.vendor != "postgresql":
        skip_with_printed_reason(request, "Two-server test skipped: it needs PostgreSQL (DATABASE_URL).")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        skip_with_printed_reason(request, f"Two-server test skipped: no Redis at {REDIS_URL}.")
    bucket_url = request.getfixturevalue("bucket_url")  # only once the test will run
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    static = tmp_path / "static"
    envs, started = {}, []
    for name in ("a", "b"):
        var = tmp_path / name
        var.mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STEUNPUNT_", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="distro.settings.base",
            STEUNPUNT_ENV="demo",
            STEUNPUNT_ENV_FILE="",
            STEUNPUNT_VAR_DIR=str(var),
            STATIC_ROOT=str(static),
            DATABASE_URL=url,
            REDIS_URL=REDIS_URL,
            SECRET_KEY="the-same-on-every-server",
            STEUNPUNT_PAGE_CACHE="1",
            STEUNPUNT_FORM_LIMIT_PER_HOUR="2",
            STEUNPUNT_MEDIA_S3_BUCKET=BUCKET,
            STEUNPUNT_MEDIA_S3_ENDPOINT_URL=bucket_url,
            STEUNPUNT_MEDIA_S3_REGION="us-east-1",
            AWS_ACCESS_KEY_ID="test",
            AWS_SECRET_ACCESS_KEY="test",
            PYTHONPATH=str(REPO),
        )
        envs[name] = env
    subprocess.run(
        [str(BIN / "steunpunt"), "collectstatic", "--noinput"], env=envs["a"], check=True, capture_output=True
    )
    redis.Redis.from_url(REDIS_URL).flushdb()
    ports = {}
    for name, env in envs.items():
        ports[name] = free_port()
        started.append(
            subprocess.Popen(
                [str(BIN / "gunicorn"), "distro.wsgi:application", "-w", "1", "-b", f"127.0.0.1:{ports[name]}"],
                env=env,
                cwd=tmp_path / name,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp_path / f"{name}.log", "w"),
            )
        )
    bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    for base in bases.values():
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/gezond", timeout=2)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
    yield bases, envs
    for process in started:
        process.terminate()
        process.wait(timeout=20)


def shell(env, code):
    return subprocess.run(
        [str(BIN / "steunpunt"), "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout


def get(base, path, opener=None):
    response = (opener or urllib.request.build_opener()).open(base + path, timeout=10)
    return response.headers.get("X-Steunpunt-Cache"), response.read().decode()


def post_question(base, opener):
    form = opener.open(base + "/stel-je-vraag/vraag/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "question": ""}).encode()
    request = urllib.request.Request(base + "/stel-je-vraag/vraag/", data=data, headers={"Referer": base + "/"})
    try:
        return opener.open(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_publish_on_one_server_shows_on_the_other_at_once(servers, home):
    bases, envs = servers
    shell(
        envs["a"],
        "from distro.core.models import ContentPage, HomePage\n"
        "home = HomePage.objects.filter(locale__language_code='nl').first()\n"
        "p = home.add_child(instance=ContentPage(title='Vervoer', slug='vervoer', intro='Eerste versie.'))\n"
        "p.save_revision().publish()\n",
    )
    assert get(bases["b"], "/vervoer/")[0] == "miss"
    state, body = get(bases["b"], "/vervoer/")
    assert state == "hit" and "Eerste versie." in body

    shell(
        envs["a"],
        "from distro.core.models import ContentPage\n"
        "p = ContentPage.objects.get(slug='vervoer')\n"
        "p.intro = 'Tweede versie.'\n"
        "p.save_revision().publish()\n",
    )
    state, body = get(bases["b"], "/vervoer/")
    assert state == "miss" and "Tweede versie." in body


def test_rate_limit_counts_on_both_servers(servers):
    bases, _envs = servers
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    assert [post_question(bases["a"], opener) for _ in range(2)] == [400, 400]  # counted, then refused for errors
    # The third attempt, on the other server, is over the limit of 2 an hour.
    assert post_question(bases["b"], opener) == 429


def test_periodic_jobs_started_on_both_servers_run_once(servers):
    _bases, envs = servers
    runs = [
        subprocess.Popen([str(BIN / "steunpunt"), "run_jobs"], env=env, stdout=subprocess.PIPE, text=True)
        for env in envs.values()
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    names = [line.split(":", 1)[0] for out in outputs for line in out.splitlines() if ":" in line]
    assert names, outputs
    assert len(names) == len(set(names)), f"a job ran twice: {outputs}"


def test_a_login_on_one_server_holds_on_the_other(servers):
    bases, envs = servers
    shell(
        envs["a"],
        "from django.contrib.auth import get_user_model\n"
        "get_user_model().objects.create_superuser('beheer-twee', 'beheer@example.org', 'Lange-zin-voor-de-test-42')\n",
    )
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = opener.open(bases["a"] + "/admin/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "beheer-twee", "password": "Lange-zin-voor-de-test-42"}
    ).encode()
    login = urllib.request.Request(bases["a"] + "/admin/login/", data=data, headers={"Referer": bases["a"] + "/"})
    assert opener.open(login, timeout=10).geturl().endswith("/admin/")
    # The same cookies on the other server: still logged in, no login form.
    response = opener.open(bases["b"] + "/admin/", timeout=10)
    assert response.geturl().endswith("/admin/")
    assert 'name="password"' not in response.read().decode()


def test_an_upload_on_one_server_is_served_by_the_other(servers):
    bases, envs = servers
    url = shell(
        envs["a"],
        "from django.core.files.base import ContentFile\n"
        "from wagtail.documents.models import Document\n"
        "d = Document.objects.create(title='Folder', file=ContentFile(b'%PDF-1.4 folder', name='folder.pdf'))\n"
        "print(d.url)\n",
    ).splitlines()[-1]  # the shell first says what it imported
    response = urllib.request.urlopen(bases["b"] + url, timeout=10)
    assert response.read() == b"%PDF-1.4 folder"
