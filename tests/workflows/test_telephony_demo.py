"""The demo week of calls: the supervisor's first look at the dashboard has figures (paras 7, 13)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from workflows.telephony.demo import load_demo_calls
from workflows.telephony.models import Call, Rating

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def test_a_week_of_calls_on_both_lines_with_ratings_is_loaded_once(django_user_model):
    django_user_model.objects.create_user("operator")
    now = datetime(2026, 12, 7, 12, 0, tzinfo=ALMATY)

    assert load_demo_calls(now=now) == 42
    assert load_demo_calls(now=now) == 0

    assert Call.objects.count() == 42
    assert set(Call.objects.values_list("line", flat=True)) == set(Call.Line.values)
    assert Call.objects.filter(closed_at__isnull=True).count() == 0
    assert Call.objects.filter(wait_seconds__gt=30).exists() and Call.objects.filter(wait_seconds__lte=30).exists()
    assert Rating.objects.filter(call__isnull=False).count() == 28
    first = Call.objects.order_by("started_at").first().started_at.astimezone(ALMATY)
    assert first.date() == date(2026, 12, 1)  # seven days back from Monday 7 December, today included
