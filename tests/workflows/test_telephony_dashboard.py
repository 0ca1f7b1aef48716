"""The supervisor dashboard: the 30-second standard (para 7), channels, ratings (para 13), the two working
days of e-mail appeals (para 8) and the mail quarantine — each chart with its table and its CSV."""

import csv
import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps

from tests.factories import AppealFactory, CallFactory, UserFactory
from workflows.appeals.models import Appeal
from workflows.telephony import selectors
from workflows.telephony.models import Rating

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
MARCH_16 = selectors.Period(date(2026, 3, 16), date(2026, 3, 17))
URL = "/admin/telephony/dashboard/?date_from=2026-03-16&date_to=2026-03-17&grain=hour"


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=ALMATY)


@pytest.fixture
def operator():
    return UserFactory(username="aigerim", roles=["Operator"])


@pytest.fixture
def calls(operator):
    waits = [(at(16, 9, 5), 12, "phone_1414"), (at(16, 9, 40), 41, "phone_8800"), (at(16, 10, 15), 45, "phone_1414")]
    made = [
        CallFactory(call_id=f"c{n}", line=line, started_at=started, wait_seconds=wait, operator=operator)
        for n, (started, wait, line) in enumerate(waits)
    ]
    Rating.objects.create(call=made[0], score=5, channel="phone_1414", operator=operator)
    Rating.objects.create(call=made[1], score=4, channel="phone_8800", operator=operator)
    Rating.objects.filter().update(created_at=at(16, 11))
    return made


@pytest.fixture
def email_appeals():
    """Three e-mails of Monday 16 March 2026, due by the end of Wednesday 18 March (two working days)."""
    made = [AppealFactory(channel="email", received_at=at(16, 10)) for _ in range(3)]
    assert made[0].due_at == datetime(2026, 3, 18, 23, 59, 59, 999999, tzinfo=ALMATY)
    Appeal.objects.filter(pk=made[0].pk).update(answered_at=at(17, 15))  # in time
    Appeal.objects.filter(pk=made[1].pk).update(answered_at=at(19, 9))  # late
    return made  # the third is still open, past its deadline


def test_the_average_wait_is_measured_against_thirty_seconds(calls):
    assert selectors.average_wait(MARCH_16, "hour") == [
        {"bucket": "2026-03-16 09:00", "calls": 2, "average_wait": 26.5, "standard": 30, "kept": True},
        {"bucket": "2026-03-16 10:00", "calls": 1, "average_wait": 45.0, "standard": 30, "kept": False},
    ]
    assert selectors.average_wait(MARCH_16, "month")[0]["average_wait"] == 32.7


def test_calls_and_appeals_are_counted_by_channel(calls, email_appeals):
    counts = {row["code"]: (row["calls"], row["appeals"]) for row in selectors.by_channel(MARCH_16)}
    assert counts["phone_1414"] == (2, 0) and counts["phone_8800"] == (1, 0) and counts["email"] == (0, 3)


def test_email_appeals_are_checked_against_their_two_working_days(email_appeals):
    assert selectors.email_compliance(MARCH_16, now=at(20, 12)) == [
        {
            "day": "2026-03-16",
            "received": 3,
            "answered_in_time": 1,
            "answered_late": 1,
            "open_overdue": 1,
            "open_within_term": 0,
            "compliance_percent": 33.3,
        }
    ]


def test_the_dashboard_shows_every_chart_with_its_data_table(client, calls, email_appeals):
    client.force_login(UserFactory(username="supervisor", roles=["Senior operator"]))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    expected = ["wait", "channels", "ratings", "email"] + (
        ["quarantine"] if apps.is_installed("workflows.mailintake") else []
    )
    assert [chart.key for chart in response.context["charts"]] == expected
    for key in ["wait", "channels", "ratings", "email"]:
        assert f'<canvas id="chart-{key}"' in html and f'id="chart-{key}-config"' in html
    config = json.loads(html.split('id="chart-wait-config" type="application/json">')[1].split("</script>")[0])
    assert config["data"]["labels"] == ["2026-03-16 09:00", "2026-03-16 10:00"]
    assert [dataset["data"] for dataset in config["data"]["datasets"]] == [[26.5, 45.0], [30, 30]]
    assert "telephony/chart.umd.min.js" in html and "cdn" not in html.lower()
    assert html.count("<caption") >= 4  # a data table for each chart


def test_each_charts_data_downloads_as_csv(client, calls):
    client.force_login(UserFactory(username="supervisor", roles=["Senior operator"]))
    response = client.get(URL + "&csv=wait")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="wait-20260316-20260317.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [
        ["2026-03-16 09:00", "2", "26.5", "30", rows[1][4]],
        ["2026-03-16 10:00", "1", "45.0", "30", rows[2][4]],
    ]
    ratings = list(csv.reader(io.StringIO(client.get(URL + "&csv=ratings").content.decode("utf-8-sig"))))
    assert ratings[1] == ["aigerim", "2", "4.5"]
    assert client.get(URL + "&csv=nothing").status_code == 400


def test_a_period_that_ends_before_it_starts_is_refused(client):
    client.force_login(UserFactory(username="supervisor", roles=["Senior operator"]))
    assert client.get("/admin/telephony/dashboard/?date_from=2026-03-17&date_to=2026-03-16").status_code == 400


def test_the_authority_viewer_sees_the_dashboard_and_masked_callers(client, calls):
    client.force_login(UserFactory(username="authority", roles=["Authority viewer"]))
    assert client.get(URL).status_code == 200
    listing = client.get("/admin/telephony_calls/").content.decode()
    assert "*********67" in listing and "701 123 45 67" not in listing and "new-from-call" not in listing


def test_the_senior_operator_sees_callers_in_full(client, calls):
    client.force_login(UserFactory(username="supervisor", roles=["Senior operator"]))
    listing = client.get("/admin/telephony_calls/").content.decode()
    assert "+7 701 123 45 67" in listing
    assert 'href="/admin/appeals/new-from-call/?phone=%2B7+701+123+45+67&amp;line=1414&amp;call=c0"' in listing


def test_an_operator_does_not_see_the_dashboard(client, operator):
    client.force_login(operator)
    assert client.get(URL).status_code == 302


@pytest.mark.skipif(not apps.is_installed("workflows.mailintake"), reason="the mail intake is not installed")
def test_the_quarantine_chart_counts_the_quarantined_mail():
    inbound = apps.get_model("mailintake", "InboundMessage")
    for n in range(2):
        inbound.objects.create(raw_sha256=f"{n:064d}", raw=b"broken", received_at=at(16, 8), status="quarantined")
    inbound.objects.create(raw_sha256="f" * 64, raw=b"fine", received_at=at(16, 8), status="registered")
    assert selectors.quarantine_size(MARCH_16) == [{"day": "2026-03-16", "quarantined": 2}]


def test_the_period_is_typed_dd_mm_yyyy_whatever_the_browsers_locale(client, calls):
    """Issue 14, defect 14: `type=date` inputs showed MM/DD/YYYY in an English browser."""
    client.force_login(UserFactory(username="supervisor", roles=["Senior operator"]))
    response = client.get("/admin/telephony/dashboard/?date_from=16.03.2026&date_to=17.03.2026&grain=hour")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="date"' not in page
    assert 'value="16.03.2026"' in page and 'value="17.03.2026"' in page
    assert response.context["charts"][0].rows  # the three calls of 16 March are counted
