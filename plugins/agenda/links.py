"""Addresses of the agenda's public screens, for code that is not a view (mails, services).

Kept apart from views.py so that building a link never imports the views.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from .tokens import cancel_token


def agenda_reverse(name: str, **kwargs) -> str:
    """Reverse a name from signup_urls, with or without the ``agenda`` namespace.

    Whether the names get a namespace depends on how the plugin's urls.py
    includes signup_urls; the callers should not have to know.
    """
    try:
        return reverse(f"agenda:{name}", kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name, kwargs=kwargs)


def cancel_url(aanmelding, site=None) -> str:
    """The full cancel link for the registration's mails (on the meeting's site)."""
    site = site or aanmelding.bijeenkomst.get_site()
    root = site.root_url.rstrip("/") if site is not None else ""
    return root + agenda_reverse("agenda_afmelden", token=cancel_token(aanmelding))
