"""Two django-q clusters running the same onboarding schedule at the same moment, on PostgreSQL (each
thread its own connection): every reminder still goes out once, every service starts consultations once."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.concurrency import twice_at_once
from tests.factories import OnboardingServiceFactory, StateBodyFactory
from workflows.onboarding import services
from workflows.onboarding.models import OnboardingProtocol, OnboardingReminder
from workflows.onboarding.services import send_reminders

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def start_protocols(n, approved_on):
    body = StateBodyFactory(email="kense@enbek.gov.kz")
    return [
        services.start_onboarding(
            service=OnboardingServiceFactory(), body=body, bylaw_reference="Приказ", bylaw_approved_on=approved_on
        )
        for _n in range(n)
    ]


def test_two_clusters_send_each_reminder_once():
    start_protocols(10, date(2026, 3, 20))
    outcomes = twice_at_once(lambda: send_reminders(now=timezone.make_aware(datetime(2026, 3, 31, 9))))
    assert sum(outcomes) == 10
    assert len(mail.outbox) == 10
    assert OnboardingReminder.objects.count() == 10


def test_two_clusters_start_each_services_consultations_once():
    protocols = start_protocols(5, date(2026, 1, 5))
    for protocol in protocols:
        services.receive_information(protocol=protocol, received_on=date(2026, 1, 6))
        services.hold_training(protocol=protocol, held_on=date(2026, 1, 9))
        services.sign_protocol(protocol=protocol, signed_on=date(2026, 5, 6), ucc_signatory="A", body_signatory="B")
    outcomes = twice_at_once(lambda: len(services.start_due_consultations(today=date(2026, 5, 16))))
    assert sum(outcomes) == 5
    assert set(OnboardingProtocol.objects.values_list("state", flat=True)) == {"consulting"}
    assert set(OnboardingProtocol.objects.values_list("consultations_started_on", flat=True)) == {date(2026, 5, 16)}
