from django.core.management.base import BaseCommand

from workflows.onboarding.demo import load_demo_protocols


class Command(BaseCommand):
    help = "Create demo onboarding protocols, one at each stage of paras 20-23 (idempotent; needs the demo data)."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"Demo onboarding protocols: {load_demo_protocols()} created"))
