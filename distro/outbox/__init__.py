"""The core outbox: every e-mail of the core and the plugins, with its delivery state.

See services.py for the API and docs/plugins.md ("E-mail versturen") for how a
plugin registers a kind of mail.
"""


class Lapsed(Exception):
    """Raised by a builder: the source is gone, anonymised or cancelled; nothing to send or retry."""


class NoMailbox(Exception):
    """Raised by a builder: the address to send to is not configured yet; sent once it is."""
