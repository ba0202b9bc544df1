"""Discovering themes and turning their design tokens into CSS.

A theme is a folder with ``theme.toml``, and optionally ``templates/`` and
``static/``. Tokens are nested TOML tables; ``[tokens.steunpunt.color]
primary = "#00539b"`` becomes the CSS custom property
``--steunpunt-color-primary`` (the NL Design System naming convention).

A theme may build on another one with ``extends = "standaard"`` in its
``[theme]`` table: it then only lists the tokens it changes, and the other
theme's templates and stylesheet are used where it has none of its own.
"""

from __future__ import annotations

import contextvars
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: The theme of the request being handled, set by ThemeMiddleware: a name, or
#: a function that looks the name up when a template first needs it.
active_theme_name: contextvars.ContextVar[str | Callable[[], str | None] | None] = contextvars.ContextVar(
    "active_theme_name", default=None
)


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    description: str
    path: Path
    tokens: dict = field(default_factory=dict)
    extends: str = ""
    #: The theme this one extends, resolved by available_themes().
    parent: Theme | None = None

    @property
    def template_dir(self) -> Path:
        return self.path / "templates"

    @property
    def template_dirs(self) -> list[Path]:
        """This theme's template folder, then those of the themes it extends."""
        return [self.template_dir] + (self.parent.template_dirs if self.parent else [])

    @property
    def stylesheets(self) -> list[str]:
        """Static paths of the theme.css files to load, the extended theme's first."""
        inherited = self.parent.stylesheets if self.parent else []
        return inherited + ([self.stylesheet] if self.stylesheet else [])

    @property
    def static_dir(self) -> Path:
        return self.path / "static"

    @property
    def stylesheet(self) -> str:
        """Static path of the theme's own ``static/theme.css``, or "" if it has none."""
        if (self.static_dir / "theme.css").is_file():
            return f"themes/{self.name}/theme.css"
        return ""

    def custom_properties(self) -> dict[str, str]:
        return flatten_tokens(self.tokens)


def flatten_tokens(tokens: dict, prefix: str = "-") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tokens.items():
        name = f"{prefix}-{key}"
        if isinstance(value, dict):
            flat.update(flatten_tokens(value, name))
        else:
            flat[name] = str(value)
    return flat


def merge_tokens(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_tokens(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_theme(path: Path) -> Theme:
    try:
        data = tomllib.loads((path / "theme.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImproperlyConfigured(f"Theme '{path.name}' has an unreadable theme.toml: {exc}") from exc
    meta = data.get("theme", {})
    return Theme(
        name=path.name,
        label=meta.get("label", path.name),
        description=meta.get("description", ""),
        path=path,
        tokens=data.get("tokens", {}),
        extends=meta.get("extends", ""),
    )


def _resolve(name: str, raw: dict[str, Theme], resolved: dict[str, Theme], seen: tuple[str, ...] = ()) -> Theme:
    if name in resolved:
        return resolved[name]
    theme = raw[name]
    if not theme.extends:
        resolved[name] = theme
        return theme
    if theme.extends in seen + (name,):
        raise ImproperlyConfigured(
            f"Theme '{name}' extends itself through {' -> '.join(seen + (name, theme.extends))}."
        )
    if theme.extends not in raw:
        raise ImproperlyConfigured(f"Theme '{name}' extends '{theme.extends}', which does not exist.")
    parent = _resolve(theme.extends, raw, resolved, seen + (name,))
    resolved[name] = replace(theme, tokens=merge_tokens(parent.tokens, theme.tokens), parent=parent)
    return resolved[name]


@lru_cache(maxsize=1)
def available_themes() -> dict[str, Theme]:
    """Themes by name; a directory listed earlier in STEUNPUNT_THEME_DIRS wins."""
    found: dict[str, Theme] = {}
    for directory in settings.STEUNPUNT_THEME_DIRS:
        if not Path(directory).is_dir():
            continue
        for child in sorted(Path(directory).iterdir()):
            if (child / "theme.toml").is_file() and child.name not in found:
                found[child.name] = load_theme(child)
    resolved: dict[str, Theme] = {}
    return {name: _resolve(name, found, resolved) for name in found}


def get_theme(name: str | None) -> Theme:
    themes = available_themes()
    if name and name in themes:
        return themes[name]
    return themes[settings.STEUNPUNT_DEFAULT_THEME]


def current_theme() -> Theme:
    name = active_theme_name.get()
    return get_theme(name() if callable(name) else name)


def mix(colour: str, other: str, weight: float) -> str:
    """``colour`` mixed with ``weight`` (0..1) of ``other``, both as #rrggbb."""
    a = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(other.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x * (1 - weight) + y * weight):02x}" for x, y in zip(a, b, strict=True))


def theme_css(theme: Theme, primary_colour: str = "") -> str:
    """The theme's tokens as CSS custom properties on :root.

    A site's own primary colour replaces the theme's; its hover colour is
    derived from it (darker, so contrast with white only goes up).
    """
    properties = theme.custom_properties()
    if primary_colour:
        properties["--steunpunt-color-primary"] = primary_colour
        properties["--steunpunt-color-primary-hover"] = mix(primary_colour, "#000000", 0.25)
    lines = [f"  {name}: {value};" for name, value in sorted(properties.items())]
    return ":root {\n" + "\n".join(lines) + "\n}\n"
