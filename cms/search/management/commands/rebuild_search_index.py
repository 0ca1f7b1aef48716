"""Index every live page again (after an upgrade of the analysis, or to repair the index)."""

from django.core.management.base import BaseCommand

from cms.search.services import rebuild_index


class Command(BaseCommand):
    help = "Re-index every live page for search (cms/search) and drop documents of pages no longer live."

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} live pages.")
