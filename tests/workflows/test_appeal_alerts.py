"""Para 8's clock watched (issue 19, item 5). The operator holding a written appeal is told on the morning of
its due day. The supervisors are told of appeals past their deadline, and of those nobody has taken for an hour.
Each alert goes once, a second run sends nothing, and a mail server's refusal loses nothing.

Dates: an e-mail appeal received on Monday 2 March 2026 at 10:00 (Almaty) is due two working days later, on
Wednesday 4 March at the end of the day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import translation

from tests.factories import AppealFactory, UserFactory
from workflows.appeals import alerts, services
from workflows.appeals.models import AppealAlert

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.UCC_APPEAL_UNASSIGNED_MINUTES = 60
    with translation.override("en"):
        yield


@pytest.fixture
def operator():
    return UserFactory(username="op-alerts", email="op@1414.kz", roles=["Operator"])


@pytest.fixture
def supervisor():
    return UserFactory(username="sup-alerts", email="sup@1414.kz", roles=["Senior operator"])


@pytest.fixture
def taken(operator):
    appeal = AppealFactory(channel="email", received_at=at(2, 10))
    return services.take(appeal=appeal, user=operator)


def test_the_due_date_is_wednesday(taken):
    assert taken.due_at.astimezone(ALMATY).date() == at(4, 0).date()


def test_the_operator_is_told_on_the_morning_of_the_due_day_once(taken, operator, supervisor):
    assert alerts.send_alerts(now=at(4, 8, 30))["due_today"] == 0  # before 09:00
    assert alerts.send_alerts(now=at(4, 9, 5))["due_today"] == 1
    assert alerts.send_alerts(now=at(4, 9, 20))["due_today"] == 0  # a second run
    (sent,) = [message for message in mail.outbox if message.to == ["op@1414.kz"]]
    assert taken.number in sent.subject and "/admin/appeals/work/" in sent.body


def test_an_answered_appeal_tells_nobody(taken, operator, supervisor):
    services.give_answer(appeal=taken, user=operator, answer="Справка выдаётся на eGov.")
    assert alerts.send_alerts(now=at(4, 9, 5)) == {"due_today": 0, "overdue": 0, "unassigned": 0}


def test_the_supervisors_are_told_of_an_overdue_appeal_once(taken, supervisor):
    assert alerts.send_alerts(now=at(5, 9, 0))["overdue"] == 1  # Thursday: past Wednesday's deadline
    assert alerts.send_alerts(now=at(5, 9, 15))["overdue"] == 0
    (sent,) = [message for message in mail.outbox if message.to == ["sup@1414.kz"]]
    assert taken.number in sent.body
    assert AppealAlert.objects.get(kind="overdue").due == taken.due_at


def test_an_appeal_nobody_took_for_an_hour_is_reported_once(supervisor):
    waiting = AppealFactory(channel="web", received_at=at(2, 10))
    assert alerts.send_alerts(now=at(2, 10, 50))["unassigned"] == 0
    assert alerts.send_alerts(now=at(2, 11, 5))["unassigned"] == 1
    assert alerts.send_alerts(now=at(2, 11, 20))["unassigned"] == 0
    assert waiting.number in mail.outbox[-1].body


def test_a_refused_mail_keeps_nothing_and_the_next_run_sends_it(settings, taken, supervisor):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nobody listens
    with pytest.raises(OSError):
        alerts.send_alerts(now=at(5, 9, 0))
    assert not AppealAlert.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert alerts.send_alerts(now=at(5, 9, 15))["overdue"] == 1


def test_the_supervisors_home_counts_the_appeals_without_an_operator(client, supervisor):
    from django.urls import reverse

    AppealFactory(channel="web")
    client.force_login(supervisor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "?view=unassigned" in page


def test_the_alerts_are_scheduled():
    from workflows.schedules import declared_names

    assert "appeals: deadline alerts" in declared_names()
