"""The agenda's own addresses (inside the language prefixes, before Wagtail's pages).

The iCalendar files are served here rather than from a page route, so the
feed keeps its address when an editor renames or moves the agenda page.
"""

import importlib

from django.urls import path

from distro.core import converters  # noqa: F401  (registers <id:...>)
from distro.pagecache.views import cacheable
from distro.plugins import import_if_present

from . import ical

app_name = "agenda"

urlpatterns = [
    path("agenda.ics", cacheable(ical.feed), name="ical_feed"),
    path("agenda/<id:page_id>.ics", cacheable(ical.bijeenkomst_ics), name="ical_bijeenkomst"),
]

# The sign-up and cancel addresses live in signup_urls.py (the sign-up
# form's own module); they join this namespace once it exists.
if import_if_present("plugins.agenda.signup_urls"):
    urlpatterns += list(importlib.import_module("plugins.agenda.signup_urls").urlpatterns)
