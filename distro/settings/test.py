"""Settings for the test suite: everything enabled, nothing leaves the machine."""

import os

os.environ.setdefault("STEUNPUNT_ENV", "test")
# Never read an installed instance's var/steunpunt.env: its plugins, theme or
# database would silently change what the tests see. DATABASE_URL from the
# environment still applies (CI runs the suite on PostgreSQL that way).
os.environ.setdefault("STEUNPUNT_ENV_FILE", "")

from .base import *  # noqa: E402,F403
from .base import VAR_DIR  # noqa: E402

SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = VAR_DIR / "test-media"
# Off unless a test asks for it (fixture page_cache): most tests change rows behind
# the ORM's back (QuerySet.update) to set a scene, which real code never does unannounced.
STEUNPUNT_PAGE_CACHE = False
STEUNPUNT_RENDER_CACHE = False
CACHES["pagecache"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pagecache"}  # noqa: F405
# The test site gets its "Informatie" page but no synced items; sync tests sync what they need.
STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile
    from pathlib import Path

    # A file, not Django's in-memory test database: the agenda's concurrency
    # tests sign up from many threads, each with its own connection, as
    # gunicorn workers do. In-memory SQLite shares one cache between them with
    # table locks that fail at once ("database table is locked") instead of
    # waiting for the busy timeout. One file per test process, so test runs
    # side by side (or xdist workers, which also get a suffix) never share one.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"steunpunt-test-{os.getpid()}.sqlite3")
    }
