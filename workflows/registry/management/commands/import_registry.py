import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workflows.registry.bulk_import import import_registry


class Command(BaseCommand):
    help = (
        "Import the public-service registry (Annex 1 columns) from a CSV or XLSX file: upsert by register "
        "number, all or nothing (or --valid-rows-only), audited. --dry-run only checks and shows what would change."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["csv", "xlsx"], help="default: from the file name")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
        parser.add_argument("--valid-rows-only", action="store_true", help="write the valid rows even if others fail")
        parser.add_argument("--max-errors", type=int, default=50, help="how many row errors to print")

    def handle(self, *args, file, format=None, dry_run=False, valid_rows_only=False, max_errors=50, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        file_format = format or path.suffix.lstrip(".").lower()
        if file_format not in {"csv", "xlsx"}:
            raise CommandError("Give --format csv or --format xlsx")
        report = import_registry(
            path.read_bytes(),
            file_format,
            file_name=path.name,
            dry_run=dry_run,
            valid_rows_only=valid_rows_only,
            progress=self._progress,
        )
        self.stderr.write("")
        for result in report.error_rows[:max_errors]:
            for error in result.errors:
                self.stdout.write(f"row {result.row_number}: {error}")
        if len(report.error_rows) > max_errors:
            self.stdout.write(f"… and {len(report.error_rows) - max_errors} more rows with errors")
        if report.file_error or (report.error_rows and not report.written):
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def _progress(self, done, total):
        sys.stderr.write(f"\rrows: {done}/{total} ({100 * done // max(total, 1)}%)   ")
        sys.stderr.flush()
