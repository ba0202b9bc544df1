"""Settings for steunpunt-in-a-box, read from the environment.

Every value comes from an environment variable or from the instance config
``var/steunpunt.env`` that install.sh writes (the environment wins). Setting
``STEUNPUNT_ENV=production`` switches on the hardening in ``_production()``.
See docs/configuration.md for the full reference: keep it in step with this file.

A configuration mistake raises ``EnvError`` here with a Dutch message for the
operator; ``steunpunt`` prints it as one line instead of a traceback.
"""

import importlib.util
import ipaddress
import os
import shutil
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from environs import Env, EnvError

from distro import plugins as plugin_registry
from distro.settings import validation

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DISTRO_DIR = BASE_DIR / "distro"

env = Env()
VAR_DIR = Path(env.str("STEUNPUNT_VAR_DIR", str(BASE_DIR / "var"))).resolve()
# An empty STEUNPUNT_ENV_FILE reads no instance config at all: the test settings
# use that, so an installed demo's var/steunpunt.env cannot change the tests.
ENV_FILE = env.str("STEUNPUNT_ENV_FILE", str(VAR_DIR / "steunpunt.env"))
if ENV_FILE:
    env.read_env(ENV_FILE, recurse=False, override=False)

STEUNPUNT_ENV = env.str("STEUNPUNT_ENV", "demo")
if STEUNPUNT_ENV not in ("demo", "production", "test"):
    raise EnvError(f"STEUNPUNT_ENV moet demo, production of test zijn, niet '{STEUNPUNT_ENV}'.")
PRODUCTION = STEUNPUNT_ENV == "production"

