"""Para 29 under a race, on PostgreSQL: two pushes about one application at the same moment, each on its own
connection. The same change twice is stored once; two different changes leave one current row, the later."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.concurrency import twice_at_once
from workflows.stages.models import ApplicationStage
from workflows.stages.services import record_stages

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ALMATY = ZoneInfo("Asia/Almaty")


def stage(number, code, day):
    """A stage of application `number` changed on `day` March 2026 at 10:00 Almaty time."""
    return {
        "application_number": number,
        "iin": "850101300123",
        "stage_code": code,
        "stage_name": code,
        "changed_at": datetime(2026, 3, day, 10, 0, tzinfo=ALMATY),
    }


def test_the_same_change_pushed_twice_at_once_is_stored_once():
    for n in range(10):
        number = f"KZ-RACE-{n}"
        results = twice_at_once(lambda number=number: record_stages([stage(number, "accepted", 16)]).created)
        assert sorted(results) == [0, 1]
        assert ApplicationStage.objects.filter(application_number=number).count() == 1


def test_two_changes_at_once_leave_the_later_one_current():
    for n in range(10):
        number = f"KZ-RACE-{n}"
        pushes = iter([stage(number, "accepted", 16), stage(number, "ready", 18)])  # each thread takes one
        twice_at_once(lambda pushes=pushes: record_stages([next(pushes)]))
        rows = ApplicationStage.objects.filter(application_number=number)
        assert rows.count() == 2
        assert list(rows.filter(current=True).values_list("stage_code", flat=True)) == ["ready"]
