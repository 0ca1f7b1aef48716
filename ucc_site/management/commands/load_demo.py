from django.core.management.base import BaseCommand

from ucc_site.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo site: calendar, directory, registry, public pages, service guidance and Knowledge Base"
        " in kk/ru/en, (optionally) a user per role, then demo appeals, calls and onboarding protocols. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--users-password-file", help="also create one demo user per role, with the password in this file"
        )

    def handle(self, *args, users_password_file=None, **options):
        password = None
        if users_password_file:
            with open(users_password_file) as handle:
                password = handle.read().strip()
        load_demo(users_password=password, say=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
