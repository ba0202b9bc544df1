"""Anonymous requests never get a server error, whatever their charset, ids, query or method.

The first tests are the cases found by hand (issue 9); the last ones crawl the
demo site from the home page and send hostile variants of every address found.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote, urldefrag, urlsplit

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distro.contact.models import ContactPage

HUGE = "9" * 25  # far beyond 64 bits
FOREIGN_CHARSETS = ["latin-1", "iso-8859-1", "utf-16", "UTF-16LE", "utf8", "no-such-charset"]


def anonymous(csrf=True):
    return Client(raise_request_exception=False, enforce_csrf_checks=csrf)


def csrf_token(client, url):
    """What a browser has after loading a form: the CSRF cookie and the token in the page."""
    response = client.get(url)
    assert response.status_code == 200, url
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)
    assert match, f"no form on {url}"
    return match.group(1).decode()


def contact_url():
    # The question form has a page of its own under the contact page.
    return ContactPage.objects.live().filter(locale__language_code="nl").first().url + "vraag/"


def form_urls(bijeenkomst=None):
    urls = [contact_url()]
    if bijeenkomst is not None:
        urls.append(f"/agenda/aanmelden/{bijeenkomst.pk}/")
    return urls


# --- The cases from the issue ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("charset", FOREIGN_CHARSETS)
def test_contact_form_in_another_charset_is_a_bad_request(site, charset):
    client = anonymous()
    url = contact_url()
    token = csrf_token(client, url)
    body = f"csrfmiddlewaretoken={token}&name=Jos%E9&email=jos%40example.org&question=Hallo"
    response = client.generic(
        "POST", url, data=body.encode(), content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400
    assert "opnieuw" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("charset", FOREIGN_CHARSETS)
def test_agenda_sign_up_in_another_charset_is_a_bad_request(bijeenkomst, charset):
    client = anonymous()
    url = f"/agenda/aanmelden/{bijeenkomst.pk}/"
    token = csrf_token(client, url)
    body = f"csrfmiddlewaretoken={token}&name=Jos&email=jos%40example.org&persons=1"
    response = client.generic(
        "POST",
        url,
        data=body.encode("utf-16") if "16" in charset else body.encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    from plugins.agenda.models import Aanmelding

    # Only the demo site's made-up registrations (email "voorbeeld-...@example.org").
    assert not Aanmelding.objects.exclude(email__startswith="voorbeeld-").exists()


@pytest.mark.django_db
def test_multipart_form_in_utf16_is_a_bad_request(site):
    client = anonymous()
    url = contact_url()
    token = csrf_token(client, url)
    body = f'--XX\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n--XX--\r\n'
    response = client.generic(
        "POST", url, data=body.encode("utf-16"), content_type="multipart/form-data; boundary=XX; charset=utf-16"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        f"/agenda/aanmelden/{HUGE}/",
        f"/agenda/aanmelden/{HUGE}/bedankt/",
        f"/agenda/{HUGE}.ics",
        f"/en/agenda/aanmelden/{2**63}/",
        f"/documenten/{HUGE}/brochure.pdf",
        f"/documenten/authenticate_with_password/{HUGE}/",
        f"/_util/authenticate_with_password/{HUGE}/{HUGE}/",
    ],
)
def test_ids_beyond_64_bits_are_not_found(bijeenkomst, path):
    assert anonymous(csrf=False).get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["a%00b", "%00", "ouder%00%00", "%ED%A0%80", "x%00&pagina=2"])
def test_search_with_nul_or_broken_unicode(site, query):
    response = anonymous().get(f"/zoeken/?q={query}")
    assert response.status_code in (200, 400)


# --- Fuzzing the whole public site ---------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "data-audio-src", "data-refresh-url") and value:
                self.links.add(value)


def _same_site(link):
    link, _frag = urldefrag(link)
    parts = urlsplit(link)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != "testserver"):
        return None
    path = parts.path
    if not path.startswith("/") or path.startswith(("/admin", "/static/")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(client, start=("/",), limit=80):
    """Follow links from ``start``; one address per kind of page (see ``kind_of``)."""
    kinds, queue, found = set(), list(start), []
    while queue and len(found) < limit:
        url = queue.pop(0)
        if kind_of(url) in kinds:
            continue
        kinds.add(kind_of(url))
        response = client.get(url)
        assert response.status_code < 500, url
        found.append(url)
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and ("html" in content_type or "xml" in content_type):
            parser = _Links()
            body = response.content.decode("utf-8", "replace")
            parser.feed(body)
            # The sitemap lists absolute addresses in <loc>.
            parser.links.update(re.findall(r"<loc>([^<]+)</loc>", body))
            for link in sorted(parser.links):
                target = _same_site(link)
                if target and kind_of(target) not in kinds and not LANGUAGE_PREFIX.match(target):
                    queue.append(target)
    return found


LANGUAGE_PREFIX = re.compile(r"^/(en|pl|tr|uk)(/|$)")
#: Listings and forms, which read the query or a body: every variant is tried on these.
READS_INPUT = re.compile(
    r"^/(ar/)?(zoeken|agenda|informatie|sociale-kaart|stel-je-vraag|agenda/aanmelden/[0-9]+)/(\?|$)"
)


def kind_of(url):
    """Pages of one kind behave alike: one captcha image, one iCal file and one
    sign-up form stand for all (the Arabic start page brings in right-to-left)."""
    kind = re.sub(r"[0-9a-f]{40}", "<key>", url)
    return re.sub(r"/[0-9]+(\.ics|/)", r"/<id>\1", kind)


@pytest.fixture
def public_urls(bijeenkomst):
    """Every address an anonymous visitor can reach, plus the ones a bot would try."""
    client = anonymous(csrf=False)
    start = [
        "/",
        "/sitemap.xml",
        "/robots.txt",
        "/thema.css",
        "/agenda.ics",
        f"/agenda/{bijeenkomst.pk}.ics",
        f"/agenda/aanmelden/{bijeenkomst.pk}/",
        f"/agenda/aanmelden/{bijeenkomst.pk}/bedankt/?r=rommel",
        "/agenda/afmelden/rommel/",
        "/agenda/afmelden/rommel/klaar/",
        "/agenda/afmelden/" + "A" * 400 + "/",
        "/captcha/refresh/",
        "/captcha/image/rommel/",
        "/captcha/image/rommel@2/",
        "/captcha/audio/rommel.wav",
        "/zoeken/?q=ouders",
        "/en/",
        "/en/agenda/",
        "/ar/",
        "/ar/stel-je-vraag/",
    ]
    return crawl(client, start)


QUERY_VARIANTS = [
    "page=99999999999999999999",
    "pagina=99999999999999999999",
    "pagina=-1",
    "pagina=%00",
    "lang=",
    "q=%00",
    "q=%ED%A0%80",
    "q=" + "x" * 5000,
    "voor=%00&thema=%ED%A0%80&plaats=" + HUGE,
    f"thema={HUGE}&gemeente={HUGE}",
    "thema=-1&gemeente=abc&archief=1",
    "archief=%00",
    "r=" + "A" * 3000,
    "export=xlsx",
    "id=" + HUGE,
]

BODIES = [
    ("application/x-www-form-urlencoded; charset=utf-16", "name=x".encode("utf-16")),
    ("application/x-www-form-urlencoded; charset=latin-1", b"name=Jos%E9"),
    ("application/x-www-form-urlencoded", b"name=%00&email=%ED%A0%80&persons=" + HUGE.encode()),
    ("application/x-www-form-urlencoded", b"persons=99999999999999999999&" + b"x" * 20000),
    ("multipart/form-data; boundary=XX", b"--XX\r\nContent-Disposition: form-data; name=\r\n\r\nbroken"),
    ("multipart/form-data", b"--XX\r\n\r\n"),
    ("multipart/form-data; boundary=XX; charset=no-such-charset", b"--XX--\r\n"),
    ("application/json", b'{"name": "\\u0000"}'),
    ("text/plain; charset=utf-16", b"\xff\xfe\x00"),
]

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "TRACE"]


def _with_query(url, query):
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _path_variants(url):
    path = url.split("?", 1)[0]
    base = path.rstrip("/")
    return [f"{base}/{HUGE}/", f"{base}%00/", f"{base}/%ED%A0%80/", f"{path}{'x' * 2000}/"]


@pytest.mark.django_db
def test_crawl_finds_the_public_site(public_urls):
    """The fuzzing below only means something if the crawl reached the site's parts."""
    joined = " ".join(public_urls)
    for part in ("/agenda/", "/zoeken/", ".ics", "sitemap.xml", "/captcha/"):
        assert part in joined, part
    assert len(public_urls) > 20
    assert sum(map(_reads_input, public_urls)) >= 6


