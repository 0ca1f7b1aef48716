from django.core.management.base import BaseCommand, CommandError

from workflows.calendar.seed import default_years, refresh_calendar


class Command(BaseCommand):
    help = (
        "Seed the working-day calendar from the holidays package and fixtures/calendar/decrees.json "
        "(2016 through next year by default). Rows edited in the admin are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, help="first year (default 2016)")
        parser.add_argument("--to-year", type=int, help="last year (default: next year)")
        parser.add_argument("--decrees", help="another decree fixture (JSON) to read")

    def handle(self, *args, from_year=None, to_year=None, decrees=None, **options):
        years = default_years()
        first, last = from_year or years.start, to_year or years.stop - 1
        if first > last:
            raise CommandError(f"--from-year {first} is after --to-year {last}")
        report = refresh_calendar(years=range(first, last + 1), decrees_path=decrees)
        self.stdout.write(self.style.SUCCESS(f"Calendar {first}–{last}: {report}"))
        for day in report.kept_manual:
            self.stdout.write(f"  kept the admin's entry for {day:%Y-%m-%d}")
