"""The supervisor dashboard in a real browser (Debian's chromium driven by Playwright): Chart.js, shipped
with the app, draws every chart."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def a_day_of_calls():
    from tests.factories import AppealFactory, UserFactory
    from workflows.telephony.models import Call, Rating

    operator = UserFactory(username="aigerim", roles=["Operator"])
    now = timezone.now()
    for n, wait in enumerate([12, 41, 25, 33]):
        call = Call.objects.create(
            call_id=f"c{n}",
            line="phone_1414" if n % 2 else "phone_8800",
            caller_number="+7 701 123 45 67",
            started_at=now - timedelta(hours=n),
            wait_seconds=wait,
            operator=operator,
        )
        Rating.objects.create(call=call, score=5 - n % 2, channel=call.line, operator=operator)
    AppealFactory(channel="email")


def test_the_supervisor_sees_the_charts_drawn(live_server, browser_page, a_day_of_calls, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("supervisor", password="a-long-pass-1414")
    user.groups.add(Group.objects.get(name="Senior operator"))
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", "a-long-pass-1414")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/telephony/dashboard/?grain=hour")
    page.wait_for_function("() => window.uccCharts && Object.keys(window.uccCharts).length >= 4")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas[data-config]')).map(canvas => ({
            id: canvas.id,
            chart: !!window.Chart.getChart(canvas),
            points: window.Chart.getChart(canvas).data.datasets.reduce((n, d) => n + d.data.length, 0),
            width: canvas.width,
        }))"""
    )
    by_id = {chart["id"]: chart for chart in drawn}
    assert {"chart-wait", "chart-channels", "chart-ratings", "chart-email"} <= set(by_id)
    assert all(chart["chart"] and chart["width"] > 0 for chart in drawn)
    assert by_id["chart-wait"]["points"] >= 8  # four hours of calls, and the 30-second line beside them
    assert page.locator("details table").count() == len(page.locator("section[data-chart-key]").all())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "telephony-dashboard.png"), full_page=True)