DEBUG = env.bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY", "" if PRODUCTION else "demo-only-secret-key-do-not-use-in-production")
if not SECRET_KEY:
    raise EnvError(
        "SECRET_KEY is verplicht als STEUNPUNT_ENV=production. Maak er een met: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [])

# --- Plugins ------------------------------------------------------------------

STEUNPUNT_AVAILABLE_PLUGINS = plugin_registry.available_plugins()
_enabled = plugin_registry.resolve_enabled(
    plugin_registry.parse_plugin_list(env.str("STEUNPUNT_PLUGINS", None), STEUNPUNT_AVAILABLE_PLUGINS),
    STEUNPUNT_AVAILABLE_PLUGINS,
)
STEUNPUNT_ENABLED_PLUGINS = [p.name for p in _enabled]

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    "distro.core",
    "distro.pagecache",
    "distro.core.ratelimit",
    "distro.theming",
    "distro.jobs",
    "distro.backup",
    "distro.roles",
    "distro.accounts",
    "distro.outbox",
    "distro.contact",
    "distro.socialekaart",
    *[p.app_config for p in _enabled],
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "captcha",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Compresses what the page cache does not (its hits are stored compressed).
    "distro.pagecache.middleware.CompressionMiddleware",
    # Before everything else: a cached page is answered without running the rest (docs/caching.md).
    "distro.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (the CSRF check does): see its docstring.
    "distro.core.middleware.BadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "distro.accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "distro.core.csp.SteunpuntCSPMiddleware",
    "distro.theming.middleware.ThemeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lockout into distro.accounts' Dutch page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "distro.urls"
WSGI_APPLICATION = "distro.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "distro.theming.context_processors.theme",
                "distro.core.context_processors.site_chrome",
            ],
            # The theme loader looks in the active theme first; caching is
            # keyed by theme so two sites with two themes never mix.
            "loaders": [
                (
                    "distro.theming.loaders.CachedThemeLoader",
                    [
                        "distro.theming.loaders.ThemeLoader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    },
]

# --- Themes -------------------------------------------------------------------

STEUNPUNT_THEME_DIRS = [Path(p) for p in env.list("STEUNPUNT_THEME_DIRS", [])] + [BASE_DIR / "themes"]
STEUNPUNT_DEFAULT_THEME = env.str("STEUNPUNT_THEME", "standaard")

# --- Database -----------------------------------------------------------------

# Only the databases the distro is tested on: SQLite (demo, small sites) and
# PostgreSQL (its Dutch full-text search is what the site search uses).
# distro.settings.validation (shared with the installer) refuses other URL schemes.
_database_url = env.str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'steunpunt.sqlite3'}")
# A worker keeps its connection between requests: opening one costs a
# PostgreSQL backend process, and on SQLite closing the last one checkpoints
# the WAL file. The health check replaces a connection the server dropped.
_conn_max_age = env.int("DATABASE_CONN_MAX_AGE", 60)
_database_problem = validation.database_url_problem(_database_url)
if _database_problem:
    raise EnvError(f"DATABASE_URL {_database_problem}")
DATABASES = {
    "default": dj_database_url.parse(_database_url, conn_max_age=_conn_max_age, conn_health_checks=_conn_max_age > 0)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web server and the job runner share the file.
    # synchronous=NORMAL is safe with WAL: the file never corrupts; after a power
    # cut (not a crash of the program) the last commits may be missing. It saves
    # a disk flush on every commit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Shared by every worker of this machine; several servers need Redis (docs/caching.md).
    "pagecache": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache" / "pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
if env.str("REDIS_URL", ""):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env.str("REDIS_URL")}
    CACHES["pagecache"] = {**CACHES["default"], "KEY_PREFIX": "pagecache"}

#: Anonymous visitors get public pages from the page cache (distro/pagecache, docs/caching.md).
STEUNPUNT_PAGE_CACHE = env.bool("STEUNPUNT_PAGE_CACHE", STEUNPUNT_ENV != "test")
#: What every page repeats (the menus) is built once per change, even for pages rendered anew.
STEUNPUNT_RENDER_CACHE = env.bool("STEUNPUNT_RENDER_CACHE", STEUNPUNT_ENV != "test")
#: A front cache (nginx with the cache-purge module, Varnish) that accepts HTTP PURGE at this
#: address: every change purges it (distro/frontcache, docs/installing.md). Empty: none.
STEUNPUNT_FRONTEND_CACHE_URL = env.str("STEUNPUNT_FRONTEND_CACHE_URL", "")
if STEUNPUNT_FRONTEND_CACHE_URL:
    if not STEUNPUNT_FRONTEND_CACHE_URL.startswith(("http://", "https://")):
        raise EnvError(
            "STEUNPUNT_FRONTEND_CACHE_URL moet een adres met http:// of https:// zijn, "
            f"bijvoorbeeld http://127.0.0.1:80, niet '{STEUNPUNT_FRONTEND_CACHE_URL}'."
        )
    INSTALLED_APPS += ["wagtail.contrib.frontend_cache", "distro.frontcache"]
    WAGTAILFRONTENDCACHE = {
        "front": {
            "BACKEND": "distro.frontcache.backends.PurgeBothCopies",
            "LOCATION": STEUNPUNT_FRONTEND_CACHE_URL,
        }
    }
#: How long a front cache may keep a public page (s-maxage). Only with a front cache that is
#: purged on changes (above); 0: not at all.
STEUNPUNT_FRONT_CACHE_SECONDS = env.int("STEUNPUNT_FRONT_CACHE_SECONDS", 3600 if STEUNPUNT_FRONTEND_CACHE_URL else 0)
if STEUNPUNT_FRONT_CACHE_SECONDS < 0:
    raise EnvError(f"STEUNPUNT_FRONT_CACHE_SECONDS moet 0 of meer zijn, niet {STEUNPUNT_FRONT_CACHE_SECONDS}.")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "distro.accounts.validators.GuessablePasswordValidator"},
]

# --- Logging in (distro/accounts, docs/accounts.md) ----------------------------

