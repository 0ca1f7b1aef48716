"""Deadline computations per second, against baselines measured in the same run.

    python bench/calendar.py [--n 10000]

Target (issue: foundation): 10,000 deadline computations in well under a second.
Issue 20: a deadline whose term is read with `terms.term()` against the same deadline with a constant term.
Baselines: (1) the same code with its year cache dropped before every computation (a database read
each time), (2) the `holidays` package's own get_nth_working_day (no decreed working Saturdays).
Runs on a throw-away test database (SQLite in memory by default; DATABASE_URL for PostgreSQL).
"""

import os
import sys

# This file is named like the standard library's `calendar`: keep its folder off the import path.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))

import argparse  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def sample(n, seed=1414):
    rng = random.Random(seed)
    start = date(2016, 1, 1)
    return [(start + timedelta(days=rng.randrange(365 * 11)), rng.choice((1, 2, 3, 5, 10))) for _ in range(n)]


def rate(label, func, cases, baseline=None):
    began = time.perf_counter()
    for day, n in cases:
        func(day, n)
    elapsed = time.perf_counter() - began
    per_second = len(cases) / elapsed
    ratio = f"  ×{per_second / baseline:,.1f} vs baseline 1" if baseline else ""
    print(f"{label:<58} {len(cases):>6} in {elapsed * 1000:8.1f} ms  {per_second:>12,.0f}/s{ratio}")
    return per_second


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import holidays

        from workflows.calendar import clocks
        from workflows.calendar.seed import refresh_calendar
        from workflows.calendar.working_days import add_working_days, clear_cache

        refresh_calendar()
        cases = sample(args.n)
        settings.UCC_CALENDAR_RECHECK_SECONDS = 5  # the production default (the test settings use 0)
        print(
            f"database: {connection.vendor}; {args.n} deadlines, n in 1-10 working days, dates 2016-2026; "
            f"revision re-checked every {settings.UCC_CALENDAR_RECHECK_SECONDS} s"
        )

        def uncached(day, n):
            clear_cache()
            return add_working_days(day, n)

        kz = holidays.country_holidays("KZ", years=range(2016, 2028))
        slow = cases[: max(200, args.n // 50)]
        base = rate("baseline 1: year re-read from the database every time", uncached, slow)
        rate("baseline 2: holidays package get_nth_working_day", kz.get_nth_working_day, cases, base)
        clear_cache()
        rate("add_working_days (cold cache)", add_working_days, cases, base)
        rate("add_working_days (warm cache)", add_working_days, cases, base)
        rate("clocks.working_days_deadline (aware end of day)", clocks.working_days_deadline, cases, base)

        # Issue 20: the terms are settings with an effective date; a deadline reads the term in force on its
        # opening day. Against the same deadline with the term written as a constant, in this run.
        from workflows.calendar.models import Term
        from workflows.calendar.terms import term

        for year in range(2017, 2027):
            Term.objects.create(key="appeal_answer", value=2, effective_from=date(year, 1, 1), reason="bench")
        clear_cache()
        constant = rate(
            "working_days_deadline(day, 2): the term as a constant",
            lambda day, n: clocks.working_days_deadline(day, 2),
            cases,
            base,
        )
        read = rate(
            "working_days_deadline(day, term('appeal_answer', on=day))",
            lambda day, n: clocks.working_days_deadline(day, term("appeal_answer", on=day)),
            cases,
            base,
        )
        print(f"reading the term (10 changes on file) keeps {read / constant:.0%} of the constant's rate")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
