from django.apps import AppConfig


class FrontCacheConfig(AppConfig):
    name = "distro.frontcache"
    label = "frontcache"
    verbose_name = "Cache vóór de site"

    def ready(self):
        # Django: the receiver reads pages, which need the app registry.
        from . import receivers

        receivers.connect()
