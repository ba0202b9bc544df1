from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "distro.pagecache"
    label = "pagecache"
    verbose_name = "Paginacache"

    def ready(self):
        # Plain calls, no import-time registration (distro/extensions.py).
        from . import receivers  # noqa: PLC0415 - needs the app registry

        receivers.connect()
