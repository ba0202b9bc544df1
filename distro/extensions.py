"""Extension points: the only way plugins add behaviour to the core and to each other.

Two shapes, both documented in docs/plugins.md:

* :class:`PluginSignal` - a Django signal whose ``send`` skips receivers that
  live in a plugin that is not enabled (the pretix rule), so importing a
  disabled plugin's module by accident can never make it act.
* :class:`Registry` - named items (periodic jobs, retention rules, health
  checks) that are filtered the same way when they are read.

Nothing registers itself on import. Each app connects its receivers and
registers its items in its ``AppConfig.ready()``, by calling plain functions
(``receivers.connect()``, ``jobs.register()``) that call ``connect`` and
``register`` below. A disabled plugin is no installed app, so its ``ready()``
never runs and it contributes nothing; the filters above are the second line.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import django.dispatch
from asgiref.sync import iscoroutinefunction

from distro import plugins

logger = logging.getLogger(__name__)


def _plugin_modules() -> dict[str, str]:
    """Python package -> plugin name, for every available plugin (enabled or not)."""
    from django.conf import settings

    available = getattr(settings, "STEUNPUNT_AVAILABLE_PLUGINS", None)
    if available is None:
        available = _discovered_plugins()
    return {p.module: name for name, p in available.items()}


@functools.lru_cache(maxsize=1)
def _discovered_plugins():
    return plugins.available_plugins()


def plugin_of(module: str) -> str | None:
    """The name of the plugin a Python module belongs to, or None for core code."""
    for prefix, name in _plugin_modules().items():
        if module == prefix or module.startswith(prefix + "."):
            return name
    return None


def belongs_to_enabled_code(module: str) -> bool:
    name = plugin_of(module)
    return name is None or plugins.is_enabled(name)


def _module_of(receiver) -> str:
    # functools.partial has no __module__ of its own; look at what it wraps,
    # so wrapping a receiver cannot make it pass for core code.
    while isinstance(receiver, functools.partial):
        receiver = receiver.func
    return getattr(receiver, "__module__", None) or ""


class PluginSignal(django.dispatch.Signal):
    """A signal that reaches core receivers and receivers of enabled plugins only.

    Receivers are plain functions ``receiver(signal, sender, **kwargs)``; which
    plugin a receiver belongs to is decided by the module it is defined in.
    Async receivers are refused: the guarantee above is kept in ``send`` and
    ``send_robust`` only.
    """

    def connect(self, receiver, sender=None, weak=True, dispatch_uid=None):
        if iscoroutinefunction(receiver) or iscoroutinefunction(
            type(receiver).__call__ if callable(receiver) else None
        ):
            raise TypeError("Steunpunt extension points take synchronous receivers only.")
        super().connect(receiver, sender=sender, weak=weak, dispatch_uid=dispatch_uid)

    def _enabled_receivers(self, sender):
        if not self.receivers or self.sender_receivers_cache.get(sender) is django.dispatch.dispatcher.NO_RECEIVERS:
            return []
        sync_receivers, _async_receivers = self._live_receivers(sender)
        return [r for r in sync_receivers if belongs_to_enabled_code(_module_of(r))]

    def send(self, sender, **named):
        """Call every enabled receiver; an exception stops the sender (use for must-not-fail flows)."""
        return [(r, r(signal=self, sender=sender, **named)) for r in self._enabled_receivers(sender)]

    def send_robust(self, sender, **named):
        """Call every enabled receiver; a receiver's exception is logged and returned, not raised."""
        responses = []
        for receiver in self._enabled_receivers(sender):
            try:
                responses.append((receiver, receiver(signal=self, sender=sender, **named)))
            except Exception as exc:  # one broken plugin must not take a page down
                logger.exception("Receiver %r of an extension point failed", receiver)
                responses.append((receiver, exc))
        return responses

    async def asend(self, sender, **named):
        # Django's asend would call every receiver, disabled plugins included.
        raise NotImplementedError("Use send() or send_robust() for steunpunt extension points.")

    async def asend_robust(self, sender, **named):
        raise NotImplementedError("Use send() or send_robust() for steunpunt extension points.")


