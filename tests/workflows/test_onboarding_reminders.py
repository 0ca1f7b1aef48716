"""Reminders of the deadlines of paras 20 and 21, and the overdue and due-soon lists.

By-law approved Friday 20 March 2026: the information is due by the close of Monday 30 March (Nauryz days
off 23-25 March).
"""

from datetime import date, datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django_q.models import Schedule
from django_q.tasks import async_task, result

from tests.factories import BodyMembershipFactory, OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.onboarding import selectors, services
from workflows.onboarding.models import OnboardingReminder
from workflows.onboarding.services import send_reminders
from workflows.registry.services import appoint_responsible_person, replace_responsible_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the platform's default language (kk) is translated by the lead."""
    with translation.override("en"):
        yield


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def ministry():
    return StateBodyFactory(email="kense@enbek.gov.kz")


@pytest.fixture
def coordinator():
    return UserFactory(username="coordinator1", email="coordinator@1414.kz", roles=["Onboarding coordinator"])


@pytest.fixture
def protocol(ministry, coordinator):
    service = OnboardingServiceFactory(name_ru="Назначение социальной помощи")
    return services.start_onboarding(
        service=service,
        body=ministry,
        bylaw_reference="Приказ № 158",
        bylaw_approved_on=date(2026, 3, 20),
        coordinator=coordinator,
    )


def test_due_soon_the_working_day_before_the_deadline(protocol):
    """Friday 27 March: due by the close of the next working day, Monday 30 March."""
    assert list(selectors.due_soon_protocols(at(2026, 3, 27))) == [protocol]
    assert list(selectors.due_soon_protocols(at(2026, 3, 26))) == []
    assert list(selectors.overdue_protocols(at(2026, 3, 30, 23))) == []


def test_overdue_from_the_day_after_the_deadline(protocol):
    assert list(selectors.overdue_protocols(at(2026, 3, 31, 0))) == [protocol]
    assert list(selectors.due_soon_protocols(at(2026, 3, 31))) == []
    assert list(selectors.late_protocols(at(2026, 3, 31))) == [protocol]


def test_a_step_done_is_no_longer_pending(protocol):
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 27))
    assert list(selectors.overdue_protocols(at(2026, 3, 31))) == []
    # para 21: the training is now what is pending, due by the close of 10 April
    assert list(selectors.due_soon_protocols(at(2026, 4, 9))) == [protocol]
    assert list(selectors.overdue_protocols(at(2026, 4, 13))) == [protocol]


def test_the_due_soon_reminder_is_sent_once_to_the_body_and_the_coordinator(protocol, ministry):
    body_user = UserFactory(email="aigerim@enbek.gov.kz", roles=["Body responsible person"])
    BodyMembershipFactory(user=body_user, body=ministry)

    assert send_reminders(now=at(2026, 3, 27)) == 1
    assert send_reminders(now=at(2026, 3, 27, 15)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert set(message.to) == {"aigerim@enbek.gov.kz", "coordinator@1414.kz"}
    assert "30.03.2026" in message.subject
    assert f"/admin/onboarding/protocol/{protocol.pk}/" in message.body


def test_the_overdue_reminder_is_sent_once_too(protocol):
    send_reminders(now=at(2026, 3, 27))
    assert send_reminders(now=at(2026, 3, 31)) == 1
    assert send_reminders(now=at(2026, 4, 1)) == 0
    assert [m.subject.split(" — ")[0] for m in mail.outbox] == [
        "UCC 1414: due by 30.03.2026",
        "UCC 1414: overdue since 30.03.2026",
    ]
    assert list(OnboardingReminder.objects.values_list("kind", flat=True).order_by("sent_at")) == [
        "due_soon",
        "overdue",
    ]


def test_the_named_responsible_person_gets_the_reminder(protocol, ministry):
    person = appoint_responsible_person(
        body=ministry, full_name="Сейткали Айгерим", appointed_on=date(2026, 3, 26), email="seitkali@enbek.gov.kz"
    )
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 27), responsible_person=person)
    send_reminders(now=at(2026, 4, 9))
    assert set(mail.outbox[0].to) == {"seitkali@enbek.gov.kz", "coordinator@1414.kz"}


def test_without_a_named_person_the_bodys_own_address_is_used(protocol):
    send_reminders(now=at(2026, 3, 31))
    assert set(mail.outbox[0].to) == {"kense@enbek.gov.kz", "coordinator@1414.kz"}


def test_a_failed_mail_is_not_recorded_and_is_tried_again(protocol, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send_reminders(now=at(2026, 3, 31))
    assert not OnboardingReminder.objects.exists()
    monkeypatch.undo()
    assert send_reminders(now=at(2026, 3, 31)) == 1


def test_the_reminder_task_runs_through_django_q(protocol):
    """Today's date is past 2026: the step is overdue, so the task sends one reminder, then none."""
    assert result(async_task("workflows.onboarding.tasks.send_reminders_task")) == "1 reminders sent"
    assert result(async_task("workflows.onboarding.tasks.send_reminders_task")) == "0 reminders sent"


def test_both_schedules_are_declared():
    names = set(Schedule.objects.values_list("name", flat=True))
    assert {"onboarding: start consultations", "onboarding: deadline reminders"} <= names


def test_para_27_a_replaced_responsible_persons_successor_gets_the_reminder(protocol, ministry):
    person = appoint_responsible_person(
        body=ministry, full_name="Сейткали Айгерим", appointed_on=date(2026, 3, 26), email="seitkali@enbek.gov.kz"
    )
    successor = appoint_responsible_person(
        body=ministry, full_name="Ахметова Дана", appointed_on=date(2026, 4, 1), email="akhmetova@enbek.gov.kz"
    )
    services.receive_information(protocol=protocol, received_on=date(2026, 3, 27), responsible_person=person)
    replace_responsible_person(person=person, successor=successor, replaced_on=date(2026, 4, 1))
    send_reminders(now=at(2026, 4, 9))
    assert set(mail.outbox[0].to) == {"akhmetova@enbek.gov.kz", "coordinator@1414.kz"}
