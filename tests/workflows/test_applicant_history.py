"""Issue 19, item 2: beside every appeal, the applicant's other appeals and calls, newest first, found by the
phone's last ten digits however it was written or by the e-mail in any case; shown only to the roles that see
personal data, the view audited as the applicant's fields are.

Dates: appeals received on Monday 2, Tuesday 3 and Wednesday 4 March 2026 (Almaty)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation

from tests.factories import AppealFactory, CallFactory, UserFactory
from workflows.appeals import selectors
from workflows.appeals.models import Appeal

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def march(day, hour=10):
    return datetime(2026, 3, day, hour, 0, tzinfo=ALMATY)


@pytest.fixture
def appeals():
    first = AppealFactory(applicant_phone="8 (701) 123-45-67", applicant_email="", received_at=march(2))
    second = AppealFactory(applicant_phone="", applicant_email="A.Seitkali@Mail.kz", received_at=march(3))
    stranger = AppealFactory(applicant_phone="+7 777 000 00 00", applicant_email="other@mail.kz", received_at=march(3))
    current = AppealFactory(
        applicant_phone="+7 701 123 45 67", applicant_email="a.seitkali@mail.kz", received_at=march(4)
    )
    return first, second, stranger, current


def test_the_same_phone_however_written_or_the_same_email_in_any_case_newest_first(appeals):
    first, second, stranger, current = appeals
    assert selectors.applicant_history(current) == [second, first]


def test_a_short_number_and_no_email_match_nobody(appeals):
    lonely = AppealFactory(applicant_phone="112", applicant_email="")
    assert selectors.applicant_history(lonely) == []
    assert selectors.applicant_calls(lonely) == []


def test_the_calls_from_the_phone_with_their_scores(appeals):
    from workflows.telephony.models import Rating

    *_, current = appeals
    call = CallFactory(caller_number="87011234567", appeal=appeals[0])
    Rating.objects.create(call=call, score=4, channel=Appeal.Channel.PHONE_1414)
    CallFactory(caller_number="+7 777 000 00 00")
    assert selectors.applicant_calls(current) == [call]
    assert selectors.applicant_history(current)[1].score == 4  # the first appeal's call was rated 4


def test_the_operator_reads_the_history_beside_the_appeal_and_the_view_is_audited(client, appeals):
    first, second, stranger, current = appeals
    operator = UserFactory(username="op-history", roles=["Operator"])
    client.force_login(operator)
    page = client.get(reverse("appeals_work", args=[current.pk])).content.decode()
    assert "The applicant's history" in page
    assert first.number in page and second.number in page and stranger.number not in page
    assert LogEntry.objects.filter(object_id=current.pk, action=LogEntry.Action.ACCESS, actor=operator).exists()


def test_the_authority_viewer_sees_no_history(client, appeals):
    first, second, _stranger, current = appeals
    client.force_login(UserFactory(username="viewer-history", roles=["Authority viewer"]))
    page = client.get(reverse("appeals_work", args=[current.pk])).content.decode()
    assert "The applicant's history" not in page
    assert first.number not in page and second.number not in page