class Registry:
    """Named items contributed by the core and by plugins."""

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, Any] = {}

    def register(self, item):
        existing = self._items.get(item.name)
        if existing is not None and existing.module != item.module:
            # Two plugins using one name would silently replace each other's job.
            raise ValueError(
                f"The {self.kind} '{item.name}' is registered by both {existing.module} and {item.module}."
            )
        self._items[item.name] = item
        return item

    def unregister(self, name: str):
        self._items.pop(name, None)

    def all(self) -> list:
        """Items of the core and of enabled plugins, by name."""
        return [item for name, item in sorted(self._items.items()) if belongs_to_enabled_code(item.module)]

    def get(self, name: str):
        for item in self.all():
            if item.name == name:
                return item
        raise KeyError(f"No {self.kind} called '{name}'.")


# --- Home page panels -------------------------------------------------------


@dataclass
class HomePanel:
    """A block a plugin adds to the home page, e.g. "Komende bijeenkomsten"."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


#: Sent with ``request`` and ``page``; receivers return a HomePanel or None.
home_page_panels = PluginSignal()


@dataclass
class PagePanel:
    """A block a plugin adds below the text of a content or informatieset page ("Was dit nuttig?").

    Served from the page cache like the rest of the page: it may hold nothing per visitor
    (no CSRF token, no captcha, no counts that change without a cache invalidation).
    """

    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


#: Sent with ``request`` and ``page`` by the ``page_panels`` template tag; receivers return a PagePanel or None.
page_panels = PluginSignal()


# --- Signal report ----------------------------------------------------------


@dataclass
class ReportFigure:
    """One anonymised number for the board's report."""

    label: str
    value: int | float | None
    group: str = ""
    #: True: the plugin applied the core's disclosure control (``distro.disclosure``) itself and
    #: the report shows the figure as it is, ``None`` as "te weinig". False: a plain count, which
    #: the report protects.
    protected: bool = False


#: Sent with ``start`` and ``end`` (dates, both inclusive); receivers return a
#: list of ReportFigure. Anonymised numbers only: the board reads these.
signal_report_figures = PluginSignal()


@dataclass
class ThemeSuggestion:
    """A theme a plugin knows of (the informatieset's taxonomy), for other plugins to offer."""

    code: str
    label: str


#: Sent without arguments; receivers return a list of ThemeSuggestion. Signalen starts its
#: themes of registrations from these.
theme_suggestions = PluginSignal()


# --- Questions from the contact form ------------------------------------------


@dataclass
class QuestionAction:
    """A button on the screen of a contact-form question, e.g. "Registreer als contact".

    ``url`` is posted to (a form with the CSRF token), so one click can make something.
    """

    label: str
    url: str
    order: int = 100


#: Sent with ``request`` and ``vraag`` by the question's detail view (Steunpunt only);
#: receivers return a QuestionAction or None.
question_actions = PluginSignal()


# --- Meetings ---------------------------------------------------------------

#: Sent by the agenda plugin when a meeting is over, with ``meeting`` and
#: ``attendees`` (a list of ``(name, email, language)`` tuples of people who
#: came or registered). Evaluatie uses it to invite attendees.
meeting_ended = PluginSignal()


# --- Periodic jobs ----------------------------------------------------------


@dataclass
class PeriodicJob:
    name: str
    func: Callable[[], Any]
    every: timedelta
    description: str = ""
    module: str = ""


periodic_jobs = Registry("periodic job")


# --- Retention --------------------------------------------------------------


@dataclass
class RetentionRule:
    """Personal data that must be removed after ``days()`` days.

    ``purge(cutoff)`` deletes or anonymises everything older than ``cutoff``
    and returns how many records it touched.
    """

    name: str
    description: str
    days: Callable[[], int]
    purge: Callable[[Any], int]
    module: str = ""


retention_rules = Registry("retention rule")


