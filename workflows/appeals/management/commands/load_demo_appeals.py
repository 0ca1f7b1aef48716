from django.core.management.base import BaseCommand

from workflows.appeals.demo import load_demo_appeals


class Command(BaseCommand):
    help = "Create a few demo appeals in different states (idempotent; needs the demo users and directory)."

    def handle(self, *args, **options):
        created = load_demo_appeals()
        self.stdout.write(self.style.SUCCESS(f"Demo appeals: {created} created"))
