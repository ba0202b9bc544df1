import django.dispatch

#: Sent after the page cache was invalidated (after the commit of the change),
#: with ``reason``. Front caches purge here (distro.frontcache).
pages_changed = django.dispatch.Signal()
