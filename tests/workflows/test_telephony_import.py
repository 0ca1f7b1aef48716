"""The phone system's call log (para 7: the waiting time on the line), imported with a preview: every
problem by its row number, nothing written when any row is bad, the same file twice changes nothing."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.factories import UserFactory
from workflows.telephony.models import Call, CallLogImport
from workflows.telephony.resources import import_call_log

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages below are read in English, whatever language an earlier test left active (kk is the default)."""
    with translation.override("en"):
        yield


ALMATY = ZoneInfo("Asia/Almaty")
CALL_LOG = (Path(__file__).parent.parent / "data" / "telephony" / "call_log.csv").read_bytes()
HEADER = "call_id,started_at,line,caller_number,wait_seconds,talk_seconds,operator,recording_reference,appeal\n"


@pytest.fixture
def operator():
    return UserFactory(username="aigerim", roles=["Operator"])


def test_the_call_log_is_imported_with_waits_talk_times_and_operators(operator):
    report = import_call_log(CALL_LOG)
    assert report.written and report.totals["new"] == 3
    first = Call.objects.get(call_id="pbx-20260316-0001")
    assert (first.line, first.wait_seconds, first.talk_seconds, first.operator) == ("phone_1414", 12, 185, operator)
    assert first.started_at == datetime(2026, 3, 16, 9, 0, 4, tzinfo=ALMATY)
    second = Call.objects.get(call_id="pbx-20260316-0002")
    assert (second.line, second.caller_number) == ("phone_8800", "8 777 555 44 33")
    assert Call.objects.get(call_id="pbx-20260316-0003").started_at == datetime(2026, 3, 16, 9, 2, 10, tzinfo=ALMATY)


def test_importing_the_same_file_again_changes_nothing(operator):
    import_call_log(CALL_LOG)
    again = import_call_log(CALL_LOG)
    assert again.written and again.totals["new"] == 0 and again.totals["update"] == 0 and again.totals["skip"] == 3
    assert Call.objects.count() == 3


def test_a_call_reported_by_the_api_is_completed_by_the_log_not_duplicated(operator):
    Call.objects.create(
        call_id="pbx-20260316-0001",
        line="phone_1414",
        caller_number="+7 701 123 45 67",
        started_at=datetime(2026, 3, 16, 9, 0, 4, tzinfo=ALMATY),
        wait_seconds=12,
    )
    report = import_call_log(CALL_LOG)
    assert (report.totals["new"], report.totals["update"]) == (2, 1)
    assert Call.objects.get(call_id="pbx-20260316-0001").talk_seconds == 185


def test_every_bad_row_is_reported_by_its_row_number_and_nothing_is_written(operator):
    content = (
        HEADER
        + "ok-1,2026-03-16T09:00:00+05:00,1414,+77011234567,10,60,aigerim,,\n"
        + "bad-line,2026-03-16T09:00:00+05:00,112,+77011234567,10,60,,,\n"
        + "ok-2,2026-03-16T09:05:00+05:00,1414,+77011234567,10,60,,,\n"
        + "bad-wait,2026-03-16T09:00:00+05:00,1414,,minus five,60,,,\n"
        + "bad-operator,2026-03-16T09:00:00+05:00,1414,,10,60,nobody,,\n"
        + "bad-time,16.03.2026 9 am,1414,,10,60,,,\n"
        + ",2026-03-16T09:00:00+05:00,1414,,10,60,,,\n"
    ).encode()
    report = import_call_log(content)
    rows = sorted({number for number, _message in report.errors})
    assert rows == [3, 5, 6, 7, 8]
    messages = dict(report.errors)
    assert "1414 or 8 800 080 7777" in messages[3] and "nobody" in messages[6] and "call_id" in messages[8]
    assert not report.written
    assert not Call.objects.exists()


def test_a_call_id_twice_with_different_data_is_refused_and_the_same_row_twice_is_not(operator):
    row = "dup-1,2026-03-16T09:00:00+05:00,1414,+77011234567,10,60,aigerim,,\n"
    assert import_call_log((HEADER + row + row).encode()).written
    report = import_call_log((HEADER + row + row.replace(",10,60,", ",11,60,")).encode())
    assert [number for number, _message in report.errors] == [3] and "row 2" in report.errors[0][1]
    assert Call.objects.get(call_id="dup-1").wait_seconds == 10


def test_a_file_without_the_required_columns_is_refused():
    report = import_call_log(b"call_id,when\nx,2026-03-16\n")
    assert not report.ok and report.errors[0][0] == 1
    assert "started_at" in report.errors[0][1] and "when" in report.errors[1][1]


def test_the_supervisor_previews_then_confirms(client, operator):
    supervisor = UserFactory(username="supervisor", roles=["Senior operator"])
    client.force_login(supervisor)
    upload = SimpleUploadedFile("calls-2026-03-16.csv", CALL_LOG, content_type="text/csv")
    response = client.post("/admin/telephony/import/", {"file": upload})
    batch = CallLogImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/telephony/import/{batch.pk}/"
    preview = client.get(response["Location"]).content.decode()
    assert "pbx-20260316-0002" in preview and not Call.objects.exists()
    confirmed = client.post(f"/admin/telephony/import/{batch.pk}/confirm/")
    assert confirmed.status_code == 302
    assert Call.objects.count() == 3
    batch.refresh_from_db()
    assert batch.status == "imported" and batch.totals["new"] == 3
    client.post(f"/admin/telephony/import/{batch.pk}/confirm/")  # confirmed twice: imported once
    assert Call.objects.count() == 3 and CallLogImport.objects.get().imported_at == batch.imported_at


def test_the_preview_shows_row_errors_and_confirming_writes_nothing(client, operator):
    client.force_login(UserFactory(username="supervisor", roles=["Senior operator"]))
    bad = HEADER + "ok-1,2026-03-16T09:00:00+05:00,1414,,10,60,,,\nbad,2026-03-16T09:00:00+05:00,112,,10,,,,\n"
    client.post("/admin/telephony/import/", {"file": SimpleUploadedFile("bad.csv", bad.encode())})
    batch = CallLogImport.objects.get()
    preview = client.get(f"/admin/telephony/import/{batch.pk}/").content.decode()
    assert "call-log-errors" in preview and '<th scope="row">3</th>' in preview
    client.post(f"/admin/telephony/import/{batch.pk}/confirm/")
    assert not Call.objects.exists()


def test_an_operator_may_not_import(client, operator):
    client.force_login(operator)
    response = client.get("/admin/telephony/import/")  # Wagtail's answer to PermissionDenied: back home
    assert response.status_code == 302 and response["Location"] == "/admin/"