# django-axes refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
#: Wrong passwords or codes in a row, per user name and IP address, before a lockout.
STEUNPUNT_LOGIN_POGINGEN = env.int("STEUNPUNT_LOGIN_POGINGEN", 5)
#: Minutes a lockout lasts (a Beheerder can unlock sooner).
STEUNPUNT_LOGIN_BLOKKADE_MINUTEN = env.int("STEUNPUNT_LOGIN_BLOKKADE_MINUTEN", 15)
#: Password-reset mails per e-mail address, and per IP address, per hour.
STEUNPUNT_WACHTWOORD_RESET_PER_UUR = env.int("STEUNPUNT_WACHTWOORD_RESET_PER_UUR", 3)
#: A staff session ends after this many minutes without activity ...
STEUNPUNT_SESSIE_INACTIEF_MINUTEN = env.int("STEUNPUNT_SESSIE_INACTIEF_MINUTEN", 30)
#: ... and this many hours after logging in, whatever happens.
STEUNPUNT_SESSIE_MAX_UREN = env.int("STEUNPUNT_SESSIE_MAX_UREN", 10)
#: Roles that must log in with a code (TOTP), e.g. "Steunpunt" or "Steunpunt,Beheerder".
STEUNPUNT_2FA_VERPLICHT = env.list("STEUNPUNT_2FA_VERPLICHT", [])
for _name, _value in (
    ("STEUNPUNT_LOGIN_POGINGEN", STEUNPUNT_LOGIN_POGINGEN),
    ("STEUNPUNT_LOGIN_BLOKKADE_MINUTEN", STEUNPUNT_LOGIN_BLOKKADE_MINUTEN),
    ("STEUNPUNT_WACHTWOORD_RESET_PER_UUR", STEUNPUNT_WACHTWOORD_RESET_PER_UUR),
    ("STEUNPUNT_SESSIE_INACTIEF_MINUTEN", STEUNPUNT_SESSIE_INACTIEF_MINUTEN),
    ("STEUNPUNT_SESSIE_MAX_UREN", STEUNPUNT_SESSIE_MAX_UREN),
):
    if _value < 1:
        raise EnvError(f"{_name} moet 1 of meer zijn, niet {_value}.")
_unknown_roles = [r for r in STEUNPUNT_2FA_VERPLICHT if r not in ("Beheerder", "Redacteur", "Steunpunt", "Bestuur")]
if _unknown_roles:
    raise EnvError(
        f"STEUNPUNT_2FA_VERPLICHT noemt een onbekende rol: {', '.join(_unknown_roles)}. "
        "Kies uit Beheerder, Redacteur, Steunpunt en Bestuur, bijvoorbeeld STEUNPUNT_2FA_VERPLICHT=Steunpunt."
    )
# The browser forgets the session cookie at the end of the working day too.
SESSION_COOKIE_AGE = STEUNPUNT_SESSIE_MAX_UREN * 3600
AXES_FAILURE_LIMIT = STEUNPUNT_LOGIN_POGINGEN
AXES_COOLOFF_TIME = timedelta(minutes=STEUNPUNT_LOGIN_BLOKKADE_MINUTEN)
# Per user name *and* address: nobody can lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# One rule for the client address across the site (trusted proxies included).
AXES_CLIENT_IP_CALLABLE = "distro.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "distro.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
# No log of every successful login with IP and browser: only failures, which expire.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
OTP_TOTP_ISSUER = env.str("STEUNPUNT_NAME", "Ouder- en jeugdsteunpunt")

# --- Languages ----------------------------------------------------------------

KNOWN_LANGUAGES = validation.KNOWN_LANGUAGES
_language_codes = env.list("STEUNPUNT_LANGUAGES", ["nl", "en", "ar", "tr", "pl", "uk"])
if _language_problem := validation.languages_problem(_language_codes):
    raise EnvError(f"STEUNPUNT_LANGUAGES {_language_problem}")
if "nl" not in _language_codes:
    _language_codes.insert(0, "nl")
