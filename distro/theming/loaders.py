"""Template loaders that look in the active theme before the distro's own templates."""

from django.template.loaders.cached import Loader as CachedLoader
from django.template.loaders.filesystem import Loader as FilesystemLoader

from .themes import current_theme


class ThemeLoader(FilesystemLoader):
    def get_dirs(self):
        return current_theme().template_dirs


class CachedThemeLoader(CachedLoader):
    """Django's cached loader, with the active theme as part of the cache key."""

    def cache_key(self, template_name, skip=None):
        return f"{current_theme().name}:{super().cache_key(template_name, skip)}"
