"""Issue 21, item 4: with a read replica configured, the reports, the dashboards and the exports read from it,
and everything else from the primary. A second PostgreSQL database stands in for the replica: it is a copy of
the primary taken at one moment, so what the primary got after that moment (the replication lag) shows which
database each screen read."""

import os
import subprocess

import psycopg
import pytest
from django.db import connections
from django.test import override_settings
from django.urls import reverse

from tests.factories import AppealFactory, UserFactory
from workflows.replica import REPLICA, replica_configured, replica_reads

# serialized_rollback: the seeded rows (roles, lists, calendar) come back after each flush, as the other
# transactional tests of the lane expect them.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", REPLICA]),
]
ROUTED = override_settings(DATABASE_ROUTERS=["workflows.replica.ReplicaRouter"])


def _libpq(settings_dict, name=None):
    return {
        "dbname": name or settings_dict["NAME"],
        "host": settings_dict.get("HOST") or "127.0.0.1",
        "port": str(settings_dict.get("PORT") or 5432),
        "user": settings_dict.get("USER") or "postgres",
    }


def _admin(primary):
    params = _libpq(primary, "postgres")
    return psycopg.connect(**params, password=primary.get("PASSWORD") or None, autocommit=True)


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """The `replica` alias, on a database of its own with the primary's tables (empty until `replicate`)."""
    primary = connections["default"].settings_dict
    name = f"{primary['NAME']}_replica"
    with django_db_blocker.unblock():
        with _admin(primary) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        source, target = _libpq(primary), _libpq(primary, name)
        env = {**os.environ, "PGPASSWORD": primary.get("PASSWORD") or ""}
        schema = subprocess.run(
            [
                "pg_dump",
                "--schema-only",
                "--no-owner",
                "-h",
                source["host"],
                "-p",
                source["port"],
                "-U",
                source["user"],
                source["dbname"],
            ],
            capture_output=True,
            env=env,
            check=True,
        )
        subprocess.run(
            [
                "psql",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                target["host"],
                "-p",
                target["port"],
                "-U",
                target["user"],
                target["dbname"],
            ],
            input=schema.stdout,
            capture_output=True,
            env=env,
            check=True,
        )
    connections.settings[REPLICA] = {**primary, "NAME": name, "TEST": {**primary.get("TEST", {}), "NAME": name}}
    # An empty "serialized copy" for the stand-in: the runner's flush after each test then leaves out
    # `post_migrate` for it (handlers that write to the primary would duplicate its seeded rows).
    connections[REPLICA]._test_serialized_contents = "[]"
    yield name
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]
    with django_db_blocker.unblock(), _admin(primary) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connect(settings_dict, name=None):
    return psycopg.connect(**_libpq(settings_dict, name), password=settings_dict.get("PASSWORD") or None)


def replicate():
    """The replica catches up: every table of the primary as it is now, copied over (COPY out and in)."""
    primary, replica = connections["default"].settings_dict, connections.settings[REPLICA]
    with _connect(primary) as source, _connect(replica) as target:
        tables = [name for (name,) in source.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        target.execute("SET session_replication_role = replica")  # a replica does not check its copy's keys
        target.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        for table in tables:
            with source.cursor().copy(f'COPY "{table}" TO STDOUT') as out:
                with target.cursor().copy(f'COPY "{table}" FROM STDIN') as into:
                    for chunk in out:
                        into.write(chunk)


@pytest.fixture
def lagging_replica():
    """Appeal `copied` reached the replica; appeal `fresh` was registered on the primary after the copy."""
    copied = AppealFactory(content="Рұқсат туралы өтініш (көшірмеде бар)")
    replicate()
    fresh = AppealFactory(content="Жаңа өтініш (тек негізгі базада)")
    return copied, fresh


def test_without_a_replica_nothing_changes():
    """Lane 1 and every deployment without DATABASE_REPLICA_URL: the wrapper is inert."""
    with override_settings(DATABASE_ROUTERS=[]), replica_reads():
        appeal = AppealFactory()
        from workflows.appeals.models import Appeal

        assert Appeal.objects.filter(pk=appeal.pk).exists()


def test_the_export_reads_the_replica_and_the_appeal_screen_the_primary(client, lagging_replica):
    copied, fresh = lagging_replica
    assert replica_configured()
    client.force_login(UserFactory(username="sup-replica", roles=["Senior operator"]))
    with ROUTED:
        exported = b"".join(client.get(reverse("appeals_export")).streaming_content).decode("utf-8")
        screen = client.get(reverse("appeals_work", args=[fresh.pk]))
    assert copied.number in exported and fresh.number not in exported  # the export: the replica, as copied
    assert screen.status_code == 200 and fresh.number in screen.content.decode()  # the desk: the primary


def test_the_monthly_report_reads_the_replica_and_is_stored_on_the_primary(lagging_replica):
    from workflows.reports.models import Report
    from workflows.reports.selectors import Period
    from workflows.reports.services.generation import generate_report

    copied, fresh = lagging_replica
    received = copied.received_at.date()
    with ROUTED:
        report = generate_report(kind=Report.Kind.ANNEX2, period=Period.month(received.year, received.month))
    assert report.rows == 1  # the copied appeal only: the fresh one had not reached the replica
    assert Report.objects.using("default").filter(pk=report.pk).exists()
    assert not Report.objects.using(REPLICA).filter(pk=report.pk).exists()


def test_outside_the_wrapped_paths_every_read_is_the_primarys(lagging_replica):
    from workflows.appeals.models import Appeal

    copied, fresh = lagging_replica
    with ROUTED:
        assert set(Appeal.objects.values_list("pk", flat=True)) >= {copied.pk, fresh.pk}
        with replica_reads():
            assert set(Appeal.objects.values_list("pk", flat=True)) == {copied.pk}
