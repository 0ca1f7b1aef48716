"""The month's Annex 2 data for every recipient, read from 1,000,000 appeals on PostgreSQL (paras 31, Annex 2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc python bench/reports_data.py [--rows 1000000]

Target (issue 18): the rows and the summary of the last full month for every recipient (the quality authority,
every central and local body) <= 10 s in all. The baseline, measured in the same run, is one plain read of the
month's appeals (every column the form prints, nothing filtered by recipient), which every recipient's
selection must be compared with. The appeals are generated as in bench/appeals.py (one every 55 seconds,
ending now); each of the 300 services is provided by one or two central bodies, so a central body's report
holds the appeals about its services and a local body's those of its region too.
Runs on a throw-away test database (test_<name>).
"""

import argparse
import importlib.util
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

_spec = importlib.util.spec_from_file_location("bench_appeals", os.path.join(HERE, "appeals.py"))
bench_appeals = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_appeals)  # sets Django up; its generator makes the appeals

from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def providers():
    """Each service provided by one or two central bodies, in turn."""
    from workflows.directory.models import StateBody
    from workflows.registry.models import PublicService

    central = list(StateBody.objects.filter(kind=StateBody.Kind.CENTRAL_BODY).order_by("pk"))
    through = PublicService.providers.through
    links = []
    for index, service_pk in enumerate(PublicService.objects.order_by("pk").values_list("pk", flat=True)):
        links.append(through(publicservice_id=service_pk, statebody_id=central[index % len(central)].pk))
        if index % 3 == 0:
            links.append(through(publicservice_id=service_pk, statebody_id=central[(index + 7) % len(central)].pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(central)


def month_for_everyone(period):
    from workflows.reports import selectors
    from workflows.reports.models import Report

    rows = 0
    recipients = selectors.recipients(Report.Kind.ANNEX2, period)
    began = time.perf_counter()
    slowest = (0.0, None)
    for recipient in recipients:
        started = time.perf_counter()
        rows += len(selectors.annex2_report(period, recipient)[0])
        slowest = max(slowest, (time.perf_counter() - started, str(recipient)), key=lambda item: item[0])
    return time.perf_counter() - began, len(recipients), rows, slowest


def plain_month(period):
    from workflows.appeals.models import Appeal
    from workflows.reports.selectors import ANNEX2_FIELDS

    since, until = period.bounds()
    began = time.perf_counter()
    queryset = Appeal.objects.filter(received_at__gte=since, received_at__lt=until).order_by("received_at", "pk")
    count = sum(1 for _row in queryset.values_list(*ANNEX2_FIELDS).iterator(chunk_size=5000))
    return time.perf_counter() - began, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/reports_data.py measures PostgreSQL: set DATABASE_URL=postgres://…")
        return
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from workflows.calendar.seed import refresh_calendar
        from workflows.reports.selectors import Period

        refresh_calendar()
        users, group = bench_appeals.reference_rows()
        central = providers()
        began = time.perf_counter()
        bench_appeals.generate(args.rows, users, group)
        print(f"generated {args.rows:,} appeals in {time.perf_counter() - began:.1f} s; {central} central bodies")
        period = Period.previous_month(timezone.localdate())
        plain_month(period)  # warm the cache as the monthly run would find it after a day of work
        baseline, count = plain_month(period)
        seconds, recipients, rows, slowest = month_for_everyone(period)
        print(f"{period.start:%B %Y}: {count:,} appeals; one plain read of them: {baseline:.2f} s (baseline)")
        print(
            f"rows and summary for each of {recipients} recipients ({rows:,} rows in all): {seconds:.2f} s "
            f"({seconds / baseline:.1f}x the baseline; target <= 10 s); slowest {slowest[1]}: {slowest[0]:.2f} s"
        )
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