# --- E-mail through the core outbox ----------------------------------------


@dataclass
class MailKind:
    """A kind of e-mail the core outbox (``distro.outbox``) delivers for the core or a plugin.

    A delivery row holds only the kind and the id of the source object (a
    question, a registration); ``build(delivery)`` makes the message at send
    time from the data as it is then, and raises ``distro.outbox.Lapsed`` when
    there is nothing to send any more (source gone, anonymised, cancelled).
    ``describe(ids)`` returns ``{id: label}`` for the sources that still exist
    (labels without personal data, e.g. "Aanmelding 5 – Thema-avond"): the staff
    screen shows them, and rows whose source is missing are purged.
    ``retryable(ids)``, if given, returns the ids the retry job may try again.
    """

    name: str
    build: Callable[[Any], Any]
    describe: Callable[[list[int]], dict[int, str]]
    label: Any = ""
    retryable: Callable[[list[int]], Any] | None = None
    module: str = ""


mail_kinds = Registry("mail kind")


# --- Roles ------------------------------------------------------------------


@dataclass
class RoleGrant:
    """Permissions the core or a plugin gives to the built-in roles.

    ``permissions`` maps a role to ``app_label.codename`` strings;
    ``page_permissions`` to Wagtail page permission codenames on the root page;
    ``collection_permissions`` to image/document permissions on the root collection.
    """

    name: str
    module: str
    permissions: dict[str, list[str]] = field(default_factory=dict)
    page_permissions: dict[str, list[str]] = field(default_factory=dict)
    collection_permissions: dict[str, list[str]] = field(default_factory=dict)


role_grants = Registry("role grant")


# --- Installation -----------------------------------------------------------

#: Sent by ``steunpunt setup_site`` with ``home_page`` (the Dutch home page),
#: ``site``, ``demo`` (bool) and ``demo_steunpunt`` (bool: the demo has a steunpunt
#: account, so example data only staff see is worth making), so plugins create
#: their own pages and example content. Receivers must be idempotent: setup_site runs on every upgrade.
site_setup = PluginSignal()


# --- Health checks ----------------------------------------------------------


@dataclass
class HealthResult:
    """The outcome of one health check. ``message`` is Dutch, without personal data or secrets."""

    status: str  # "ok" | "warning" | "error"
    message: str

    OK = "ok"
    WARNING = "warning"
    ERROR = "error"

    @classmethod
    def ok(cls, message="") -> HealthResult:
        return cls(cls.OK, str(message))

    @classmethod
    def warning(cls, message) -> HealthResult:
        return cls(cls.WARNING, str(message))

    @classmethod
    def error(cls, message) -> HealthResult:
        return cls(cls.ERROR, str(message))


@dataclass
class HealthCheck:
    """Something an operator should know is wrong, e.g. "the reminders have not run for a day".

    ``check()`` returns a HealthResult; it runs on every request to /gezond and
    in ``steunpunt check`` and ``steunpunt gezondheid``, so it must be quick
    (a few small queries). An exception counts as an error result.
    """

    name: str
    check: Callable[[], HealthResult]
    description: str
    module: str = ""


health_checks = Registry("health check")


# --- Page cache -------------------------------------------------------------


@dataclass
class PageCacheRules:
    """What the page cache (distro.pagecache) must know about an app's models and pages.

    * ``private_models``: labels (``"app_label.ModelName"``) of models that never
      show on a public page (form submissions, logs, mail): writing them does not
      invalidate the cache. Every other model does.
    * ``query_parameters``: query parameters the app's pages read (filters, paging).
      A request with any other parameter is served uncached, so made-up
      parameters cannot fill the cache.
    * ``next_change()``: the next moment public pages change by the clock alone
      (a meeting starts, sign-up opens), or None; nothing is kept past it.
    """

    name: str
    private_models: tuple[str, ...] = ()
    query_parameters: tuple[str, ...] = ()
    next_change: Callable[[], Any] | None = None
    module: str = ""


page_cache_rules = Registry("page cache rule")
