"""Sign-up and cancel addresses of the agenda.

Included from the plugin's ``urls.py``, so they only exist when the agenda is
enabled and sit inside the language prefixes (``/en/agenda/aanmelden/12/``).
"""

from django.urls import path

from distro.core import converters  # noqa: F401  (registers <id:...>)

from . import views

urlpatterns = [
    path("agenda/aanmelden/<id:page_id>/", views.signup, name="agenda_aanmelden"),
    path("agenda/aanmelden/<id:page_id>/bedankt/", views.signup_thanks, name="agenda_aanmelden_bedankt"),
    path("agenda/afmelden/<str:token>/", views.cancel, name="agenda_afmelden"),
    path("agenda/afmelden/<str:token>/klaar/", views.cancel_done, name="agenda_afgemeld"),
]
