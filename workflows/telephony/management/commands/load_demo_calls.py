from django.core.management.base import BaseCommand

from workflows.telephony.demo import load_demo_calls


class Command(BaseCommand):
    help = "Create a week of demo calls with waits and ratings (idempotent; needs the demo users)."

    def handle(self, *args, **options):
        created = load_demo_calls()
        self.stdout.write(self.style.SUCCESS(f"Demo calls: {created} created"))
