from django.conf import settings
from django.core.checks import Error

from .themes import available_themes


def default_theme_exists(app_configs, **kwargs):
    themes = available_themes()
    if settings.STEUNPUNT_DEFAULT_THEME not in themes:
        return [
            Error(
                f"Unknown theme '{settings.STEUNPUNT_DEFAULT_THEME}' in STEUNPUNT_THEME.",
                hint=f"Available themes: {', '.join(themes) or 'none'}.",
                id="steunpunt.E001",
            )
        ]
    return []
