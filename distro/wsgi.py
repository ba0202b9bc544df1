import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "distro.settings.base")
application = get_wsgi_application()

# Load the URL configuration (and with it the views) now rather than in the
# first request, then move everything loaded so far out of the garbage
# collector's sight: Django, Wagtail and the plugins are hundreds of thousands
# of objects that live as long as the process, and scanning them in every full
# collection stalls a request for tens of milliseconds.
_ = get_resolver().url_patterns
gc.collect()
gc.freeze()
