"""The protected public form of the core (distro.core.publicforms) and its per-IP limit.

A small form of its own is run through ``process_post`` here, so these tests
hold for every form built on it (contact, agenda sign-up and the plugins to
come), not just for one of them.
"""

import os
import subprocess
import sys
import threading

import pytest
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory

from distro.core import ratelimit
from distro.core.publicforms import ProtectedForm, Refused, process_post
from distro.core.ratelimit.models import Teller

SAVED = []


class OpinionForm(ProtectedForm, forms.Form):
    consent_error = "Geef toestemming, anders kunnen we uw mening niet gebruiken."
    opinion = forms.CharField(label="Uw mening", error_messages={"required": "Schrijf uw mening op."})
    grade = forms.ChoiceField(label="Cijfer", choices=[("1", "1"), ("2", "2")], widget=forms.RadioSelect)


def make_form(data=None, initial=None):
    return OpinionForm(data, initial=initial, consent_help="We bewaren uw mening 30 dagen.")


def render(form, status, form_error):
    html = render_to_string("steunpunt/includes/form.html", {"form": form, "form_error": form_error})
    response = HttpResponse(html, status=status)
    response.form = form
    return response


def save(form):
    if form.cleaned_data["opinion"] == "te laat":
        raise Refused("Het formulier is gesloten.", summary="Niet verstuurd.")
    SAVED.append(form.cleaned_data["opinion"])
    return HttpResponse("bedankt", status=302)


def submit(data, remote="192.0.2.10", **meta):
    request = RequestFactory().post("/mening/", data, REMOTE_ADDR=remote, **meta)
    return process_post(
        request,
        scope="test_mening",
        make_form=make_form,
        save=save,
        spam_response=lambda: HttpResponse("bedankt", status=302),
        render=render,
    )


