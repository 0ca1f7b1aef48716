"""`make restore`: a file `make backup` wrote, read back into the database (replacing what it holds)."""

import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from .backup import pg_args, pg_env


class Command(BaseCommand):
    help = "Read a backup (make backup) back into the database, replacing its contents (make restore)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"no backup file at {path}")
        connection = connections["default"]
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            connection.close()
            result = subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
                + [*pg_args(db), "-d", db["NAME"], path],
                env=pg_env(db),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(path)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            raise CommandError(f"no restore for {connection.vendor}")
        self.stdout.write(f"Restored {path} into {db['NAME']}")