LANGUAGE_CODE = "nl"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [(c, KNOWN_LANGUAGES[c]) for c in _language_codes]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur"]
LOCALE_PATHS = [DISTRO_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Each theme's static/ folder is served under /static/themes/<name>/.
STATICFILES_DIRS = [
    (f"themes/{theme_dir.name}", theme_dir / "static")
    for themes_dir in reversed(STEUNPUNT_THEME_DIRS)
    if themes_dir.is_dir()
    for theme_dir in sorted(themes_dir.iterdir())
    if (theme_dir / "static").is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
#: Media (images, documents) in an S3-compatible bucket instead of MEDIA_ROOT: for several
#: servers without a shared folder (docs/installing.md). The keys come the way boto3 reads
#: them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the server's role), never from here.
STEUNPUNT_MEDIA_S3_BUCKET = env.str("STEUNPUNT_MEDIA_S3_BUCKET", "")
STEUNPUNT_MEDIA_S3_ENDPOINT_URL = env.str("STEUNPUNT_MEDIA_S3_ENDPOINT_URL", "")
STEUNPUNT_MEDIA_S3_REGION = env.str("STEUNPUNT_MEDIA_S3_REGION", "")
if STEUNPUNT_MEDIA_S3_BUCKET:
    if _problem := validation.bucket_problem(STEUNPUNT_MEDIA_S3_BUCKET):
        raise EnvError(f"STEUNPUNT_MEDIA_S3_BUCKET: {_problem}")
    if STEUNPUNT_MEDIA_S3_ENDPOINT_URL and (_problem := validation.endpoint_problem(STEUNPUNT_MEDIA_S3_ENDPOINT_URL)):
        raise EnvError(f"STEUNPUNT_MEDIA_S3_ENDPOINT_URL {_problem}")
    if importlib.util.find_spec("storages") is None or importlib.util.find_spec("boto3") is None:
        raise EnvError(
            "STEUNPUNT_MEDIA_S3_BUCKET is gezet, maar django-storages met boto3 is niet geïnstalleerd: "
            "pip install 'steunpunt-in-a-box[s3]'."
        )
    STORAGES["default"] = {
        "BACKEND": "distro.core.storage.MediaBucketStorage",
        "OPTIONS": {
            "bucket_name": STEUNPUNT_MEDIA_S3_BUCKET,
            "endpoint_url": STEUNPUNT_MEDIA_S3_ENDPOINT_URL or None,
            "region_name": STEUNPUNT_MEDIA_S3_REGION or None,
            # The bucket's own policy decides who reads what; uploads never get a public ACL.
            "default_acl": None,
            # Two uploads with the same name keep both, as on disk.
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Wagtail ------------------------------------------------------------------

WAGTAIL_SITE_NAME = env.str("STEUNPUNT_NAME", "Ouder- en jeugdsteunpunt")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "dutch"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every document goes through Wagtail's view: it checks the collection's
# privacy settings and adds nosniff and "default-src 'none'". The web server
# must not serve /media/documents/ itself (docs/installing.md).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
#: Largest image (width x height, in pixels) that may be uploaded. Decoding one
#: takes about 4 bytes per pixel, and a rendition a few copies more: 40 million
#: keeps one worker well under 1 GB, so two workers survive a hostile upload.
STEUNPUNT_IMAGE_MAX_PIXELS = env.int("STEUNPUNT_IMAGE_MAX_PIXELS", 40_000_000)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = STEUNPUNT_IMAGE_MAX_PIXELS
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# "Vertalen" makes the new language's page a draft: by default wagtail-localize
# publishes it at once (with the Dutch text, nothing is translated yet).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# The admin would otherwise load avatars from gravatar.com: a request to a third
# party with a hash of the staff member's e-mail address on every admin page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- E-mail -------------------------------------------------------------------
# Without a provider, mail is written to var/mail/ so a demo user can read it.

EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "steunpunt@localhost")
# Plain SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend), e.g.
# the SWV's own mail server; defaults fit a submission port with STARTTLS.
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", True)
# A mail server that hangs must not hold a worker (and its retries) forever.
EMAIL_TIMEOUT = 30
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Provider credentials, e.g. ANYMAIL_MAILGUN_API_KEY -> ANYMAIL["MAILGUN_API_KEY"].
ANYMAIL = {k.removeprefix("ANYMAIL_"): v for k, v in os.environ.items() if k.startswith("ANYMAIL_")}

# --- Background work ----------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": env.str(
            "STEUNPUNT_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend" if PRODUCTION else "django_tasks.backends.immediate.ImmediateBackend",
        ),
    }
}

# --- Backups (steunpunt backup / steunpunt restore) --------------------------

