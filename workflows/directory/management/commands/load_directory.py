from django.core.management.base import BaseCommand

from workflows.directory.services import load_directory


class Command(BaseCommand):
    help = "Load the regions and state bodies of fixtures/directory/ (idempotent)."

    def handle(self, *args, **options):
        created, updated = load_directory()
        self.stdout.write(self.style.SUCCESS(f"Directory: {created} created, {updated} checked or updated"))
