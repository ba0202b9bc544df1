"""The plugin registry.

A plugin is a Django app whose AppConfig subclasses :class:`PluginConfig` and
carries a ``SteunpuntPluginMeta`` inner class (the shape pretix uses). Plugins
are found in two places: the ``plugins`` package that ships with the distro and
the ``steunpunt.plugins`` entry point group, so an SWV can ``pip install`` one.

This module is imported by the settings, before Django's app registry exists:
it must never import models. For the same reason its error messages cannot go
through gettext; they are written in Dutch directly, because the people who
read them run a Dutch steunpunt site.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import os
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig
from environs import EnvError
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

ENTRY_POINT_GROUP = "steunpunt.plugins"
BUILTIN_PACKAGE = "plugins"


class PluginError(Exception):
    """A plugin configuration problem an operator has to fix."""


#: The types a plugin setting may have, and how environs reads each one.
SETTING_TYPES = {str: "str", int: "int", float: "float", bool: "bool", list: "list"}
_SETTING_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Setting:
    """One setting a plugin declares in ``SteunpuntPluginMeta.settings``.

    It is read from the environment variable ``name`` (or var/steunpunt.env),
    like the core's own settings, and becomes the Django setting ``name``.
    """

    name: str
    type: type
    default: Any
    help: str
    secret: bool = False
    #: Called with the value an operator configured; returns a Dutch error message, or None.
    validate: Callable[[Any], str | None] | None = None


def at_least(minimum):
    """A ``Setting.validate`` for numbers that must be ``minimum`` or more."""

    def validate(value):
        if value < minimum:
            return f"moet {minimum} of meer zijn, niet {value}."
        return None

    return validate


class PluginConfig(AppConfig):
    """Base class for the AppConfig of every steunpunt plugin.

    Subclasses set ``name`` (the Python package) and a ``SteunpuntPluginMeta``
    inner class; see docs/plugins.md.
    """

    default_auto_field = "django.db.models.BigAutoField"

    class SteunpuntPluginMeta:
        name = ""
        verbose_name = ""
        description = ""
        version = "0.0.0"
        requires: tuple[str, ...] = ()
        #: Versions of the distro ("steunpunt"), "wagtail", "django" or "python" the
        #: plugin works with, as packaging specifiers: {"wagtail": ">=8.0,<9"}.
        compatibility: dict[str, str] = {}
        settings: tuple[Setting, ...] = ()

    def ready(self):
        """Connect the plugin's receivers and register its jobs, grants and mail here.

        Nothing is imported for the plugin: importing a module never registers
        anything, so ``ready()`` says what the plugin contributes, e.g.
        ``from . import receivers`` then ``receivers.connect()`` (see
        docs/plugins.md). A disabled plugin is no installed app and its
        ``ready()`` never runs.
        """


def import_if_present(module_name: str) -> bool:
    """Import an optional module; False if it does not exist.

    Only the module itself may be missing: a broken import inside it surfaces.
    """
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return False
    return True


@dataclass(frozen=True)
class Plugin:
    """What the registry knows about one plugin without importing its models."""

    name: str
    module: str
    app_config: str
    verbose_name: str  # may be a lazy translation
    description: str
    version: str
    requires: tuple[str, ...] = field(default_factory=tuple)
    #: "builtin", or "entry point" for plugins installed as a separate package
    source: str = "builtin"
    #: the distribution (pip package) a third-party plugin comes from
    distribution: str = ""
    settings: tuple[Setting, ...] = field(default_factory=tuple)
    compatibility: dict[str, str] = field(default_factory=dict, hash=False)


def _plugin_from_module(module_name: str, source: str, distribution: str = "") -> Plugin | None:
    try:
        apps_module = importlib.import_module(f"{module_name}.apps")
    except ModuleNotFoundError as exc:
        if exc.name in (module_name, f"{module_name}.apps"):
            return None
        raise
    for _, obj in inspect.getmembers(apps_module, inspect.isclass):
        if issubclass(obj, PluginConfig) and obj is not PluginConfig and obj.__module__ == apps_module.__name__:
            meta = obj.SteunpuntPluginMeta
            label = getattr(obj, "label", None) or module_name.rsplit(".", 1)[-1]
            return Plugin(
                name=meta.name or label,
                module=module_name,
                app_config=f"{apps_module.__name__}.{obj.__name__}",
                verbose_name=meta.verbose_name
                if not isinstance(meta.verbose_name, str) or meta.verbose_name
                else label,
                description=meta.description,
                version=meta.version,
                requires=tuple(meta.requires),
                source=source,
                distribution=distribution,
                settings=_declared_settings(meta, module_name),
                compatibility=dict(getattr(meta, "compatibility", None) or {}),
            )
    return None


def _declared_settings(meta, module_name: str) -> tuple[Setting, ...]:
    declared = tuple(getattr(meta, "settings", None) or ())
    for setting in declared:
        if not isinstance(setting, Setting):
            raise PluginError(
                f"De plugin in {module_name} noemt in SteunpuntPluginMeta.settings iets dat geen Setting is "
                f"({setting!r}). Vraag de maker om een nieuwe versie."
            )
        if not _SETTING_NAME.match(setting.name) or setting.type not in SETTING_TYPES:
            raise PluginError(
                f"De plugin in {module_name} heeft een ongeldige instelling '{setting.name}': de naam moet uit "
                "hoofdletters, cijfers en _ bestaan en het type str, int, float, bool of list zijn. "
                "Vraag de maker om een nieuwe versie."
            )
    return declared


def _entry_points():
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)


def available_plugins() -> dict[str, Plugin]:
    """All plugins that could be enabled, keyed by name, sorted."""
    found: dict[str, Plugin] = {}
    builtin_package = importlib.import_module(BUILTIN_PACKAGE)

    for info in pkgutil.iter_modules(builtin_package.__path__):
        plugin = _plugin_from_module(f"{BUILTIN_PACKAGE}.{info.name}", "builtin")
        if plugin:
            found[plugin.name] = plugin
    for entry_point in _entry_points():
        module = entry_point.module
        if module == BUILTIN_PACKAGE or module.startswith(BUILTIN_PACKAGE + "."):
            continue  # the distro registers its own plugins too; found above
        distribution = entry_point.dist.name if entry_point.dist else ""
        plugin = _plugin_from_module(module, "entry point", distribution)
        if plugin is None:
            raise PluginError(
                f"Het entry point '{entry_point.name}' ({distribution or 'onbekend pakket'}) wijst naar "
                f"'{module}', maar daar staat geen PluginConfig in apps.py. Verwijder het pakket of vraag "
                "de maker om een nieuwe versie."
            )
        if plugin.name in found and found[plugin.name].module != plugin.module:
            # Silently preferring one of the two would run code the operator
            # did not mean to install.
            raise PluginError(
                f"Er zijn twee plugins met de naam '{plugin.name}': {found[plugin.name].module} en "
                f"{plugin.module}. Verwijder een van beide pakketten."
            )
        found[plugin.name] = plugin
    return dict(sorted(found.items()))


def parse_plugin_list(value: str | None, available: dict[str, Plugin]) -> list[str]:
    """Turn the STEUNPUNT_PLUGINS value into a list of names, without duplicates.

    ``None`` (not set) or ``"all"`` means every built-in plugin; ``""`` or
    ``"none"`` means no plugins. ``"all"`` may be combined with third-party
    plugins: ``"all,mijn_plugin"``.
    """
    if value is None:
        value = "all"
    names: list[str] = []
    for token in (part.strip() for part in value.split(",")):
        if not token or token == "none":
            continue
        expanded = [n for n, p in available.items() if p.source == "builtin"] if token == "all" else [token]
        names.extend(n for n in expanded if n not in names)
    return names


def resolve_enabled(names: list[str], available: dict[str, Plugin]) -> list[Plugin]:
    """Check names, dependencies and versions; return the plugins, each after the ones it requires."""
    unknown = [n for n in names if n not in available]
    if unknown:
        raise PluginError(
            f"Onbekende plugin in STEUNPUNT_PLUGINS: {', '.join(unknown)}. "
            f"Beschikbaar zijn: {', '.join(available) or 'geen'}. "
            "Met 'steunpunt plugins' ziet u de lijst."
        )
    enabled = set(names)
    for name in names:
        for required in available[name].requires:
            if required not in available:
                raise PluginError(
                    f"De plugin '{name}' heeft de plugin '{required}' nodig, maar die is niet "
                    f"geïnstalleerd. Installeer '{required}' of haal '{name}' uit STEUNPUNT_PLUGINS."
                )
            if required not in enabled:
                raise PluginError(
                    f"De plugin '{name}' heeft de plugin '{required}' nodig, maar die staat niet aan. "
                    f"Zet '{required}' ook in STEUNPUNT_PLUGINS, of haal '{name}' eruit."
                )
    ordered: list[Plugin] = []

    def visit(name, trail=()):
        if name in trail:
            circle = " -> ".join(trail[trail.index(name) :] + (name,))
            raise PluginError(
                f"Deze plugins hebben elkaar in een kring nodig: {circle}. Zo kunnen ze niet aan. "
                "Vraag de maker van de plugin om dit op te lossen."
            )
        plugin = available[name]
        if plugin in ordered:
            return
        for required in plugin.requires:
            visit(required, trail + (name,))
        ordered.append(plugin)

    for name in names:
        visit(name)
    check_compatibility(ordered)
    return ordered


def enabled_plugin_names() -> list[str]:
    """Names of the enabled plugins, read from the running settings."""
    from django.conf import settings

    return list(getattr(settings, "STEUNPUNT_ENABLED_PLUGINS", []))


def is_enabled(name: str) -> bool:
    return name in enabled_plugin_names()


# --- Plugin settings ------------------------------------------------------------

_TYPE_ERRORS = {
    int: "moet een geheel getal zijn",
    float: "moet een getal zijn, bijvoorbeeld 2.5",
    bool: "moet True of False zijn",
}


def read_settings(available: dict[str, Plugin], enabled: list[str], env, reserved=()) -> dict[str, Any]:
    """The declared settings of every available plugin, as ``{name: value}`` for the settings module.

    Enabled plugins get the value from ``env`` (so var/steunpunt.env works), checked
    by its type and ``validate``; a bad value raises EnvError with one Dutch line.
    Disabled plugins get their defaults and their variables are not read: a plugin
    that is off cannot stop the site from starting, and code that imports one of
    its modules anyway still finds every setting. ``reserved`` are names the core
    uses itself; a plugin may not take one.
    """
    values: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for plugin in available.values():
        for setting in plugin.settings:
            if setting.name in reserved or setting.name in owner:
                other = owner.get(setting.name, "de kern")
                other = f"plugin '{other}'" if other != "de kern" else other
                raise PluginError(
                    f"De plugin '{plugin.name}' declareert de instelling {setting.name}, maar die is al van "
                    f"{other}. Zet een van beide uit of vraag de maker om een andere naam."
                )
            owner[setting.name] = plugin.name
            values[setting.name] = (
                _read_setting(setting, plugin.name, env) if plugin.name in enabled else _copy(setting.default)
            )
    return values


def _copy(value):
    # A list default must not be shared between the declaration and the settings.
    return list(value) if isinstance(value, list) else value


def _read_setting(setting: Setting, plugin_name: str, env):
    reader = getattr(env, SETTING_TYPES[setting.type])
    try:
        value = reader(setting.name, _copy(setting.default))
    except EnvError:
        shown = "" if setting.secret else f", niet '{env.str(setting.name, '')}'"
        raise EnvError(
            f"{setting.name} (plugin {plugin_name}) {_TYPE_ERRORS.get(setting.type, 'is ongeldig')}{shown}."
        ) from None
    # Only what an operator configured is validated (env.read_env() copied var/steunpunt.env
    # into os.environ); a default is the plugin's own business.
    if setting.validate is not None and setting.name in os.environ:
        problem = setting.validate(value)
        if problem:
            raise EnvError(f"{setting.name} (plugin {plugin_name}): {problem}")
    return value


# --- Compatibility --------------------------------------------------------------

#: What a plugin's ``compatibility`` may name, with how to say it to an operator.
COMPONENTS = {"steunpunt": "steunpunt-in-a-box", "wagtail": "Wagtail", "django": "Django", "python": "Python"}


def installed_versions() -> dict[str, str]:
    """The versions a plugin's ``compatibility`` is checked against."""
    # Not at the top: the settings import this module, and Wagtail's package is only needed here.
    import platform

    import django
    import wagtail

    try:
        distro_version = importlib.metadata.version("steunpunt-in-a-box")
    except importlib.metadata.PackageNotFoundError:
        # Run from a checkout that is not pip-installed; distro/__init__ imports this module's users.
        from distro import __version__ as distro_version
    return {
        "steunpunt": distro_version,
        "wagtail": wagtail.__version__,
        "django": django.__version__,
        "python": platform.python_version(),
    }


