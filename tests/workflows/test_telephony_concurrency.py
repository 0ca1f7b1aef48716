"""The same call event posted twice at once, on PostgreSQL, from separate threads (each with its own
connection): the two meet at the unique call id (or the call's unique rating), one records the event and
the other answers it as a replay; nothing is written twice and neither fails."""

import pytest

from tests.concurrency import twice_at_once
from tests.factories import UserFactory
from workflows.telephony import services
from workflows.telephony.models import Call, Rating

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_event_posted_twice_at_once_is_recorded_once_and_replayed_once():
    operator = UserFactory(roles=["Operator"])
    for n in range(10):
        call_id = f"race-{n}"
        opened = twice_at_once(
            lambda call_id=call_id: services.open_call(
                call_id=call_id, line="phone_1414", caller_number="+7 701 123 45 67", wait_seconds=9, operator=operator
            )
        )
        assert sorted(created for _call, created in opened) == [False, True]
        closed = twice_at_once(lambda call_id=call_id: services.close_call(call_id=call_id, talk_seconds=60)[1])
        assert sorted(closed) == [False, True]
        rated = twice_at_once(lambda call_id=call_id: services.rate_call(call_id=call_id, score=4))
        assert sorted(created for _rating, created in rated) == [False, True]
        assert {rating.pk for rating, _created in rated} == {Rating.objects.get(call__call_id=call_id).pk}
    assert Call.objects.filter(closed_at__isnull=False, talk_seconds=60).count() == 10
    assert Rating.objects.filter(score=4, operator=operator).count() == 10