def _rotating(items, index, count):
    """``count`` of ``items``, a different slice for each address, so all get used."""
    return [items[(index * count + k) % len(items)] for k in range(min(count, len(items)))]


def _reads_input(url):
    return bool(READS_INPUT.match(url))


@pytest.mark.django_db
def test_every_public_address_survives_hostile_queries_and_paths(public_urls):
    client = anonymous(csrf=False)
    failures = []
    for i, url in enumerate(public_urls):
        queries = QUERY_VARIANTS if _reads_input(url) else _rotating(QUERY_VARIANTS, i, 2)
        for variant in [_with_query(url, q) for q in queries] + _rotating(_path_variants(url), i, 1):
            status = client.get(variant).status_code
            if status >= 500:
                failures.append((variant[:200], status))
    assert failures == []


@pytest.mark.django_db
def test_every_public_address_survives_odd_methods_and_bodies(public_urls, captcha_passes):
    client = anonymous(csrf=False)
    failures = []
    for i, url in enumerate(public_urls):
        for method in ["POST", *_rotating(METHODS, i, 1)]:
            status = client.generic(method, url).status_code
            if status >= 500:
                failures.append((method, url, status))
        for content_type, body in BODIES if _reads_input(url) else _rotating(BODIES, i, 1):
            status = client.generic("POST", url, data=body, content_type=content_type).status_code
            if status >= 500:
                failures.append(("POST", url, content_type, status))
    assert failures == []


hostile_text = st.one_of(
    st.text(min_size=0, max_size=50),
    st.sampled_from(
        [
            "\x00",
            "%00",
            "%ED%A0%80",
            "%ff%fe",
            HUGE,
            "-" + HUGE,
            "1e999",
            "NaN",
            "../../etc/passwd",
            "'",
            '"',
            "<script>",
        ]
    ),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
)


@pytest.mark.django_db
@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_random_hostile_requests_never_get_a_server_error(public_urls, data):
    client = anonymous(csrf=False)
    url = data.draw(st.sampled_from(public_urls))
    params = data.draw(
        st.dictionaries(
            st.sampled_from(
                ["q", "pagina", "page", "voor", "thema", "plaats", "gemeente", "archief", "lang", "r", "id"]
            ),
            hostile_text,
            max_size=4,
        )
    )
    method = data.draw(st.sampled_from(["GET", "POST", "HEAD"]))
    if method == "POST":
        response = client.post(url.split("?")[0], data=params)
    else:
        response = client.generic(
            method,
            url.split("?")[0],
            data="",
            QUERY_STRING="&".join(f"{k}={quote(v, safe='%')}" for k, v in params.items()),
        )
    assert response.status_code < 500, (method, url, params)
