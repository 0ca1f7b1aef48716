"""Para 32: the quality-assessment authority reports that a provider's report and the UCC's report of a month
differ; the UCC explains no later than the next working day.

Friday 20 March 2026: Nauryz falls on Saturday 21 - Monday 23 March, and 24-25 March are the days off moved
from the weekend (tests/workflows/test_calendar.py), so the next working day is Thursday 26 March: the
explanation is due by 23:59 that day.
"""

from datetime import date, datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django_q.models import Schedule
from django_q.tasks import async_task, result
from wagtail.users.models import UserProfile

from tests.concurrency import twice_at_once
from tests.factories import BodyMembershipFactory, StateBodyFactory, UserFactory
from workflows.authorities.models import AuthorityAlert, AuthorityEvent, DiscrepancyRequest
from workflows.authorities.selectors.discrepancies import attachments_of
from workflows.authorities.services.common import TransitionRefused
from workflows.authorities.services.discrepancies import (
    explain_discrepancy,
    register_discrepancy,
    send_discrepancy_reminders,
    send_explanation,
)
from workflows.directory.models import StateBody

pytestmark = pytest.mark.django_db
State = DiscrepancyRequest.State


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def at(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def authority():
    return StateBodyFactory(
        kind=StateBody.Kind.QUALITY_AUTHORITY, name_en="Agency for Civil Service Affairs", email="quality@gov.kz"
    )


@pytest.fixture
def provider():
    return StateBodyFactory(name_en="Ministry of Labour")


@pytest.fixture
def coordinator():
    return UserFactory(username="coord", email="coordinator@1414.kz", roles=["Onboarding coordinator"])


@pytest.fixture
def supervisor():
    return UserFactory(username="senior", email="senior@1414.kz", roles=["Senior operator"])


@pytest.fixture
def friday_letter(authority, provider, coordinator):
    """The authority's letter of Friday 20 March 2026, 15:00, about the February reports."""
    return register_discrepancy(
        authority=authority,
        provider=provider,
        period=date(2026, 2, 1),
        description="The Ministry reports 120 appeals on service 00202002, the UCC 118.",
        received_at=at(2026, 3, 20, 15),
        letter_reference="№ 04-12/345 of 20.03.2026",
        user=coordinator,
    )


# The deadline


def test_received_friday_before_nauryz_due_by_the_end_of_thursday_26_march(friday_letter):
    assert timezone.localtime(friday_letter.due_at).date() == date(2026, 3, 26)
    assert timezone.localtime(friday_letter.due_at).time().strftime("%H:%M:%S") == "23:59:59"
    assert friday_letter.state == State.RECEIVED


def test_received_on_a_plain_tuesday_due_by_the_end_of_wednesday(authority, provider, coordinator):
    tuesday = register_discrepancy(
        authority=authority,
        provider=provider,
        period=date(2026, 3, 1),
        description="…",
        received_at=at(2026, 4, 14, 9),
        user=coordinator,
    )
    assert timezone.localtime(tuesday.due_at).date() == date(2026, 4, 15)


def test_only_the_quality_authority_reports_discrepancies(provider, coordinator):
    with pytest.raises(TransitionRefused):
        register_discrepancy(
            authority=provider,
            provider=None,
            period=date(2026, 2, 1),
            description="…",
            received_at=at(2026, 3, 20, 15),
            user=coordinator,
        )
    assert not DiscrepancyRequest.objects.exists()


# Explanation and sending


def test_the_explanation_names_the_report_rows_and_goes_to_the_authority_with_its_annex(friday_letter, coordinator):
    annex = SimpleUploadedFile("reconciliation.pdf", b"%PDF-1.4 rows", content_type="application/pdf")
    explain_discrepancy(
        request=friday_letter,
        explanation="Two appeals were referred to the Ministry after the month closed.",
        report_rows=[{"appeal": "1414-2026-000123", "note": "referred 2 March"}, {"row": "17", "note": "duplicate"}],
        files=[annex],
        user=coordinator,
    )
    friday_letter.refresh_from_db()
    assert friday_letter.state == State.EXPLAINED
    assert friday_letter.report_rows == [
        {"appeal": "1414-2026-000123", "row": "", "note": "referred 2 March"},
        {"appeal": "", "row": "17", "note": "duplicate"},
    ]

    send_explanation(request=friday_letter, user=coordinator, at=at(2026, 3, 26, 11))
    friday_letter.refresh_from_db()
    assert friday_letter.state == State.SENT
    assert friday_letter.late is False
    [sent] = mail.outbox
    assert sent.to == ["quality@gov.kz"]
    assert "№ 04-12/345 of 20.03.2026" in sent.subject
    assert "02.2026" in sent.body
    assert "Two appeals were referred" in sent.body
    assert "1414-2026-000123" in sent.body and "row 17" in sent.body
    assert [name for name, _content, _type in sent.attachments] == ["reconciliation.pdf"]
    events = AuthorityEvent.objects.filter(object_id=friday_letter.pk).order_by("pk")  # as recorded
    verbs = list(events.values_list("verb", flat=True))
    assert verbs == ["registered", "explain", "send"]


def test_sent_on_friday_27_march_is_late(friday_letter, coordinator):
    explain_discrepancy(request=friday_letter, explanation="…", user=coordinator)
    send_explanation(request=friday_letter, user=coordinator, at=at(2026, 3, 27, 9))
    friday_letter.refresh_from_db()
    assert friday_letter.late is True
    assert friday_letter.is_late


def test_a_report_row_needs_an_appeal_or_a_row_number(friday_letter, coordinator):
    with pytest.raises(TransitionRefused):
        explain_discrepancy(request=friday_letter, explanation="…", report_rows=[{"note": "?"}], user=coordinator)
    friday_letter.refresh_from_db()
    assert friday_letter.state == State.RECEIVED


def test_nothing_is_sent_before_it_is_explained(friday_letter, coordinator):
    with pytest.raises(TransitionRefused):
        send_explanation(request=friday_letter, user=coordinator)
    assert mail.outbox == []


def test_the_authority_viewer_cannot_explain(friday_letter):
    viewer = UserFactory(roles=["Authority viewer"])
    with pytest.raises(TransitionRefused):
        explain_discrepancy(request=friday_letter, explanation="…", user=viewer)


# Reminders


def test_due_soon_on_thursday_afternoon_then_overdue_on_friday_each_once(friday_letter, coordinator, supervisor):
    assert send_discrepancy_reminders(now=at(2026, 3, 26, 9)) == 0  # more than 12 hours left
    assert send_discrepancy_reminders(now=at(2026, 3, 26, 14)) == 1
    assert send_discrepancy_reminders(now=at(2026, 3, 26, 15)) == 0  # the second run sends nothing
    [due_soon] = mail.outbox
    assert sorted(due_soon.to) == ["coordinator@1414.kz", "senior@1414.kz"]
    assert "due by 26.03.2026" in due_soon.subject

    assert send_discrepancy_reminders(now=at(2026, 3, 27, 9)) == 1
    assert send_discrepancy_reminders(now=at(2026, 3, 27, 10)) == 0
    assert "overdue since 26.03.2026" in mail.outbox[1].subject
    assert list(AuthorityAlert.objects.values_list("kind", flat=True).order_by("kind")) == ["due_soon", "overdue"]


def test_a_sent_explanation_is_not_reminded(friday_letter, coordinator, supervisor):
    explain_discrepancy(request=friday_letter, explanation="…", user=coordinator)
    send_explanation(request=friday_letter, user=coordinator, at=at(2026, 3, 26, 11))
    mail.outbox.clear()
    assert send_discrepancy_reminders(now=at(2026, 3, 27, 9)) == 0
    assert mail.outbox == []


def test_the_hourly_schedule_runs_the_reminders_task(friday_letter, coordinator):
    schedule = Schedule.objects.get(name="authorities: discrepancy reminders")
    assert schedule.func == "workflows.authorities.tasks.send_discrepancy_reminders_task"
    assert schedule.schedule_type == Schedule.HOURLY
    assert "discrepancy reminders sent" in result(async_task(schedule.func))


# The screens, as each role


def signed_in(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


def responsible_person(provider):
    user = UserFactory(roles=["Body responsible person"])
    BodyMembershipFactory(user=user, body=provider)
    return user


@pytest.mark.parametrize(
    "role, list_status, detail_status, add_status, may_step",
    [
        ("Onboarding coordinator", 200, 200, 200, True),
        ("Senior operator", 200, 200, 200, True),
        ("Authority viewer", 200, 200, 403, False),
        ("Body responsible person", 403, 403, 403, False),
        ("Operator", 403, 403, 403, False),
    ],
)
def test_the_screens_as_each_role(
    client, friday_letter, provider, role, list_status, detail_status, add_status, may_step
):
    user = responsible_person(provider) if role == "Body responsible person" else UserFactory(roles=[role])
    signed_in(client, user)
    assert client.get(reverse("authorities_discrepancies")).status_code == list_status
    detail = client.get(reverse("authorities_discrepancy", args=[friday_letter.pk]))
    assert detail.status_code == detail_status
    assert client.get(reverse("authorities_discrepancy_add")).status_code == add_status
    step_url = reverse("authorities_discrepancy_step", args=[friday_letter.pk, "explain"])
    if detail_status == 200:
        assert (step_url in detail.content.decode()) is may_step
    assert client.get(step_url).status_code == (200 if may_step else 403)


def test_the_list_shows_overdue_and_late(client, friday_letter, coordinator):
    signed_in(client, coordinator)
    DiscrepancyRequest.objects.filter(pk=friday_letter.pk).update(due_at=at(2026, 3, 26, 23, 59))  # long past now
    page = client.get(reverse("authorities_discrepancies")).content.decode()
    assert 'class="overdue"' in page and str(friday_letter) in page
    assert 'class="late"' in page


def test_register_explain_and_send_through_the_screens(client, authority, provider, coordinator):
    signed_in(client, coordinator)
    response = client.post(
        reverse("authorities_discrepancy_add"),
        {
            "authority": authority.pk,
            "provider": provider.pk,
            "period": "2026-02-01",
            "description": "120 against 118",
            "letter_reference": "№ 7",
            "received_at": "2026-03-20 15:00",
        },
    )
    record = DiscrepancyRequest.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(record.due_at).date() == date(2026, 3, 26)
    response = client.post(
        reverse("authorities_discrepancy_step", args=[record.pk, "explain"]),
        {
            "explanation": "Two referred late",
            "report_rows": "1414-2026-000123: referred\n#17: duplicate",
            "files": [SimpleUploadedFile("annex.txt", b"rows")],
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.report_rows[1] == {"appeal": "", "row": "17", "note": "duplicate"}
    detail = client.get(reverse("authorities_discrepancy", args=[record.pk])).content.decode()
    assert "annex.txt" in detail and "Explanation drafted" in detail
    [annex] = attachments_of(record)
    download = client.get(reverse("authorities_discrepancy_file", args=[record.pk, annex.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"rows"
    assert client.post(reverse("authorities_discrepancy_step", args=[record.pk, "send"])).status_code == 302
    record.refresh_from_db()
    assert record.state == State.SENT and mail.outbox[0].to == ["quality@gov.kz"]


# Two clusters at the same moment (PostgreSQL lane)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clusters_send_the_overdue_reminder_once(authority, provider, coordinator, supervisor):
    for number in range(5):
        register_discrepancy(
            authority=authority,
            provider=provider,
            period=date(2026, 2, 1),
            description=f"discrepancy {number}",
            received_at=at(2026, 3, 20, 15),
            user=coordinator,
        )
    outcomes = twice_at_once(lambda: send_discrepancy_reminders(now=at(2026, 3, 27, 9)))
    assert sum(outcomes) == 5
    assert len(mail.outbox) == 5
    assert AuthorityAlert.objects.filter(kind=AuthorityAlert.Kind.OVERDUE).count() == 5
