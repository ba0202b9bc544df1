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
import pkgutil
from dataclasses import dataclass, field

from django.apps import AppConfig

ENTRY_POINT_GROUP = "steunpunt.plugins"
BUILTIN_PACKAGE = "plugins"


class PluginError(Exception):
    """A plugin configuration problem an operator has to fix."""


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
            )
    return None


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
    """Check names and dependencies; return the plugins, each after the ones it requires."""
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
    return ordered


def enabled_plugin_names() -> list[str]:
    """Names of the enabled plugins, read from the running settings."""
    from django.conf import settings

    return list(getattr(settings, "STEUNPUNT_ENABLED_PLUGINS", []))


def is_enabled(name: str) -> bool:
    return name in enabled_plugin_names()