def valid(**overrides):
    data = {
        "opinion": "Goed geholpen",
        "grade": "2",
        "consent": "on",
        "website": "",
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ")


@pytest.fixture(autouse=True)
def _empty():
    SAVED.clear()


pytestmark = pytest.mark.django_db


# --- The form ---------------------------------------------------------------------------


def test_protection_fields_come_after_the_forms_own_fields():
    form = make_form()
    assert list(form.fields) == ["opinion", "grade", "consent", "website", "captcha"]
    html = render(form, 200, None).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    # The honeypot is hidden from people and screen readers, and out of the tab order.
    honeypot = soup.find("input", attrs={"name": "website"})
    assert honeypot["tabindex"] == "-1" and honeypot.find_parent(attrs={"aria-hidden": "true"})
    assert "We bewaren uw mening 30 dagen." in html
    assert soup.find("img", src=lambda s: s and s.startswith("/captcha/image/"))


def test_a_form_that_asks_consent_must_say_why():
    class WithoutReason(ProtectedForm, forms.Form):
        pass

    with pytest.raises(ImproperlyConfigured):
        WithoutReason()

    class NoConsent(ProtectedForm, forms.Form):
        consent_label = None

    assert "consent" not in NoConsent().fields


def test_valid_post_is_saved(captcha_passes):
    assert submit(valid()).status_code == 302
    assert SAVED == ["Goed geholpen"]


def test_filled_honeypot_looks_like_success_and_stores_nothing(captcha_checked):
    # Even with every other field wrong: a bot learns nothing, not even the field errors.
    response = submit({"website": "http://spam.example", "opinion": ""})
    assert response.status_code == 302 and response.content == b"bedankt"
    assert SAVED == []


def test_missing_consent_and_fields_give_dutch_errors(captcha_passes):
    response = submit(valid(consent=None, opinion="", grade=None))
    assert response.status_code == 400
    assert response.form.errors == {
        "opinion": ["Schrijf uw mening op."],
        "grade": ["Dit is een verplicht veld."],
        "consent": ["Geef toestemming, anders kunnen we uw mening niet gebruiken."],
    }
    page = text(response)
    assert "Niet alles is goed ingevuld. Kijk naar de meldingen hieronder." in page
    assert "Geef toestemming, anders kunnen we uw mening niet gebruiken." in page
    assert SAVED == []


def test_captcha_has_one_try_per_challenge(captcha_checked):
    hashkey = CaptchaStore.generate_key()
    right = CaptchaStore.objects.get(hashkey=hashkey).response
    wrong = submit(valid(captcha_0=hashkey, captcha_1="fout"))
    assert wrong.status_code == 400
    assert wrong.form.errors["captcha"] == ["De letters kloppen niet. Probeer het opnieuw met de nieuwe letters."]
    # The right answer to the same image no longer helps: the challenge is used up.
    assert submit(valid(captcha_0=hashkey, captcha_1=right)).status_code == 400
    assert SAVED == []
    fresh = CaptchaStore.generate_key()
    answer = CaptchaStore.objects.get(hashkey=fresh).response
    assert submit(valid(captcha_0=fresh, captcha_1=answer)).status_code == 302
    assert SAVED == ["Goed geholpen"]


def test_refused_while_saving_shows_the_reason(captcha_passes):
    response = submit(valid(opinion="te laat"))
    assert response.status_code == 400
    assert "Niet verstuurd." in text(response) and "Het formulier is gesloten." in text(response)


# --- The limit per address ----------------------------------------------------------------


def test_over_the_limit_gives_429_keeps_the_typed_text_and_leaves_the_captcha(settings, captcha_checked):
    settings.STEUNPUNT_FORM_LIMIT_PER_HOUR = 1
    submit(valid(opinion=""))
    hashkey = CaptchaStore.generate_key()
    response = submit(valid(opinion="Mijn lange verhaal", grade="1", captcha_0=hashkey, captcha_1="fout"))
    assert response.status_code == 429
    page = text(response)
    assert "Probeer het over een uur opnieuw" in page
    assert response.form["opinion"].value() == "Mijn lange verhaal" and response.form["grade"].value() == "1"
    # Not validated: no field errors, and the captcha was not used up.
    assert not response.form.is_bound and CaptchaStore.objects.filter(hashkey=hashkey).exists()
    assert SAVED == []
    # Another address is not affected.
    assert submit(valid(captcha_0="x", captcha_1="PASSED"), remote="192.0.2.99").status_code != 429


def test_the_counter_holds_no_ip_address(settings, captcha_passes):
    submit(valid(), remote="203.0.113.77")
    [row] = Teller.objects.all()
    assert "203.0.113.77" not in row.key and row.count == 1


def test_rows_of_past_hours_are_deleted(settings, captcha_passes, monkeypatch):
    submit(valid(), remote="203.0.113.1")
    now = ratelimit.time.time()
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 2 * ratelimit.WINDOW_SECONDS)
    submit(valid(), remote="203.0.113.2")
    assert Teller.objects.count() == 1


def test_the_cache_store_counts_too(settings):
    """With REDIS_URL the cache counts (here the test's local cache stands in for Redis)."""
    settings.STEUNPUNT_RATELIMIT_STORE = "cache"
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.5")
    assert [ratelimit.limit_exceeded(request, "cache_scope", limit=2) for _ in range(3)] == [False, False, True]
    assert not Teller.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_count(settings):
    """Each thread has its own database connection, as each gunicorn worker has
    its own process; the per-process cache (LocMemCache) is not what counts."""
    settings.STEUNPUNT_FORM_LIMIT_PER_HOUR = 4
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.STEUNPUNT_RATELIMIT_STORE == "database"
    results, lock = [], threading.Lock()

    def worker():
        from django.db import connection as own_connection

        try:
            request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
            outcome = [ratelimit.limit_exceeded(request, "werkers") for _ in range(3)]
            with lock:
                results.extend(outcome)
        finally:
            own_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # 6 attempts, 4 allowed, wherever they landed.
    assert sorted(results) == [False] * 4 + [True] * 2
    assert Teller.objects.get().count == 6
    assert connection.vendor in ("sqlite", "postgresql")


# --- Which address counts ------------------------------------------------------------------


def ip(remote, forwarded=None, proxies=(), settings=None):
    settings.STEUNPUNT_TRUSTED_PROXIES = list(proxies)
    settings.STEUNPUNT_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return ratelimit.client_ip(RequestFactory().get("/", **meta))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    assert ip("203.0.113.5", "1.2.3.4", settings=settings) == "203.0.113.5"


