"""The bodies' and authorities' due-soon and overdue lists, and a busy body's page, on many requests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ucc_bench_authorities python bench/authorities.py \
        [--rows 100000] [--repeat 200]

Target (issue 16): the overdue and due-soon lists of `selectors.deadlines` (the first page of 50 and the count)
under 100 ms p95 with 100,000 requests of each kind (call records, information requests, escalations,
discrepancies) on PostgreSQL. Printed beside two baselines measured in the same run: a primary-key lookup
(the floor of any query) and, on PostgreSQL, the same list with the planner kept off the indexes (what the
`(state, due_at)` index saves). Then a busy body's page: its counts per kind and the first and tenth pages of
its timeline (`selectors.bodies`), the body holding a tenth of every kind's rows.

The requests are bulk-created with a realistic mix: about 5% open (due within the next days or overdue by up
to a month), the rest closed, 8% of those handled late; one event per request and one more per closed one,
written by INSERT … SELECT. Runs on a throw-away test database (test_<name>), dropped at the end.
"""

import os
import sys

# bench/calendar.py is named like the standard library's `calendar`: keep this folder off the import path.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import date, datetime, timedelta  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

OPEN_SHARE = 0.05
LATE_SHARE = 0.08
BODIES = 400
BUSY_SHARE = 0.10  # of every kind's rows, with the busy body


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def measure(function, repeat):
    """p50 and p95 of `function` in milliseconds over `repeat` runs (after one warm-up run)."""
    function()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), p95(samples)


# --- data -----------------------------------------------------------------------------------------


def make_bodies():
    from workflows.directory.models import StateBody

    return StateBody.objects.bulk_create(
        StateBody(
            code=f"bench-{n}", kind="central_body", name_kk=f"Орган {n}", name_ru=f"Орган {n}", name_en=f"Body {n}"
        )
        for n in range(BODIES)
    )


def body_for(rng, bodies):
    return bodies[0] if rng.random() < BUSY_SHARE else bodies[rng.randrange(1, len(bodies))]


def lifecycle(rng, now, open_states, closed_states, span):
    """(state, due_at, late): open ones due from a month ago to `span` ahead, closed ones over two years."""
    if rng.random() < OPEN_SHARE:
        return rng.choice(open_states), now + timedelta(seconds=rng.uniform(-30 * 86400, span.total_seconds())), False
    return (
        rng.choice(closed_states),
        now - timedelta(seconds=rng.uniform(86400, 730 * 86400)),
        rng.random() < LATE_SHARE,
    )


def populate(rows, bodies, now, rng):
    from workflows.authorities.models import CallRecordRequest, DiscrepancyRequest, Escalation, InformationRequest

    def rows_of(model, build):
        model.objects.bulk_create((build(i) for i in range(rows)), batch_size=2000)

    def call_record(i):
        state, due, late = lifecycle(rng, now, ["received", "searching"], ["provided", "not_found"], timedelta(hours=4))
        received = due - timedelta(hours=4)
        return CallRecordRequest(
            requester=body_for(rng, bodies),
            letter_reference=f"№ {i}",
            phone=f"+7 701 {i:07d}",
            period_start=received.date(),
            period_end=received.date(),
            received_at=received,
            state=state,
            due_at=due,
            late=late,
            handled_at=None if state in CallRecordRequest.OPEN_STATES else due,
        )

    def information(i):
        state, due, late = lifecycle(rng, now, ["sent"], ["answered"] * 9 + ["refused"], timedelta(days=7))
        if rng.random() < 0.01:
            state, due = "drafted", None
        return InformationRequest(
            body=body_for(rng, bodies),
            subject=f"Запрос {i}",
            question="?",
            state=state,
            due_at=due,
            sent_at=due and due - timedelta(days=7),
            late=late,
            refusal_ground="unlawful" if state == "refused" else "",
        )

    def escalation(i):
        state, due, late = lifecycle(rng, now, ["drafted"], ["sent", "acknowledged"], timedelta(days=3))
        repeated = (due - timedelta(days=3)).date()
        # one per provider and window: the busy body holds a tenth of them, one a day
        provider = bodies[0] if i % 10 == 0 else bodies[1 + i % (len(bodies) - 1)]
        return Escalation(
            provider=provider,
            repeated_on=repeated,
            window_start=date(2000, 1, 1) + timedelta(days=i),
            state=state,
            due_at=due,
            late=late,
        )

    def discrepancy(i):
        state, due, late = lifecycle(rng, now, ["received", "explained"], ["sent"], timedelta(days=1))
        return DiscrepancyRequest(
            authority=bodies[1],
            provider=body_for(rng, bodies),
            period=(due - timedelta(days=30)).date(),
            description="…",
            received_at=due - timedelta(days=1),
            state=state,
            due_at=due,
            late=late,
        )

    for model, build in (
        (CallRecordRequest, call_record),
        (InformationRequest, information),
        (Escalation, escalation),
        (DiscrepancyRequest, discrepancy),
    ):
        began = time.perf_counter()
        rows_of(model, build)
        events = write_events(model)
        elapsed = time.perf_counter() - began
        print(f"  {model._meta.verbose_name_plural:<24} {rows:,} rows, {events:,} events in {elapsed:.1f} s")


