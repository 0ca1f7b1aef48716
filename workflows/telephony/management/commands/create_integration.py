"""`python manage.py create_integration "PBX Astana"`: a phone system's API token, printed once."""

from django.core.management.base import BaseCommand, CommandError

from workflows.telephony.models import Integration
from workflows.telephony.services import create_integration, reissue_token


class Command(BaseCommand):
    help = "Create a phone-system integration (or give an existing one a new token) and print its token once."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--requests-per-minute", type=int, default=None)
        parser.add_argument("--reissue", action="store_true", help="replace the token of an existing integration")

    def handle(self, *args, name, requests_per_minute, reissue, **options):
        existing = Integration.objects.filter(name=name).first()
        if existing and not reissue:
            raise CommandError(f"integration {name!r} exists; --reissue gives it a new token (the old one stops)")
        if existing:
            token = reissue_token(integration=existing)
        else:
            _integration, token = create_integration(name=name, requests_per_minute=requests_per_minute)
        self.stderr.write("The token is shown only now; keep it in the phone system's configuration:")
        self.stdout.write(token)
