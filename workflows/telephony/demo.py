"""A week of demo calls on both lines, with waits around the 30 s standard and IVR ratings, so the supervisor's
dashboard (para 7's wait, para 13's ratings) has figures the first time it is opened."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Call

DEMO_PREFIX = "demo-call-"
DAYS = 7
CALLS_PER_DAY = 6


@transaction.atomic
def load_demo_calls(now=None):
    """Create the demo calls once (recognised by their call ids); returns how many were created."""
    if Call.objects.filter(call_id__startswith=DEMO_PREFIX).exists():
        return 0
    operator = get_user_model().objects.filter(username="operator").first()
    now = now or timezone.now()
    created = 0
    for day in range(DAYS):
        for n in range(CALLS_PER_DAY):
            created += _demo_call(day * CALLS_PER_DAY + n, now - timedelta(days=day, hours=n + 1), operator)
    return created


def _demo_call(n, started_at, operator):
    call_id = f"{DEMO_PREFIX}{n:04d}"
    line = Call.Line.values[n % len(Call.Line.values)]
    wait = 5 + (n * 17) % 50  # 5 to 54 s: some days above para 7's 30 s, as a real week has
    services.open_call(
        call_id=call_id,
        line=line,
        # Every seventh call is the demo appeals' returning caller (the applicant's history beside his appeals).
        caller_number="+7 777 321 00 11" if n % 7 == 3 else f"+7 701 000 {n:04d}"[:17],
        wait_seconds=wait,
        operator=operator,
        started_at=started_at,
    )
    services.close_call(call_id=call_id, talk_seconds=60 + 15 * (n % 9), closed_at=started_at + timedelta(minutes=4))
    if operator is not None and n % 3:
        services.rate_call(call_id=call_id, score=(5, 4, 5, 3, 5, 2)[n % 6])
    return 1
