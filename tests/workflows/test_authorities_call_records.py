"""Para 14: the authorized body in informatization or the quality-assessment authority asks in writing for the
record of a conversation, naming the date and the applicant's phone; the UCC provides it within four hours,
round the clock. The supervisors are alarmed at three hours (mail and a banner on every screen) and late
requests are flagged; a recording is personal data, so who opened or sent one is audited."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from tests.factories import BodyMembershipFactory, CallFactory, StateBodyFactory, UserFactory
from workflows.authorities.models import AuthorityAlert, AuthorityEvent, CallRecordRequest
from workflows.authorities.services import call_records as services
from workflows.authorities.wagtail_hooks import call_record_alarm_banners
from workflows.calendar.models import Holiday
from workflows.calendar.working_days import is_working_day
from workflows.directory.models import StateBody
from workflows.telephony.selectors import calls_matching

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
State = CallRecordRequest.State


def at(*parts):
    return datetime(*parts, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def ministry():
    return StateBodyFactory(
        kind=StateBody.Kind.INFORMATIZATION_AUTHORITY, name_en="Ministry of Digital Development", code="mcri"
    )


@pytest.fixture
def agency():
    return StateBodyFactory(kind=StateBody.Kind.QUALITY_AUTHORITY, name_en="Quality Agency", code="quality")


def register(requester, received_at=None, phone="8 (701) 123-45-67", start=date(2026, 3, 16), end=None, **kwargs):
    return services.register_call_record_request(
        requester=requester,
        letter_reference="№ 04-12/345 of 16.03.2026",
        phone=phone,
        period_start=start,
        period_end=end or start,
        received_at=received_at or at(2026, 3, 16, 11, 0),
        **kwargs,
    )


def in_english(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return user


# --- the four hours ------------------------------------------------------------------------------------


def test_received_at_22_30_on_15_december_is_due_at_02_30_on_the_16th_a_public_holiday(ministry):
    assert Holiday.objects.filter(date=date(2026, 12, 16), is_day_off=True).exists()  # Independence Day
    assert not is_working_day(date(2026, 12, 16))
    request = register(ministry, received_at=at(2026, 12, 15, 22, 30), start=date(2026, 12, 15))
    assert request.due_at == at(2026, 12, 16, 2, 30)
    assert request.alarm_at == at(2026, 12, 16, 1, 30)
    assert request.state == State.RECEIVED


def test_provided_within_four_hours_is_in_time_and_after_them_late(ministry, supervisor):
    in_time = register(ministry, received_at=at(2026, 12, 15, 22, 30))
    services.provide(in_time, recording_reference="rec-1", user=supervisor, at=at(2026, 12, 16, 2, 30))
    late = register(ministry, received_at=at(2026, 12, 15, 22, 30))
    services.start_search(late, user=supervisor)
    services.report_not_found(late, reason="No calls from it", user=supervisor, at=at(2026, 12, 16, 2, 31))
    in_time.refresh_from_db()
    late.refresh_from_db()
    assert (in_time.state, in_time.late) == (State.PROVIDED, False)
    assert (late.state, late.late, late.not_found_reason) == (State.NOT_FOUND, True, "No calls from it")
    verbs = AuthorityEvent.objects.filter(object_id=late.pk).order_by("pk").values_list("verb", flat=True)
    assert list(verbs) == ["registered", "start_search", "report_not_found"]


def test_only_the_two_authorities_of_para_14_may_request_a_record(ministry, agency):
    assert register(agency).requester == agency
    provider = StateBodyFactory(kind=StateBody.Kind.CENTRAL_BODY, name_en="Ministry of Justice")
    with pytest.raises(services.TransitionRefused, match="para 14"):
        register(provider)
    assert not CallRecordRequest.objects.filter(requester=provider).exists()


def test_the_phone_is_kept_as_telephony_compares_callers(ministry):
    assert register(ministry, phone="+7 701 123 45 67").phone == "7011234567"
    with pytest.raises(services.TransitionRefused, match="ten digits"):
        register(ministry, phone="123")


def test_an_operator_may_not_take_a_step(ministry, operator):
    request = register(ministry)
    with pytest.raises(services.TransitionRefused):
        services.start_search(request, user=operator)
    assert CallRecordRequest.objects.get(pk=request.pk).state == State.RECEIVED


# --- the calls of that number on those dates ------------------------------------------------------------


@pytest.fixture
def calls():
    return {
        "morning": CallFactory(
            call_id="c-morning", caller_number="+7 701 123 45 67", started_at=at(2026, 3, 16, 0, 10)
        ),
        "evening": CallFactory(call_id="c-evening", caller_number="87011234567", started_at=at(2026, 3, 16, 23, 50)),
        "next_day": CallFactory(call_id="c-next", caller_number="+77011234567", started_at=at(2026, 3, 17, 0, 5)),
        "other": CallFactory(call_id="c-other", caller_number="+7 702 999 00 11", started_at=at(2026, 3, 16, 12, 0)),
    }


def test_matching_calls_are_the_numbers_calls_on_the_local_dates(ministry, calls):
    request = register(ministry, phone="8 701 123 45 67", start=date(2026, 3, 16))
    found = services.matching_calls(request)
    # 00:10 Almaty on the 16th is still the 15th in UTC, 23:50 already the 16th: local dates decide.
    assert [call.call_id for call in found] == ["c-morning", "c-evening"]
    assert [c.call_id for c in calls_matching("7011234567", date(2026, 3, 16), date(2026, 3, 17))] == [
        "c-morning",
        "c-evening",
        "c-next",
    ]


def test_the_record_is_provided_with_the_calls_it_is_of(ministry, calls, supervisor):
    request = register(ministry)
    services.provide(request, recording_reference="pbx://rec/1", calls=[calls["evening"]], user=supervisor)
    assert list(request.calls.values_list("call_id", flat=True)) == ["c-evening"]
    with pytest.raises(services.TransitionRefused, match="not from this number"):
        services.provide(register(ministry), recording_reference="x", calls=[calls["other"]], user=supervisor)


def test_the_calls_list_is_searched_by_number_and_dates(client, supervisor, calls):
    in_english(client, supervisor)
    listing = client.get(
        "/admin/telephony_calls/", {"phone": "8 (701) 123-45-67", "date_from": "2026-03-16", "date_to": "2026-03-16"}
    ).content.decode()
    assert "c-morning" in listing and "c-evening" in listing
    assert "c-next" not in listing and "c-other" not in listing
    everything = client.get("/admin/telephony_calls/").content.decode()
    assert all(call_id in everything for call_id in ("c-morning", "c-next", "c-other"))


def test_the_requests_screen_links_to_the_filtered_calls_list(client, supervisor, ministry, calls):
    in_english(client, supervisor)
    request = register(ministry)
    page = client.get(reverse("authorities_call_record", args=[request.pk])).content.decode()
    assert 'href="/admin/telephony_calls/?phone=7011234567&amp;date_from=2026-03-16&amp;date_to=2026-03-16"' in page
    assert 'data-call="c-morning"' in page and 'data-call="c-other"' not in page


# --- the alarm at three hours and the overdue mail -----------------------------------------------------


def test_the_supervisors_are_alarmed_once_at_three_hours_and_once_when_overdue(ministry, supervisor):
    UserFactory(username="senior2", roles=["Senior operator"])
    UserFactory(username="senior-left", roles=["Senior operator"], is_active=False)
    UserFactory(username="senior-nomail", roles=["Senior operator"], email="")
    UserFactory(username="aigul", roles=["Operator"])
    request = register(ministry, received_at=at(2026, 12, 15, 22, 30))
    assert services.send_call_record_alarms(now=at(2026, 12, 16, 1, 29)) == 0
    assert services.send_call_record_alarms(now=at(2026, 12, 16, 1, 31)) == 1
    assert services.send_call_record_alarms(now=at(2026, 12, 16, 1, 45)) == 0
    assert len(mail.outbox) == 1
    alarm = mail.outbox[0]
    assert sorted(alarm.to) == ["senior2@example.kz", "senior@example.kz"]
    assert f"№ {request.pk}" in alarm.subject and "16.12.2026 02:30" in alarm.subject
    assert "Ministry of Digital Development" in alarm.body
    assert "7011234567" not in alarm.body  # the phone is masked in a mail
    assert services.send_call_record_alarms(now=at(2026, 12, 16, 2, 31)) == 1
    assert services.send_call_record_alarms(now=at(2026, 12, 16, 3, 0)) == 0
    assert len(mail.outbox) == 2 and "overdue" in mail.outbox[1].subject
    kinds = AuthorityAlert.objects.filter(object_id=request.pk).values_list("kind", flat=True)
    assert sorted(kinds) == ["alarm", "overdue"]


def test_a_handled_request_alarms_nobody(ministry, supervisor):
    request = register(ministry, received_at=at(2026, 12, 15, 22, 30))
    services.provide(request, recording_reference="rec", user=supervisor, at=at(2026, 12, 16, 0, 0))
    assert services.send_call_record_alarms(now=at(2026, 12, 16, 3, 0)) == 0
    assert mail.outbox == []


def test_the_schedule_runs_the_alarm_every_minute():
    from workflows.schedules import _specs

    spec = next(spec for spec in _specs() if spec.func == "workflows.authorities.tasks.send_call_record_alarms_task")
    assert (spec.schedule_type, spec.minutes) == ("I", 1)


# --- the banner on every supervisor screen --------------------------------------------------------------


@pytest.fixture
def alarmed(ministry, supervisor):
    """Received three and a half hours ago: past its alarm moment, not yet overdue."""
    return register(ministry, received_at=timezone.now() - timedelta(hours=3, minutes=30))


def test_a_supervisor_sees_the_banner_on_every_screen_until_the_request_is_handled(client, supervisor, alarmed):
    in_english(client, supervisor)
    for url in ("/admin/", reverse("telephony_dashboard"), "/admin/telephony_calls/"):
        page = client.get(url).content.decode()
        assert page.count(f'id="call-record-alarm-{alarmed.pk}"') == 1, url  # once (the walk saw it twice)
        assert f"Call-record request № {alarmed.pk} from Ministry of Digital Development" in page
        assert reverse("authorities_call_record", args=[alarmed.pk]) in page
    services.provide(alarmed, recording_reference="rec", user=supervisor)
    assert "call-record-alarm" not in client.get("/admin/").content.decode()


def test_an_operator_and_a_coordinator_see_no_banner(client, operator, alarmed):
    in_english(client, operator)
    assert "call-record-alarm" not in client.get("/admin/").content.decode()
    in_english(client, UserFactory(username="coordinator", roles=["Onboarding coordinator"]))
    assert "call-record-alarm" not in client.get("/admin/").content.decode()


def test_the_superuser_sees_the_banner(admin_client, alarmed):
    assert f'id="call-record-alarm-{alarmed.pk}"' in admin_client.get("/admin/").content.decode()


def test_the_banner_costs_no_query_for_those_it_does_not_concern(rf, operator, alarmed):
    request = rf.get("/admin/")
    request.user = operator
    request.user.has_perm("wagtailadmin.access_admin")  # the admin's menu has read the permissions already
    with CaptureQueriesContext(connection) as queries:
        assert call_record_alarm_banners(request) == []
    assert len(queries) == 0


def test_past_the_four_hours_the_banner_says_the_request_is_overdue(client, supervisor, ministry):
    late = register(ministry, received_at=timezone.now() - timedelta(hours=4, minutes=10))
    in_english(client, supervisor)
    page = client.get("/admin/").content.decode()
    assert f"Call-record request № {late.pk} from Ministry of Digital Development is overdue" in page


def test_a_request_not_yet_three_hours_old_shows_no_banner(client, supervisor, ministry):
    register(ministry, received_at=timezone.now() - timedelta(hours=2, minutes=59))
    in_english(client, supervisor)
    assert "call-record-alarm" not in client.get("/admin/").content.decode()


# --- the screens, role by role --------------------------------------------------------------------------


def viewer():
    return UserFactory(username="authority", roles=["Authority viewer"])


def responsible():
    user = UserFactory(username="responsible", roles=["Body responsible person"])
    BodyMembershipFactory(user=user, body=StateBodyFactory())
    return user


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status", "step_status"),
    [
        (lambda: UserFactory(username="aigul", roles=["Operator"]), 403, 403, 403),
        (lambda: UserFactory(username="senior", roles=["Senior operator"]), 200, 200, 200),
        (viewer, 200, 200, 403),
        (responsible, 403, 403, 403),
    ],
    ids=["operator", "supervisor", "authority viewer", "responsible person"],
)
def test_every_screen_as_every_role(client, ministry, who, list_status, detail_status, step_status):
    request = register(ministry)
    in_english(client, who())
    assert client.get(reverse("authorities_call_records")).status_code == list_status
    assert client.get(reverse("authorities_call_record", args=[request.pk])).status_code == detail_status
    step = reverse("authorities_call_record_step", args=[request.pk, "start_search"])
    assert client.get(step).status_code == step_status
    expected_post = 302 if step_status == 200 else 403
    assert client.post(step).status_code == expected_post
    assert CallRecordRequest.objects.get(pk=request.pk).state == (
        State.SEARCHING if expected_post == 302 else State.RECEIVED
    )


def test_the_authority_viewer_reads_with_the_phone_masked_and_no_step_buttons(client, ministry):
    request = register(ministry)
    in_english(client, viewer())
    listing = client.get(reverse("authorities_call_records")).content.decode()
    assert "********67" in listing and "7011234567" not in listing
    page = client.get(reverse("authorities_call_record", args=[request.pk])).content.decode()
    assert "7011234567" not in page and "/step/" not in page and "calls-list-link" not in page
    assert "Register a call-record request" not in listing
    assert client.get(reverse("authorities_call_record_register")).status_code == 403


def test_the_list_flags_late_ones_and_is_searched_by_phone_and_state(client, supervisor, ministry):
    late = register(ministry, received_at=at(2026, 3, 16, 8, 0))
    services.provide(late, recording_reference="rec", user=supervisor, at=at(2026, 3, 16, 12, 1))
    other = register(ministry, phone="+7 702 999 00 11", received_at=at(2026, 3, 16, 9, 0))
    in_english(client, supervisor)
    listing = client.get(reverse("authorities_call_records")).content.decode()
    assert f'data-late="true" data-request="{late.pk}"' in listing
    assert f'data-overdue="{other.pk}"' in listing  # open, received in March: long overdue
    by_phone = client.get(reverse("authorities_call_records"), {"phone": "8 702 999-00-11"}).content.decode()
    assert f'data-request="{other.pk}"' in by_phone and f'data-request="{late.pk}"' not in by_phone
    provided = client.get(reverse("authorities_call_records"), {"state": "provided"}).content.decode()
    assert f'data-request="{late.pk}"' in provided and f'data-request="{other.pk}"' not in provided


def test_a_supervisor_registers_a_request_with_its_letter(client, supervisor, ministry):
    in_english(client, supervisor)
    response = client.post(
        reverse("authorities_call_record_register"),
        {
            "requester": ministry.pk,
            "letter_reference": "№ 1 of 15.12.2026",
            "letter": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
            "phone": "+7 701 123 45 67",
            "period_start": "2026-12-15",
            "received_at": "2026-12-15 22:30",
        },
    )
    request = CallRecordRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("authorities_call_record", args=[request.pk])
    assert (request.phone, request.period_end, request.due_at) == (
        "7011234567",
        date(2026, 12, 15),
        at(2026, 12, 16, 2, 30),
    )
    assert request.letter.read() == b"%PDF-1.4 letter"
    assert client.get(reverse("authorities_call_record_letter", args=[request.pk])).status_code == 200


def test_the_provide_form_records_the_chosen_call_and_the_file(client, supervisor, ministry, calls):
    request = register(ministry)
    in_english(client, supervisor)
    response = client.post(
        reverse("authorities_call_record_step", args=[request.pk, "provide"]),
        {
            "calls": [calls["morning"].pk],
            "recording": SimpleUploadedFile("call.mp3", b"ID3 audio", content_type="audio/mpeg"),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == State.PROVIDED and request.recording
    assert list(request.calls.values_list("call_id", flat=True)) == ["c-morning"]
    sent = LogEntry.objects.get_for_object(request).filter(action=LogEntry.Action.ACCESS).get()
    assert (sent.actor, sent.additional_data["recording"]) == (supervisor, "sent")


# --- recordings are personal data ---------------------------------------------------------------------


def test_opening_a_recording_is_audited_and_only_for_those_who_see_applicants(client, supervisor, ministry):
    request = register(ministry)
    services.provide(
        request, recording=SimpleUploadedFile("call.mp3", b"ID3 audio"), user=supervisor, remote_addr="10.0.0.1"
    )
    url = reverse("authorities_call_record_recording", args=[request.pk])
    in_english(client, supervisor)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"ID3 audio"
    entries = LogEntry.objects.get_for_object(request).filter(action=LogEntry.Action.ACCESS).order_by("timestamp")
    assert [(entry.actor, entry.additional_data["recording"]) for entry in entries] == [
        (supervisor, "sent"),
        (supervisor, "opened"),
    ]
    in_english(client, viewer())
    assert client.get(url).status_code == 403
    assert entries.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clusters_at_once_send_each_alarm_once():
    """Two django-q clusters running the every-minute schedule at the same moment (PostgreSQL, each thread its
    own connection): every supervisor still gets one alarm per request."""
    from tests.concurrency import twice_at_once

    UserFactory(username="senior", roles=["Senior operator"])
    ministry = StateBodyFactory(kind=StateBody.Kind.INFORMATIZATION_AUTHORITY, code="mcri-concurrent")
    requests = [register(ministry, received_at=at(2026, 12, 15, 22, minute)) for minute in range(0, 50, 10)]
    outcomes = twice_at_once(lambda: services.send_call_record_alarms(now=at(2026, 12, 16, 1, 55)))
    assert sum(outcomes) == len(requests) == 5
    assert len(mail.outbox) == 5
    assert AuthorityAlert.objects.filter(kind=AuthorityAlert.Kind.ALARM).count() == 5
