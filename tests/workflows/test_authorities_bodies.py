"""A body's page (issue 16, item 7): every request, refusal, escalation, discrepancy, training, visit, onboarding
protocol and by-law change with one body on one timeline, newest first, with counts (open, late) — the
coordinator's view of the relationship; and the home panel of those who handle the bodies' requests.

The records are made directly with the ORM, each with the events its services would write.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    BodyMembershipFactory,
    OnboardingProtocolFactory,
    OnboardingServiceFactory,
    StateBodyFactory,
    UserFactory,
)
from workflows.authorities.models import (
    AuthorityEvent,
    CallRecordRequest,
    DiscrepancyRequest,
    Escalation,
    InformationRequest,
    Training,
    Visit,
)
from workflows.authorities.selectors import bodies as selectors
from workflows.directory.models import StateBody
from workflows.onboarding.models import OnboardingProtocol
from workflows.registry.models import ServiceChange

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
NOW = datetime(2026, 12, 7, 12, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def at(day, hour=10, minute=0):
    return datetime(2026, *day, hour, minute, tzinfo=ALMATY)


def event(record, verb, when, body=None):
    return AuthorityEvent.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        body=body or record_body(record),
        verb=verb,
        at=when,
    )


def record_body(record):
    for name in ("body", "provider", "requester", "authority"):
        if getattr(record, f"{name}_id", None):
            return getattr(record, name)
    return None


def call_record(requester, received, **values):
    return CallRecordRequest.objects.create(
        requester=requester,
        letter_reference="№ 14-1",
        phone="+7 701 123 45 67",
        period_start=received.date(),
        period_end=received.date(),
        received_at=received,
        **values,
    )


def information_request(body, sent, **values):
    return InformationRequest.objects.create(
        body=body, subject="Сроки оказания услуги", question="?", sent_at=sent, **values
    )


@pytest.fixture
def ministry():
    return StateBodyFactory(name_ru="Министерство труда", name_en="Ministry of Labour", code="mtszn")


@pytest.fixture
def authority():
    return StateBodyFactory(
        name_ru="Агентство по делам госслужбы",
        name_en="Civil Service Agency",
        code="quality",
        kind=StateBody.Kind.QUALITY_AUTHORITY,
    )


@pytest.fixture
def other_body():
    return StateBodyFactory(name_ru="Министерство юстиции", name_en="Ministry of Justice", code="minjust")


@pytest.fixture
def relationship(ministry, authority):
    """One record of every kind with the ministry, each with its events, on stated dates in 2026."""
    records = {}
    records["call"] = call_record(ministry, at((11, 2), 9))  # due 13:00 on 2 November, provided at 15:00: late
    CallRecordRequest.objects.filter(pk=records["call"].pk).update(
        state="provided", handled_at=at((11, 2), 15), late=True
    )
    event(records["call"], "registered", at((11, 2), 9))
    event(records["call"], "provide", at((11, 2), 15))

    records["asked"] = information_request(
        ministry, at((11, 9)), state="sent", due_at=at((11, 16), 18)
    )  # due 16 November, still open on 7 December: overdue
    event(records["asked"], "send", at((11, 9)))

    records["refused"] = information_request(
        ministry,
        at((11, 10)),
        state="refused",
        due_at=at((11, 17), 18),
        refusal_ground=InformationRequest.Ground.UNLAWFUL,
        refused_on=date(2026, 11, 12),
        handled_at=at((11, 12)),
    )
    event(records["refused"], "send", at((11, 10)))
    event(records["refused"], "record_refusal", at((11, 12)))

    records["escalation"] = Escalation.objects.create(
        provider=ministry, authority=authority, repeated_on=date(2026, 11, 12), window_start=date(2026, 11, 3)
    )  # due three working days after 12 November: 17 November; still a draft on 7 December
    event(records["escalation"], "registered", at((11, 12), 11))

    records["discrepancy"] = DiscrepancyRequest.objects.create(
        authority=authority, provider=ministry, period=date(2026, 10, 1), description="…", received_at=NOW
    )  # due by the end of 8 December: open, not late
    event(records["discrepancy"], "registered", at((12, 7), 11))

    records["training"] = Training.objects.create(
        kind=Training.Kind.BY_BODY, topic="Пособия", held_on=date(2026, 11, 20), body=ministry
    )
    event(records["training"], "registered", at((11, 20), 16))

    records["visit"] = Visit.objects.create(body=ministry, agreed_with="Департамент", visit_on=date(2026, 12, 10))
    event(records["visit"], "registered", at((11, 25)))

    service = OnboardingServiceFactory(register_number="00202002", name_ru="Назначение пособия")
    service.providers.add(ministry)
    records["protocol"] = OnboardingProtocolFactory(
        service=service, body=ministry, bylaw_approved_on=date(2026, 10, 5), information_received_on=date(2026, 10, 7)
    )
    OnboardingProtocol.objects.filter(pk=records["protocol"].pk).update(
        state="information_received", training_due=at((10, 21), 18)
    )
    records["change"] = ServiceChange.objects.create(
        service=service, what_changed="Срок сокращён", changed_on=date(2026, 10, 20)
    )
    return records


def coordinator(client):
    user = UserFactory(roles=["Onboarding coordinator"])
    client.force_login(user)
    return user


def responsible_of(client, body):
    user = UserFactory(roles=["Body responsible person"])
    BodyMembershipFactory(user=user, body=body)
    client.force_login(user)
    return user


def body_page(client, body):
    return client.get(reverse("authorities_body", args=[body.pk]))


def timeline_rows(content):
    table = re.search(r'<table class="listing body-timeline".*?</table>', content, re.S).group(0)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ][1:]


def count_row(content, kind):
    row = re.search(rf'<tr data-kind="{kind}">(.*?)</tr>', content, re.S).group(1)
    return tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))


# The timeline


def test_the_body_page_shows_every_kind_newest_first(client, ministry, relationship):
    coordinator(client)
    response = body_page(client, ministry)
    assert response.status_code == 200
    rows = timeline_rows(response.content.decode())
    assert [row.split(" ")[0] for row in rows] == [
        "07.12.2026",  # the discrepancy received
        "25.11.2026",  # the visit agreed
        "20.11.2026",  # the training held
        "12.11.2026",  # the escalation
        "12.11.2026",  # the refusal
        "10.11.2026",
        "09.11.2026",
        "02.11.2026",  # the call record provided, then received
        "02.11.2026",
        "20.10.2026",  # the by-law change
        "07.10.2026",  # the protocol's information received, then its by-law approved
        "05.10.2026",
    ]
    text = " | ".join(rows)
    for kind in (
        "Call-record requests",
        "Information requests",
        "Refusals",
        "Escalations",
        "Discrepancy requests",
        "Trainings",
        "Visits",
        "Onboarding protocol",
        "By-law change",
    ):
        assert kind in text
    assert "07.12.2026 11:00 Discrepancy requests" in rows[0]
    assert rows[4].startswith("12.11.2026 10:00 Refusals") and "refused" in rows[4]
    assert "Назначение пособия" in rows[-1] and "by-law approved" in rows[-1]


def test_each_row_links_to_its_records_screen_when_there_is_one(client, ministry, relationship):
    coordinator(client)
    content = body_page(client, ministry).content.decode()
    assert reverse("onboarding_protocol", args=[relationship["protocol"].pk]) in content
    assert reverse("wagtailsnippets_registry_servicechange:edit", args=[relationship["change"].pk]) in content
    # Every process's record opens its own screen (the walk found information requests left without a link).
    screens = {
        "call": "authorities_call_record",
        "asked": "authorities_information",
        "refused": "authorities_information",
        "escalation": "authorities_escalation",
        "discrepancy": "authorities_discrepancy",
        "training": "authorities_training",
        "visit": "authorities_visit",
    }
    for key, name in screens.items():
        assert f'href="{reverse(name, args=[relationship[key].pk])}"' in content, key


def test_the_timeline_is_paged_fifty_at_a_time(client, ministry):
    visit = Visit.objects.create(body=ministry, agreed_with="Департамент", visit_on=date(2026, 12, 10))
    for minute in range(55):
        event(visit, "registered", at((12, 1), 9, minute))
    coordinator(client)
    first = timeline_rows(body_page(client, ministry).content.decode())
    second = timeline_rows(client.get(reverse("authorities_body", args=[ministry.pk]) + "?p=2").content.decode())
    assert len(first) == 50 and len(second) == 5
    assert first[0].startswith("01.12.2026 09:54") and second[-1].startswith("01.12.2026 09:00")


def test_a_discrepancy_is_on_the_page_of_the_authority_that_reported_it_too(client, authority, relationship):
    coordinator(client)
    rows = timeline_rows(body_page(client, authority).content.decode())
    assert len(rows) == 1 and "Discrepancy requests" in rows[0]


# The counts


def test_the_counts_say_how_many_are_open_and_late_on_7_december(ministry, relationship):
    user = UserFactory(roles=["Onboarding coordinator"])
    figures = {row.kind.key: (row.total, row.open, row.late) for row in selectors.counts(ministry, user, now=NOW)}
    assert figures["call_records"] == (1, 0, 1)  # provided two hours after its four
    assert figures["information"] == (2, 1, 1)  # the open one due 16 November
    assert figures["refusals"] == (1, None, None)
    assert figures["escalations"] == (1, 1, 1)  # due 17 November, still a draft
    assert figures["discrepancies"] == (1, 1, 0)  # due by the end of 8 December
    assert figures["trainings"] == (1, None, None)
    assert figures["visits"] == (1, 1, None)
    assert figures["protocols"] == (1, 1, 1)  # training due 21 October, not held
    assert figures["changes"] == (1, 1, 1)  # information due five working days after 20 October


def test_the_counts_table_on_the_page(client, ministry, relationship):
    coordinator(client)
    content = body_page(client, ministry).content.decode()
    assert count_row(content, "call_records") == ("1", "0", "1")
    assert count_row(content, "refusals") == ("1", "—", "1 unlawful")


def test_the_index_lists_the_bodies_with_their_open_and_late_requests(client, ministry, authority, relationship):
    coordinator(client)
    content = client.get(reverse("authorities_bodies")).content.decode()
    row = re.search(rf'<tr data-body="{ministry.pk}">(.*?)</tr>', content, re.S).group(1)
    # open: the information request, the escalation, the discrepancy; late: the call record, the request,
    # the escalation
    assert re.search(r'class="open">3<', row) and re.search(r'class="late is-late">3<', row)
    row = re.search(rf'<tr data-body="{authority.pk}">(.*?)</tr>', content, re.S).group(1)
    assert re.search(r'class="open">1<', row)  # the discrepancy it reported
    found = client.get(reverse("authorities_bodies"), {"q": "mtszn"}).content.decode()
    assert "Ministry of Labour" in found and "Civil Service Agency" not in found
    quality = client.get(reverse("authorities_bodies"), {"kind": "quality_authority"}).content.decode()
    assert "Civil Service Agency" in quality and "Ministry of Labour" not in quality


def test_the_index_counts_in_few_queries(client, ministry, authority, relationship, django_assert_max_num_queries):
    coordinator(client)
    for n in range(20):
        StateBodyFactory(code=f"akimat-{n}", kind=StateBody.Kind.LOCAL_EXECUTIVE_BODY)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("authorities_bodies")).status_code == 200


# Who may see it


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("Onboarding coordinator", 200),
        ("Senior operator", 200),
        ("Authority viewer", 200),
        ("Operator", 403),
        ("KB editor", 403),
    ],
)
def test_who_may_open_a_bodys_page(client, ministry, relationship, role, status):
    client.force_login(UserFactory(roles=[role]))
    assert body_page(client, ministry).status_code == status
    assert client.get(reverse("authorities_bodies")).status_code == status


def test_a_responsible_person_sees_their_own_body_and_no_other(client, ministry, other_body, relationship):
    responsible_of(client, ministry)
    response = body_page(client, ministry)
    assert response.status_code == 200
    text = " | ".join(timeline_rows(response.content.decode()))
    assert "Information requests" in text and "Onboarding protocol" in text
    assert "Call-record requests" not in text and "Escalations" not in text  # not theirs to read
    refused = body_page(client, other_body)
    assert refused.status_code == 403
    assert "This record is not one you may see" in refused.content.decode()
    assert "onboarding protocol is not" not in refused.content.decode()  # it spoke of onboarding protocols
    assert client.get(reverse("authorities_body", args=[999999])).status_code == 403
    index = client.get(reverse("authorities_bodies")).content.decode()
    assert "Ministry of Labour" in index and "Ministry of Justice" not in index


def test_the_authority_viewer_reads_the_authorities_records(client, ministry, relationship):
    client.force_login(UserFactory(roles=["Authority viewer"]))
    text = " | ".join(timeline_rows(body_page(client, ministry).content.decode()))
    assert "Call-record requests" in text and "Escalations" in text


def test_the_directory_links_to_the_body_page(client, ministry):
    coordinator(client)
    url = reverse("authorities_body", args=[ministry.pk])
    listing = client.get(reverse("wagtailsnippets_directory_statebody:list"))
    assert url in listing.content.decode()
    edit = client.get(reverse("wagtailsnippets_directory_statebody:edit", args=[ministry.pk]))
    assert url in edit.content.decode()
    client.force_login(UserFactory(roles=["Operator"]))
    assert url not in client.get(reverse("wagtailsnippets_directory_statebody:list")).content.decode()


# The home panel


def figure(content, label):
    section = re.search(r'<section[^>]*id="authorities-due".*?</section>', content, re.S).group(0)
    return int(re.search(rf"<strong[^>]*>(\d+)</strong>{re.escape(label)}", section).group(1))


def test_the_home_panel_counts_open_due_soon_and_overdue_per_process(client, ministry, authority):
    now = timezone.now()
    call_record(ministry, now)  # due in four hours: open, not yet due soon
    call_record(ministry, now - timedelta(hours=3, minutes=30))  # due in half an hour
    call_record(ministry, datetime(2026, 11, 2, 9, tzinfo=ALMATY))  # long overdue
    information_request(ministry, now, state="sent", due_at=now + timedelta(hours=5))
    coordinator(client)
    content = client.get("/admin/").content.decode()
    assert figure(content, "call-record requests: open") == 3
    assert figure(content, "call-record requests: due soon") == 1
    assert figure(content, "call-record requests: overdue") == 1
    assert figure(content, "information requests: due soon") == 1
    assert figure(content, "escalations: open") == 0
    assert figure(content, "discrepancies: overdue") == 0


def test_the_home_panel_is_for_those_who_handle_the_requests(client):
    client.force_login(UserFactory(roles=["Authority viewer"]))
    assert 'id="authorities-due"' not in client.get("/admin/").content.decode()
