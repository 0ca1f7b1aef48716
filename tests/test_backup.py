"""Issue 21 (resilience): `make backup` then `make restore` into a fresh database gives back every row."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import AppealFactory, StateBodyFactory

BASE_DIR = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def counts(cursor, sqlite=False):
    if sqlite:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        tables = [row[0] for row in cursor.fetchall()]
        return {table: cursor.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    tables = sorted(row[0] for row in cursor.fetchall())
    result = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        result[table] = cursor.fetchone()[0]
    return result


@pytest.mark.postgres
def test_a_backup_restored_into_a_fresh_database_has_every_row(tmp_path):
    import psycopg

    StateBodyFactory.create_batch(3)
    AppealFactory.create_batch(2)
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    dump, fresh = tmp_path / "backup.dump", f"{db['NAME']}_restored"
    env = {
        "DATABASE_URL": f"{url}/{db['NAME']}",
        "DJANGO_SETTINGS_MODULE": "ucc_site.settings.dev",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["make", "backup", f"BACKUP={dump}", f"PY={sys.executable}"], cwd=BASE_DIR, env=env, check=True)
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env["DATABASE_URL"] = f"{url}/{fresh}"
        subprocess.run(["make", "restore", f"BACKUP={dump}", f"PY={sys.executable}"], cwd=BASE_DIR, env=env, check=True)
        with connection.cursor() as cursor:
            original = counts(cursor)
        with psycopg.connect(f"{url}/{fresh}") as restored:
            assert counts(restored.cursor()) == original
        assert original["appeals_appeal"] == 2 and original["auditlog_logentry"] > 0
    finally:
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_on_sqlite_the_backup_is_a_database_restored_into_a_fresh_one(tmp_path):
    import sqlite3

    from django.core.management import call_command

    if connection.vendor != "sqlite":
        pytest.skip("SQLite lane")
    StateBodyFactory.create_batch(3)
    AppealFactory.create_batch(2)
    call_command("backup", str(tmp_path / "backup.sqlite3"))
    fresh = sqlite3.connect(tmp_path / "restored.sqlite3")
    with sqlite3.connect(tmp_path / "backup.sqlite3") as backup:
        backup.backup(fresh)  # what `restore` does into the configured file
    connection.ensure_connection()
    original = counts(connection.connection.cursor(), sqlite=True)
    assert counts(fresh.cursor(), sqlite=True) == original
    assert original["appeals_appeal"] == 2
    fresh.close()
