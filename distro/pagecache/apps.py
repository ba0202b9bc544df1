from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "distro.pagecache"
    label = "pagecache"
    verbose_name = "Paginacache"

    def ready(self):
        # Plain calls, no import-time registration (distro/extensions.py).
        # Django: the receivers and the health check read models, which need the app registry.
        from . import health, receivers

        receivers.connect()
        health.register()
