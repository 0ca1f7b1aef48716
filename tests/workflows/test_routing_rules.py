"""Issue 20, item 5: the routing rules. An administrator keeps an ordered list — by channel, line, topic,
service, language, region, complaint flag — of the queue (group) a new appeal joins; the first rule an
appeal meets decides, and the last rule, without conditions, is the default queue (seeded from
`UCC_APPEALS_DEFAULT_QUEUE`). Every registration path goes through them: the call form, the public form,
the e-mail intake. The "test this rule" box shows the queue a sample appeal would reach and the rule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import AppealFactory, RegionFactory, UserFactory
from workflows.appeals import routing
from workflows.appeals.models import Appeal, RoutingRule
from workflows.appeals.services import register_appeals, register_call_appeal
from workflows.registry.models import PublicService

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
TUESDAY_3_MARCH_2026 = datetime(2026, 3, 3, 11, 0, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def administrator():
    return UserFactory(username="admin-routing", is_superuser=True, is_staff=True)


@pytest.fixture
def senior():
    return Group.objects.get(name="Senior operator")


def rule(name, queue, order, **conditions):
    made = RoutingRule(name=name, queue=queue, sort_order=order, **conditions)
    made.full_clean()
    made.save()
    return made


def test_the_default_queue_is_the_last_rule_seeded_from_the_setting(settings):
    (seeded,) = RoutingRule.objects.all()
    assert seeded.is_catch_all and seeded.queue.name == settings.UCC_APPEALS_DEFAULT_QUEUE == "Operator"
    appeal = AppealFactory(received_at=TUESDAY_3_MARCH_2026)
    assert appeal.queue.name == "Operator"


def test_a_complaint_goes_to_the_supervisors_and_the_rest_to_the_default_queue(senior):
    rule("Complaints to the supervisors", senior, 10, is_complaint=True)
    complaint = AppealFactory(is_complaint=True, received_at=TUESDAY_3_MARCH_2026)
    question = AppealFactory(is_complaint=False, received_at=TUESDAY_3_MARCH_2026)
    assert complaint.queue == senior
    assert question.queue.name == "Operator"


def test_the_first_rule_met_decides_and_the_order_is_the_administrators(senior):
    kb = Group.objects.get(name="KB editor")
    almaty = RegionFactory(kato_code="750000000")
    by_region = rule("Almaty e-mail", kb, 10, channel=RoutingRule.Medium.EMAIL, region=almaty)
    rule("Russian-language e-mail", senior, 20, channel=RoutingRule.Medium.EMAIL, language="ru")
    appeal = AppealFactory(channel="email", region=almaty, language="ru", received_at=TUESDAY_3_MARCH_2026)
    assert appeal.queue == kb
    RoutingRule.objects.filter(pk=by_region.pk).update(sort_order=30)
    again = AppealFactory(channel="email", region=almaty, language="ru", received_at=TUESDAY_3_MARCH_2026)
    assert again.queue == senior


def test_a_rule_by_line_topic_and_service(senior):
    service = PublicService.objects.create(register_number="00101001", name_kk="Анықтама", name_ru="Справка")
    rule(
        "8 800 about a service",
        senior,
        10,
        channel=RoutingRule.Medium.PHONE,
        line=RoutingRule.Line.LINE_8800,
        topic="public_service",
        service=service,
    )
    facts = {"topic": "public_service", "service": service}
    assert routing.try_rules(channel=Appeal.Channel.PHONE_8800, **facts).queue == senior
    assert routing.try_rules(channel=Appeal.Channel.PHONE_1414, **facts).queue.name == "Operator"
    assert routing.try_rules(channel=Appeal.Channel.PHONE_8800, topic="e_government", service=service).is_catch_all


def test_a_deactivated_rule_routes_nothing(senior):
    complaints = rule("Complaints", senior, 10, is_complaint=True)
    complaints.is_active = False
    complaints.save()
    assert AppealFactory(is_complaint=True).queue.name == "Operator"


def test_a_line_is_a_condition_of_phone_appeals_only(senior):
    with pytest.raises(ValidationError) as refused:
        rule("Nonsense", senior, 10, channel=RoutingRule.Medium.EMAIL, line=RoutingRule.Line.LINE_1414)
    assert "line" in refused.value.message_dict


# --- every registration path goes through the rules ---------------------------------------------------


def test_a_call_registered_by_its_operator_keeps_the_queue_of_its_line(senior):
    rule("1414 complaints", senior, 10, line=RoutingRule.Line.LINE_1414, is_complaint=True)
    operator = UserFactory(username="op-routing", roles=["Operator"])
    appeal, _linked = register_call_appeal(
        user=operator, channel=Appeal.Channel.PHONE_1414, content="Жалоба на ЦОН", is_complaint=True
    )
    assert appeal.queue == senior and appeal.operator == operator


def test_the_public_form_is_routed(client, senior, settings):
    from tests.workflows.test_appeals_public import filled, url

    settings.UCC_APPEAL_MIN_FILL_SECONDS = 0
    rule("Web e-government", senior, 10, channel=RoutingRule.Medium.WEB, topic="e_government")
    response = client.post(url("ru"), filled(topic="e_government"))
    assert response.status_code == 302
    assert Appeal.objects.get().queue == senior


def test_the_mail_intake_batch_is_routed_appeal_by_appeal(senior):
    rule("Complaints by e-mail", senior, 10, channel=RoutingRule.Medium.EMAIL, is_complaint=True)
    batch = register_appeals(
        [
            {"channel": "email", "content": "Жалоба на отказ в услуге", "is_complaint": True},
            {"channel": "email", "content": "Как получить справку?"},
        ],
        notify_applicant=False,
    )
    assert [appeal.queue.name for appeal in batch] == ["Senior operator", "Operator"]


def test_a_named_queue_is_kept(senior):
    assert AppealFactory(queue=senior).queue == senior


# --- the admin screen: the test box, the catch-all kept, audited, administrators only ------------------


def test_the_test_box_shows_the_queue_and_the_rule_a_sample_appeal_would_reach(client, administrator, senior):
    rule("Complaints to the supervisors", senior, 10, is_complaint=True)
    client.force_login(administrator)
    index = client.get(reverse("routing_rules:index")).content.decode()
    assert "Test the rules" in index and reverse("appeals_routing_try") in index
    page = client.get(reverse("appeals_routing_try"), {"channel": "phone_1414", "is_complaint": "on"})
    text = page.content.decode()
    assert "Complaints to the supervisors" in text and "Senior operator" in text
    assert not Appeal.objects.exists()  # a test registers nothing
    page = client.get(reverse("appeals_routing_try"), {"channel": "email"}).content.decode()
    assert "Default queue" in page


def test_the_last_rule_without_conditions_is_neither_deleted_nor_narrowed(client, administrator, senior):
    (default,) = RoutingRule.objects.all()
    client.force_login(administrator)
    client.post(reverse("routing_rules:delete", args=[default.pk]))
    assert RoutingRule.objects.filter(pk=default.pk).exists()
    default.is_complaint = True
    with pytest.raises(ValidationError):
        default.full_clean()
    rule("A second catch-all", senior, 2000)
    default.refresh_from_db()
    default.is_active = False
    default.full_clean()  # now another rule catches every appeal


def test_an_administrator_adds_a_rule_through_the_admin_and_it_is_audited(client, administrator, senior):
    client.force_login(administrator)
    response = client.post(
        reverse("routing_rules:add"),
        {"name": "Kazakh-language calls", "is_active": "on", "language": "kk", "queue": senior.pk, "sort_order": 5},
    )
    assert response.status_code == 302
    added = RoutingRule.objects.get(name="Kazakh-language calls")
    assert AppealFactory(channel="phone_1414", language="kk").queue == senior
    assert LogEntry.objects.get_for_object(added).get().actor == administrator


@pytest.mark.parametrize("role", ["Operator", "Senior operator", "Onboarding coordinator", "Authority viewer"])
def test_a_non_administrator_cannot_change_the_rules(client, role, senior):
    client.force_login(UserFactory(username=f"routing-{role}", roles=[role]))
    client.post(reverse("routing_rules:add"), {"name": "Mine", "is_active": "on", "queue": senior.pk, "sort_order": 1})
    (default,) = RoutingRule.objects.all()
    client.post(reverse("routing_rules:delete", args=[default.pk]))
    assert list(RoutingRule.objects.all()) == [default]