def write_events(model):
    """One event per request when it arrived, one more when it was handled: INSERT … SELECT."""
    from django.contrib.contenttypes.models import ContentType

    from workflows.authorities.models import AuthorityEvent

    table, events = model._meta.db_table, AuthorityEvent._meta.db_table
    body = {"callrecordrequest": "requester_id", "informationrequest": "body_id"}.get(
        model._meta.model_name, "provider_id"
    )
    content_type = ContentType.objects.get_for_model(model).pk
    open_states = ", ".join(f"'{state}'" for state in model.OPEN_STATES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {events} (content_type_id, object_id, body_id, verb, text, at) "
            f"SELECT {content_type}, id, {body}, 'registered', '', created_at FROM {table}"
        )
        cursor.execute(
            f"INSERT INTO {events} (content_type_id, object_id, body_id, verb, text, at) "
            f"SELECT {content_type}, id, {body}, 'send', '', due_at FROM {table} "
            f"WHERE due_at IS NOT NULL AND state NOT IN ({open_states})"
        )
    return AuthorityEvent.objects.filter(content_type_id=content_type).count()


# --- the measurements -------------------------------------------------------------------------------


def without_indexes(function):
    """The same query with PostgreSQL's planner kept off the indexes (a sequential scan and a sort)."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute("SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_indexonlyscan = off")
        try:
            return function()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_indexscan; RESET enable_bitmapscan; RESET enable_indexonlyscan")

    return run


def report(label, figures, baseline):
    p50, p95_ms = figures
    ratio = f"  (×{p95_ms / baseline:,.1f} a primary-key lookup)" if baseline else ""
    verdict = "" if p95_ms < 100 else "  MISSES the 100 ms target"
    print(f"  {label:<52} p50 {p50:7.2f} ms  p95 {p95_ms:7.2f} ms{ratio}{verdict}")
    return p95_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000, help="requests of each kind")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth import get_user_model

        from workflows.authorities.selectors import bodies as body_selectors
        from workflows.authorities.selectors import deadlines
        from workflows.calendar.seed import refresh_calendar

        refresh_calendar()
        now = timezone.make_aware(datetime(2026, 12, 7, 11))
        rng = random.Random(1414)
        print(f"database: {connection.vendor}; {args.rows:,} requests of each kind, {args.repeat} runs per figure")
        began = time.perf_counter()
        bodies = make_bodies()
        populate(args.rows, bodies, now, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"  generated in {time.perf_counter() - began:.1f} s")

        model = deadlines.DEADLINED[0]
        some_pk = model.objects.order_by("pk").values_list("pk", flat=True)[args.rows // 2]
        print("baseline")
        baseline = report("a primary-key lookup", measure(lambda: model.objects.get(pk=some_pk), args.repeat), None)

        worst = 0.0
        for model in deadlines.DEADLINED:
            print(f"{model._meta.verbose_name_plural}")
            for name in ("overdue", "due_soon"):
                selector = getattr(deadlines, name)

                def first_page(selector=selector, model=model):
                    return list(selector(model, now=now)[:50])

                def count(selector=selector, model=model):
                    return selector(model, now=now).count()

                found = count()
                worst = max(worst, report(f"{name}: first 50 of {found:,}", measure(first_page, args.repeat), baseline))
                worst = max(worst, report(f"{name}: count", measure(count, args.repeat), baseline))
                if connection.vendor == "postgresql":
                    report(f"{name}: first 50, no index (baseline)", measure(without_indexes(first_page), 20), baseline)

        print("a busy body's page (a tenth of every kind's rows)")
        user = get_user_model().objects.create(username="bench-admin", is_superuser=True, is_staff=True)
        busy = bodies[0]

        def page(number):
            timeline = body_selectors.timeline(busy, user)
            start = (number - 1) * body_selectors.PAGE_SIZE
            return timeline.count(), timeline[start : start + body_selectors.PAGE_SIZE]

        entries = page(1)[0]
        report(
            f"counts per kind ({entries:,} events)",
            measure(lambda: body_selectors.counts(busy, user, now=now), 50),
            baseline,
        )
        report("timeline: count and page 1", measure(lambda: page(1), 50), baseline)
        report("timeline: count and page 10", measure(lambda: page(10), 50), baseline)
        print(f"worst p95 of the due-soon and overdue lists: {worst:.2f} ms (target < 100 ms)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
