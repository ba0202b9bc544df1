"""The plugin registry.

A plugin is a Django app whose AppConfig subclasses :class:`PluginConfig` and
carries a ``SteunpuntPluginMeta`` inner class (the shape pretix uses). Plugins
are found in two places: the ``plugins`` package that ships with the distro and
the ``steunpunt.plugins`` entry point group, so an SWV can ``pip install`` one.

This module is imported by the settings, before Django's app registry exists:
it must never import models.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import pkgutil
from dataclasses import dataclass, field

from django.apps import AppConfig

ENTRY_POINT_GROUP = "steunpunt.plugins"


class PluginError(Exception):
    """A plugin configuration problem an operator has to fix."""


class PluginConfig(AppConfig):
    """Base class for the AppConfig of every steunpunt plugin."""

    default_auto_field = "django.db.models.BigAutoField"

    class SteunpuntPluginMeta:
        name = ""
        verbose_name = ""
        description = ""
        version = "0.0.0"
        requires: tuple[str, ...] = ()


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
    source: str = "builtin"


def _plugin_from_module(module_name: str, source: str) -> Plugin | None:
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
                verbose_name=meta.verbose_name if not isinstance(meta.verbose_name, str) or meta.verbose_name else label,
                description=meta.description,
                version=meta.version,
                requires=tuple(meta.requires),
                source=source,
            )
    return None


def available_plugins() -> dict[str, Plugin]:
    """All plugins that could be enabled, keyed by name, sorted."""
    found: dict[str, Plugin] = {}
    import plugins as builtin_package

    for info in pkgutil.iter_modules(builtin_package.__path__):
        plugin = _plugin_from_module(f"plugins.{info.name}", "builtin")
        if plugin:
            found[plugin.name] = plugin
    for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.value.startswith("plugins."):
            continue  # the distro's own plugins, found above
        plugin = _plugin_from_module(entry_point.value, f"entry point {entry_point.name}")
        if plugin is None:
            raise PluginError(
                f"Entry point '{entry_point.name}' points to '{entry_point.value}', "
                "which has no PluginConfig in its apps.py."
            )
        found.setdefault(plugin.name, plugin)
    return dict(sorted(found.items()))


def parse_plugin_list(value: str | None, available: dict[str, Plugin]) -> list[str]:
    """Turn the STEUNPUNT_PLUGINS value into an ordered list of names.

    ``None`` or ``"all"`` enables every built-in plugin; an empty string none.
    """
    if value is None or value.strip() == "all":
        return [name for name, p in available.items() if p.source == "builtin"]
    return [name.strip() for name in value.split(",") if name.strip()]


def resolve_enabled(names: list[str], available: dict[str, Plugin]) -> list[Plugin]:
    """Check names and dependencies; return plugins with requirements first."""
    unknown = [n for n in names if n not in available]
    if unknown:
        raise PluginError(
            f"Unknown plugin(s) in STEUNPUNT_PLUGINS: {', '.join(unknown)}. "
            f"Available: {', '.join(available) or 'none'}."
        )
    enabled = set(names)
    for name in names:
        missing = [r for r in available[name].requires if r not in enabled]
        if missing:
            raise PluginError(
                f"Plugin '{name}' requires plugin(s) {', '.join(missing)}, "
                "which are not enabled. Add them to STEUNPUNT_PLUGINS."
            )
    ordered: list[Plugin] = []

    def visit(name, trail=()):
        if name in trail:
            raise PluginError(f"Plugins depend on each other in a circle: {' -> '.join(trail + (name,))}.")
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
