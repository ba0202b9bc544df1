from django.core.management.base import BaseCommand

from distro.pagecache import store


class Command(BaseCommand):
    help = "Leeg de paginacache: de volgende bezoeker krijgt elke pagina vers."

    def handle(self, *args, **options):
        store.invalidate("clear_page_cache")
        store.clear()
        self.stdout.write("De paginacache is leeg.")
