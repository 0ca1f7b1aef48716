"""The demo appeals a newcomer walks: every channel, the web form in kk/ru/en, every state (issue 14)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import RegionFactory, StateBodyFactory, UserFactory
from workflows.appeals.demo import load_demo_appeals
from workflows.appeals.models import Appeal
from workflows.directory.models import StateBody

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_channel_language_and_state_once():
    UserFactory(username="operator", roles=["Operator"])
    UserFactory(username="supervisor", roles=["Senior operator"])
    RegionFactory()
    StateBodyFactory()
    StateBodyFactory(kind=StateBody.Kind.ICI_OPERATOR)
    now = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))

    created = load_demo_appeals(now=now)
    assert load_demo_appeals(now=now) == 0  # a second `make run` adds nothing

    demo = Appeal.objects.filter(content__startswith="[demo]")
    assert demo.count() == created
    assert set(demo.values_list("channel", flat=True)) == set(Appeal.Channel.values)
    assert set(demo.filter(channel="web").values_list("language", flat=True)) == {"kk", "ru", "en"}
    assert set(demo.values_list("state", flat=True)) == set(Appeal.State.values)
