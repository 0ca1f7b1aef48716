"""The demo onboarding protocols a newcomer finds on the coordinator's board: one at each stage of paras 20-23,
dated in working days back from the day of the demo, created once (issue 14)."""

from datetime import date

import pytest

from tests.factories import OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.calendar.working_days import is_working_day
from workflows.onboarding.demo import load_demo_protocols
from workflows.onboarding.models import OnboardingProtocol

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_protocol_at_every_stage_once():
    UserFactory(username="coordinator", roles=["Onboarding coordinator"])
    StateBodyFactory()
    OnboardingServiceFactory.create_batch(7)
    today = date(2026, 12, 7)  # a Monday

    assert load_demo_protocols(today=today) == 6
    assert load_demo_protocols(today=today) == 0  # a second `make run` adds nothing

    states = set(OnboardingProtocol.objects.values_list("state", flat=True))
    assert states == {"bylaw_approved", "information_received", "training_scheduled", "training_held"} | {
        "consulting",
        "cancelled",
    }
    for protocol in OnboardingProtocol.objects.all():
        assert protocol.bylaw_approved_on < today and is_working_day(protocol.bylaw_approved_on)
    consulting = OnboardingProtocol.objects.get(state="consulting")
    assert consulting.service.ucc_status == "consulted"
