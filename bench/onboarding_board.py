"""The onboarding board and the reminder run on many protocols, against a baseline measured in the same run.

    python bench/onboarding_board.py [--protocols 5000]

The board: stage counts, late counts and the late protocols' ids through `selectors` (a few grouped SQL
queries), against the baseline of loading every protocol and asking each one `is_late` in Python. The
reminder run: `send_reminders` over protocols all overdue (one row and one e-mail each, Django's locmem
mail backend), then again (nothing left to send). Runs on a throw-away test database (SQLite in memory by
default; DATABASE_URL for PostgreSQL).
"""

import os
import sys

# bench/calendar.py is named like the standard library's `calendar`: keep this folder off the import path.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
sys.path.insert(0, os.path.dirname(HERE))

import argparse  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from datetime import date, datetime  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucc_site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(label, func, baseline=None):
    began = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - began
    ratio = f"  ×{baseline / elapsed:,.1f} faster than the baseline" if baseline else ""
    print(f"{label:<62} {elapsed * 1000:9.1f} ms{ratio}")
    return elapsed, result


def populate(n):
    """n protocols spread over the stages, with their deadlines from the calendar (as the services set them)."""
    from workflows.calendar.clocks import working_days_deadline
    from workflows.directory.models import StateBody
    from workflows.onboarding.models import OnboardingProtocol
    from workflows.registry.models import PublicService

    body = StateBody.objects.create(
        code="bench", kind="central_body", name_kk="М", name_ru="М", name_en="M", email="kense@example.kz"
    )
    services = PublicService.objects.bulk_create(
        PublicService(register_number=f"{90000000 + i}", name_kk=f"Қызмет {i}", name_ru=f"Услуга {i}") for i in range(n)
    )
    states = ["bylaw_approved", "information_received", "training_scheduled", "training_held", "signed"]
    protocols = []
    for i, service in enumerate(services):
        approved = date(2026, 1 + i % 10, 1 + i % 28)
        received = approved if i % 5 else None
        state = states[i % len(states)] if received else "bylaw_approved"
        protocols.append(
            OnboardingProtocol(
                service=service,
                body=body,
                bylaw_reference="Приказ",
                bylaw_approved_on=approved,
                information_due=working_days_deadline(approved, 3),
                information_received_on=received if state != "bylaw_approved" else None,
                training_due=working_days_deadline(received, 10) if state != "bylaw_approved" else None,
                state=state,
            )
        )
    OnboardingProtocol.objects.bulk_create(protocols, batch_size=1000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--protocols", type=int, default=5000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core import mail
        from django.utils import timezone

        from workflows.calendar.seed import refresh_calendar
        from workflows.onboarding import selectors
        from workflows.onboarding.models import OnboardingProtocol
        from workflows.onboarding.services import send_reminders

        refresh_calendar()
        populate(args.protocols)
        now = timezone.make_aware(datetime(2026, 11, 25, 9))
        print(f"database: {connection.vendor}; {args.protocols} protocols")

        def baseline():
            late = Counter(p.state for p in OnboardingProtocol.objects.all() if p.is_late)
            return Counter(OnboardingProtocol.objects.values_list("state", flat=True)), late

        def board():
            visible = OnboardingProtocol.objects.all()
            counts = selectors.stage_counts(visible, now)
            late_ids = set(selectors.late_protocols(now, visible).values_list("pk", flat=True))
            return counts, late_ids

        base, (totals, late) = timed("baseline: every protocol loaded, is_late in Python", baseline)
        _elapsed, (counts, late_ids) = timed("board: selectors.stage_counts + late ids (SQL)", board, base)
        assert {c.state: c.count for c in counts if c.count} == dict(totals)
        assert sum(c.late for c in counts) == sum(late.values()) == len(late_ids)

        mail.outbox = []
        elapsed, sent = timed("send_reminders: first run (one row + one e-mail each)", lambda: send_reminders(now=now))
        print(f"{'':<62} {sent} e-mails, {sent / elapsed:,.0f}/s")
        timed("send_reminders: second run (nothing left to send)", lambda: send_reminders(now=now))
        assert len(mail.outbox) == sent
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
