"""Audit overhead (issue 21): a save with django-auditlog against the same save without it, single and bulk.

    python bench/audit.py [--rows 300] [--rounds 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc python bench/audit.py

Target: an audited save costs <= 1.5x a plain one, bulk paths included (stock django-auditlog measured
2.7-4.4x here). Each path is timed with auditlog on and, as the same-run baseline, with auditlog off
(`auditlog.context.disable_auditlog`), alternating in rounds so that the machine's load falls on both;
the best round of each is kept. Every save is its own transaction, as in a request or a task:
- create: `StateBody.objects.create` (a registered model of 12 fields);
- update: a loaded body's phone changed and `save()`d;
- appeal update: a loaded appeal's measures taken changed (a wide model with masked personal fields);
- bulk: `bulk_create` of --rows bodies and, audited, `workflows.audit.log_created` for them.
Runs on a database of its own, kept for the next run (a file under /tmp for SQLite, test_<name> for
PostgreSQL); its rows are deleted at the end.
"""

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.DATABASES["default"].setdefault("TEST", {})
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    settings.DATABASES["default"]["TEST"]["NAME"] = os.path.join(tempfile.gettempdir(), "ucc-bench-audit.sqlite3")

from auditlog.context import disable_auditlog  # noqa: E402
from auditlog.models import LogEntry  # noqa: E402
from django.db import connection, transaction  # noqa: E402

_serial = iter(range(10**9))


def body_values():
    n = next(_serial)
    return {
        "code": f"bench-{n}",
        "kind": "central_body",
        "name_kk": f"Министрлік {n}",
        "name_ru": f"Министерство {n}",
        "name_en": f"Ministry {n}",
        "short_name": f"M{n}",
        "phone": "+7 7172 00 00 00",
        "email": f"office{n}@gov.kz",
    }


def path_create(rows):
    from workflows.directory.models import StateBody

    def run():
        for _ in range(rows):
            with transaction.atomic():
                StateBody.objects.create(**body_values())

    return run


def path_update(rows):
    from workflows.directory.models import StateBody

    with disable_auditlog():
        pks = [StateBody.objects.create(**body_values()).pk for _ in range(rows)]

    def run():
        bodies = list(StateBody.objects.filter(pk__in=pks))
        for body in bodies:
            body.phone = f"+7 7172 {next(_serial):06d}"
            with transaction.atomic():
                body.save()

    return run


def path_appeal_update(rows):
    from tests.factories import AppealFactory
    from workflows.appeals.models import Appeal

    with disable_auditlog():
        pks = [AppealFactory().pk for _ in range(rows)]

    def run():
        appeals = list(Appeal.objects.filter(pk__in=pks))
        for appeal in appeals:
            appeal.measures_taken = f"Разъяснено {next(_serial)}"
            with transaction.atomic():
                appeal.save()

    return run


def path_bulk(rows):
    from workflows.audit import log_created
    from workflows.directory.models import StateBody

    def run():
        with transaction.atomic():
            bodies = StateBody.objects.bulk_create([StateBody(**body_values()) for _ in range(rows)])
            if not _disabled[0]:
                log_created(bodies)

    return run


_disabled = [False]


def timed(make, rows, audited):
    run = make(rows)
    _disabled[0] = not audited
    start = time.perf_counter()
    if audited:
        run()
    else:
        with disable_auditlog():
            run()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)
    try:
        vendor = connection.vendor
        print(f"{vendor}, {args.rows} rows per path, best of {args.rounds} rounds; load {load()}")
        worst = 0
        for label, make in [
            ("create", path_create),
            ("update", path_update),
            ("appeal update", path_appeal_update),
            ("bulk create", path_bulk),
        ]:
            plain, audited = [], []
            for _ in range(args.rounds):
                entries = LogEntry.objects.count()
                plain.append(timed(make, args.rows, audited=False))
                assert LogEntry.objects.count() == entries, "the baseline wrote no audit entry"
                audited.append(timed(make, args.rows, audited=True))
                assert LogEntry.objects.count() >= entries + args.rows, "every audited row has its entry"
            ratio = min(audited) / min(plain)
            worst = max(worst, ratio)
            print(
                f"{label:14}: plain {min(plain) / args.rows * 1e6:7.0f} us/row, audited "
                f"{min(audited) / args.rows * 1e6:7.0f} us/row, ratio {ratio:.2f}x"
            )
        print(f"worst ratio {worst:.2f}x (target <= 1.5x); load {load()}")
    finally:
        from workflows.directory.models import StateBody

        with disable_auditlog():
            StateBody.objects.filter(code__startswith="bench-").delete()
        connection.close()


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
