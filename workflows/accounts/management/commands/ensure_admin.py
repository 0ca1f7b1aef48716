from django.core.management.base import BaseCommand

from workflows.accounts.services import ensure_admin


class Command(BaseCommand):
    help = "Create the first admin user with a random password and print the login once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password-file", help="also write the new password to this file (mode 600)")

    def handle(self, *args, username, password_file=None, **options):
        password = ensure_admin(username=username)
        if password is None:
            self.stdout.write(
                f"Admin user '{username}' already exists (its password was printed when it was created; "
                f"reset it with: python manage.py changepassword {username})."
            )
            return
        if password_file:
            import os

            with open(password_file, "w") as handle:
                handle.write(password + "\n")
            os.chmod(password_file, 0o600)
        self.stdout.write(self.style.SUCCESS(f"Admin login — user: {username}  password: {password}"))