def test_spoofed_header_from_an_untrusted_client_is_ignored(settings):
    # A proxy is configured, but this request did not come through it.
    assert ip("203.0.113.5", "127.0.0.1, 10.0.0.1", proxies=["127.0.0.1"], settings=settings) == "203.0.113.5"


def test_through_a_trusted_proxy_the_address_it_saw_counts(settings):
    assert ip("127.0.0.1", "203.0.113.5", proxies=["127.0.0.1", "::1"], settings=settings) == "203.0.113.5"
    assert ip("::1", "2001:db8::5", proxies=["127.0.0.1", "::1"], settings=settings) == "2001:db8::5"


def test_what_the_visitor_wrote_left_of_the_proxys_entry_is_not_believed(settings):
    # The visitor sent "X-Forwarded-For: 198.51.100.1"; the proxy appended the real address.
    assert ip("127.0.0.1", "198.51.100.1, 203.0.113.5", proxies=["127.0.0.1"], settings=settings) == "203.0.113.5"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    proxies = ["127.0.0.1", "10.0.0.0/8"]
    assert ip("127.0.0.1", "198.51.100.1, 203.0.113.5, 10.1.2.3", proxies=proxies, settings=settings) == "203.0.113.5"


def test_invalid_values_are_not_used(settings):
    assert ip("127.0.0.1", "unknown", proxies=["127.0.0.1"], settings=settings) == "127.0.0.1"
    assert ip("127.0.0.1", "", proxies=["127.0.0.1"], settings=settings) == "127.0.0.1"
    assert ip("127.0.0.1", None, proxies=["127.0.0.1"], settings=settings) == "127.0.0.1"
    # Nothing left of garbage is believed either.
    assert ip("127.0.0.1", "198.51.100.1, <script>", proxies=["127.0.0.1"], settings=settings) == "127.0.0.1"
    assert ip("127.0.0.1", " [2001:db8::9] ", proxies=["127.0.0.1"], settings=settings) == "2001:db8::9"


def test_spoofed_header_cannot_escape_the_limit(settings, captcha_passes):
    settings.STEUNPUNT_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.STEUNPUNT_FORM_LIMIT_PER_HOUR = 2
    statuses = [
        submit(valid(), remote="203.0.113.8", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]


# --- Settings -----------------------------------------------------------------------------


def run_settings(tmp_path, code, **env):
    child_env = {k: v for k, v in os.environ.items() if not k.startswith(("STEUNPUNT_", "DJANGO_", "DATABASE_URL"))}
    child_env.update(STEUNPUNT_VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "-m", "distro", "shell", "-c", code],
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def last_line(result):
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


PRINT = "from django.conf import settings as s; print(s.STEUNPUNT_TRUSTED_PROXIES, s.STEUNPUNT_CLIENT_IP_HEADER)"


def test_settings_default_believes_no_proxy_and_the_old_header_setting_keeps_working(tmp_path):
    assert last_line(run_settings(tmp_path, PRINT)) == "[] HTTP_X_FORWARDED_FOR"
    # An install from before STEUNPUNT_TRUSTED_PROXIES: its proxy is on the same machine.
    old = run_settings(tmp_path, PRINT, STEUNPUNT_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    assert last_line(old) == "['127.0.0.1', '::1'] HTTP_X_FORWARDED_FOR"


@pytest.mark.parametrize(
    "env, message",
    [
        (
            {"STEUNPUNT_TRUSTED_PROXIES": "127.0.0.1,proxy.example.nl"},
            "STEUNPUNT_TRUSTED_PROXIES bevat 'proxy.example.nl'",
        ),
        ({"STEUNPUNT_CLIENT_IP_HEADER": "X-Forwarded-For"}, "bijvoorbeeld HTTP_X_FORWARDED_FOR"),
    ],
)
def test_settings_mistakes_get_a_dutch_message(tmp_path, env, message):
    result = run_settings(tmp_path, PRINT, **env)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
