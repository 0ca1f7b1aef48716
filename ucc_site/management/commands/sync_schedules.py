from django.core.management.base import BaseCommand

from workflows.schedules import sync_schedules


class Command(BaseCommand):
    help = "Write the platform's django-q schedules (workflows/schedules.py) to the database."

    def handle(self, *args, **options):
        created, updated = sync_schedules()
        self.stdout.write(self.style.SUCCESS(f"Schedules: {created} created, {updated} updated"))
