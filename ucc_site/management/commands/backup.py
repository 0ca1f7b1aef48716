"""`make backup`: the whole database to one file (PostgreSQL: `pg_dump -Fc`; SQLite: its online backup API,
consistent while the site writes). `make restore` (the `restore` command) reads it back."""

import os
import sqlite3
import subprocess

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def pg_env(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def pg_args(db):
    return ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]


class Command(BaseCommand):
    help = "Write the whole database to one file (make backup)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        connection = connections["default"]
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            result = subprocess.run(
                ["pg_dump", "-Fc", "--no-owner", "-f", path, *pg_args(db), db["NAME"]],
                env=pg_env(db),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        else:
            raise CommandError(f"no backup for {connection.vendor}")
        self.stdout.write(f"Backed up {db['NAME']} to {path}")
