from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.home.demo import load_demo_knowledge, load_demo_pages, load_demo_service_pages
from workflows.accounts.services import create_demo_users
from workflows.calendar.seed import refresh_calendar
from workflows.directory.services import load_directory
from workflows.registry.bulk_import import import_registry


class Command(BaseCommand):
    help = (
        "Load the demo site: calendar, directory, registry, public pages, service guidance and Knowledge Base"
        " in kk/ru/en, and (optionally) a user per role. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--users-password-file", help="also create one demo user per role, with the password in this file"
        )

    def handle(self, *args, users_password_file=None, **options):
        self.stdout.write(f"Calendar: {refresh_calendar()}")
        created, updated = load_directory()
        self.stdout.write(f"Directory: {created} created, {updated} checked")
        registry = Path(settings.BASE_DIR) / "fixtures" / "demo" / "registry.csv"
        report = import_registry(registry.read_bytes(), "csv", file_name=registry.name)
        if not report.written:
            raise CommandError(f"The demo registry did not load: {report.summary()}")
        self.stdout.write(f"Registry: {report.summary()}")
        self.stdout.write(f"Pages: {load_demo_pages()} published")
        self.stdout.write(f"Service guidance: {load_demo_service_pages()} published")
        self.stdout.write(f"Knowledge Base: {load_demo_knowledge()} published")
        if users_password_file:
            with open(users_password_file) as handle:
                names = create_demo_users(password=handle.read().strip())
            self.stdout.write(f"Demo users (one per role): {', '.join(names)}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