def compatibility_problem(plugin: Plugin, versions: dict[str, str] | None = None) -> str | None:
    """Why ``plugin`` does not fit the installed versions (one Dutch sentence), or None if it does."""
    versions = versions or installed_versions()
    for component, specifier in plugin.compatibility.items():
        if component not in COMPONENTS:
            return (
                f"De plugin '{plugin.name}' noemt in zijn versie-eisen '{component}'; dat kent de distro niet "
                f"(wel: {', '.join(COMPONENTS)}), een fout van de maker."
            )
        try:
            wanted = SpecifierSet(specifier)
            installed = Version(versions[component])
        except (InvalidSpecifier, InvalidVersion, TypeError):
            return (
                f"De plugin '{plugin.name}' heeft een ongeldige versie-eis voor {COMPONENTS[component]}: "
                f"'{specifier}', een fout van de maker."
            )
        # A pre-release that is installed counts as that version (8.1rc1 meets >=8.0).
        if not wanted.contains(installed, prereleases=True):
            return (
                f"De plugin '{plugin.name}' werkt met {COMPONENTS[component]} {specifier}, maar "
                f"{versions[component]} is geïnstalleerd."
            )
    return None


def check_compatibility(enabled: list[Plugin], versions: dict[str, str] | None = None) -> None:
    """Refuse to start with an enabled plugin that does not fit the installed versions."""
    versions = versions or installed_versions()
    for plugin in enabled:
        problem = compatibility_problem(plugin, versions)
        if problem:
            raise PluginError(
                f"{problem} Installeer een versie van de plugin die hierbij past, of haal '{plugin.name}' "
                "uit STEUNPUNT_PLUGINS."
            )