#: Where the archives go. Not inside MEDIA_ROOT: backups hold personal data.
STEUNPUNT_BACKUP_DIR = Path(env.str("STEUNPUNT_BACKUP_DIR", str(VAR_DIR / "backups")))
#: How many backups to keep; older ones are deleted after a new one succeeds (0 = keep all).
STEUNPUNT_BACKUP_KEEP = env.int("STEUNPUNT_BACKUP_KEEP", 7)
#: Hours between scheduled backups (run_jobs); 0 = no scheduled backup.
STEUNPUNT_BACKUP_INTERVAL_HOURS = env.int("STEUNPUNT_BACKUP_INTERVAL_HOURS", 24)
#: Key file for encrypted backups (steunpunt backup --generate-key FILE); empty = not encrypted.
STEUNPUNT_BACKUP_KEY_FILE = env.str("STEUNPUNT_BACKUP_KEY_FILE", "")

# --- Forms and privacy --------------------------------------------------------

CAPTCHA_FLITE_PATH = shutil.which("flite")
CAPTCHA_IMAGE_SIZE = (180, 60)
CAPTCHA_FONT_SIZE = 40
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 15
# Test mode accepts "PASSED" as the answer to every captcha: fine for browser
# tests, a spam gate left open in production, so refuse it there outright.
CAPTCHA_TEST_MODE = env.bool("STEUNPUNT_CAPTCHA_TEST_MODE", False)
if PRODUCTION and CAPTCHA_TEST_MODE:
    raise EnvError("STEUNPUNT_CAPTCHA_TEST_MODE mag niet aan staan als STEUNPUNT_ENV=production.")

#: Days a question sent through the contact form is kept before it is deleted.
STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN = env.int("STEUNPUNT_VRAAG_BEWAARTERMIJN_DAGEN", 90)
#: Put the question and the asker's details in the e-mail to the steunpunt mailbox. Off: the
#: e-mail only links to the question in the admin, so personal data does not travel by mail.
STEUNPUNT_VRAAG_MAIL_MET_INHOUD = env.bool("STEUNPUNT_VRAAG_MAIL_MET_INHOUD", False)
#: Anonymised figures show no count from 1 to k-1 and nothing that gives one away (distro/disclosure).
STEUNPUNT_DISCLOSURE_K = env.int("STEUNPUNT_DISCLOSURE_K", 5)
if STEUNPUNT_DISCLOSURE_K < 3:
    raise EnvError(f"STEUNPUNT_DISCLOSURE_K moet 3 of meer zijn, niet {STEUNPUNT_DISCLOSURE_K}.")
#: Form submissions (questions, sign-ups) one IP address may make per hour.
STEUNPUNT_FORM_LIMIT_PER_HOUR = env.int("STEUNPUNT_FORM_LIMIT_PER_HOUR", 10)
#: Where the per-IP limit counts: in the database (shared by every worker)
#: unless Redis is there to do it (distro/core/ratelimit).
STEUNPUNT_RATELIMIT_STORE = "cache" if env.str("REDIS_URL", "") else "database"
#: Reverse proxies (IP addresses or networks) whose forwarded-for header is
#: believed; from anyone else only REMOTE_ADDR counts. Installs from before this
#: setting only have STEUNPUNT_CLIENT_IP_HEADER: they keep working with the
#: proxy on the same machine, which is what install.sh sets up.
_legacy_client_ip_header = env.str("STEUNPUNT_CLIENT_IP_HEADER", "")
STEUNPUNT_TRUSTED_PROXIES = env.list(
    "STEUNPUNT_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if _legacy_client_ip_header else []
)
for _proxy in STEUNPUNT_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise EnvError(
            f"STEUNPUNT_TRUSTED_PROXIES bevat '{_proxy}'. Dat is geen IP-adres of netwerk. "
            "Gebruik bijvoorbeeld 127.0.0.1,::1 of 10.0.0.0/8."
        ) from None
