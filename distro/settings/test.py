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
# The test site gets its "Informatie" page but no synced items; sync tests sync what they need.
STEUNPUNT_INFORMATIESET_SYNC_ON_SETUP = False
