from distro.pagecache.signals import pages_changed

from .tasks import purge_front_cache


def _on_pages_changed(sender, reason="", **kwargs):
    purge_front_cache.enqueue()


def connect() -> None:
    pages_changed.connect(_on_pages_changed, dispatch_uid="frontcache-purge")