#: The header a trusted proxy puts the visitor's address in, as Django names it.
STEUNPUNT_CLIENT_IP_HEADER = _legacy_client_ip_header or "HTTP_X_FORWARDED_FOR"
if not (STEUNPUNT_CLIENT_IP_HEADER.startswith("HTTP_") and STEUNPUNT_CLIENT_IP_HEADER.replace("_", "").isalnum()):
    raise EnvError(
        f"STEUNPUNT_CLIENT_IP_HEADER is '{STEUNPUNT_CLIENT_IP_HEADER}'. Schrijf de header zoals Django hem leest: "
        "hoofdletters, HTTP_ ervoor en _ in plaats van -, bijvoorbeeld HTTP_X_FORWARDED_FOR. "
        "Zet ook STEUNPUNT_TRUSTED_PROXIES op het adres van uw proxy (zie docs/configuration.md)."
    )

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_NAME = "steunpunt_taal"

# --- Security headers ---------------------------------------------------------

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing frames the public site. Wagtail's admin preview sets SAMEORIGIN on
# its own responses, so DENY does not break it.
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    # Public pages use no inline scripts or styles. The admin gets its own
    # policy below (distro.core.csp.SteunpuntCSPMiddleware).
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": env.list("STEUNPUNT_CSP_FRAME_SRC", ["'self'"]),
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
STEUNPUNT_ADMIN_URL_PREFIXES = ("/admin/",)
# As strict as Wagtail 8 allows; docs/installing.md explains each relaxation.
# 'unsafe-inline' scripts: form widgets (dates, inline panels, choosers) and
# wagtail-localize write <script> blocks with per-field data, also inside
# modal dialogs loaded later, so neither hashes nor nonces can cover them
# (and a nonce would switch 'unsafe-inline' off). 'unsafe-inline' styles:
# style attributes in the admin templates and in Draftail. blob: images:
# previews of an image before upload. frame-ancestors 'self': the page preview
# shows the page in an iframe of the admin.
STEUNPUNT_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": list(dict.fromkeys(["'self'", *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]])),
    "worker-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
# Features no page of the site (public or admin) uses: switched off for the
# page and everything it embeds. browsing-topics is Chrome's advertising
# interest API (the successor of FLoC's interest-cohort).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Monitoring (/gezond, distro/health.py) ------------------------------------

#: With this token (header "Authorization: Bearer <token>") /gezond also shows each
#: check's message; without it, only names and statuses. Empty: messages only
#: through `steunpunt gezondheid` on the server.
STEUNPUNT_GEZOND_TOKEN = env.str("STEUNPUNT_GEZOND_TOKEN", "")

# --- Plugin settings ------------------------------------------------------------

# Each plugin declares its own settings (SteunpuntPluginMeta.settings, docs/plugins.md),
# read here with the same env as the core's, so var/steunpunt.env works for them too.
# Enabled plugins' values are checked; disabled plugins get their defaults.
globals().update(
    plugin_registry.read_settings(
        STEUNPUNT_AVAILABLE_PLUGINS,
        STEUNPUNT_ENABLED_PLUGINS,
        env,
        reserved={name for name in globals() if name.isupper()} | {n for n in dir(global_settings) if n.isupper()},
    )
)


def _production():
    g = globals()
    g.update(
        SECURE_SSL_REDIRECT=env.bool("SECURE_SSL_REDIRECT", True),
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        SECURE_HSTS_SECONDS=env.int("SECURE_HSTS_SECONDS", 31536000),
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=env.bool("SECURE_HSTS_PRELOAD", False),
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        DEBUG=False,
    )
    if not g["SECURE_HSTS_PRELOAD"]:
        # Preloading commits every subdomain of the SWV's domain to HTTPS for
        # good; that is the domain owner's decision, not a default. Without it
        # the deploy check would always warn, so silence that one warning.
        g["SILENCED_SYSTEM_CHECKS"] = [*g.get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
    if not ALLOWED_HOSTS:
        raise EnvError(
            "ALLOWED_HOSTS is verplicht als STEUNPUNT_ENV=production, bijvoorbeeld ALLOWED_HOSTS=steunpunt.swv.nl."
        )


if PRODUCTION:
    _production()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "WARNING")},
}
