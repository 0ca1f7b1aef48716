"""Para 29: "service providers shall enter data on the stage of provision of public services into the
information system for monitoring" — and the UCC's operator tells the caller that stage. The monitoring
system pushes stages (the telephony API's tokens) or a file is imported; the operator looks an application up
by its number or the applicant's IIN, from the appeal screen too, and the appeal records its application."""

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from tests.factories import AppealFactory, OnboardingServiceFactory, StateBodyFactory, UserFactory
from workflows.appeals import services as appeal_services
from workflows.appeals.models import Appeal
from workflows.stages.imports import import_stages
from workflows.stages.models import ApplicationStage
from workflows.telephony import api as telephony_api
from workflows.telephony.services import create_integration

pytestmark = pytest.mark.django_db
URL = "/api/stages/"


@pytest.fixture(autouse=True)
def _fresh_process_memory():
    telephony_api.forget()
    yield
    telephony_api.forget()


@pytest.fixture
def token():
    _integration, token = create_integration(name="Monitoring IS")
    return token


@pytest.fixture
def post(client, token):
    def post(payload, *, auth=token, **headers):
        headers.update({"HTTP_AUTHORIZATION": f"Bearer {auth}"} if auth else {})
        body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
        return client.post(URL, body, content_type="application/json", **headers)

    return post


def stage(**changes):
    """Application KZ-2026-0001: accepted on Monday 16 March 2026 at 10:00 Almaty time."""
    return {
        "application_number": "KZ-2026-0001",
        "service": "00301",
        "provider": "minjust",
        "iin": "850101300123",
        "stage_code": "accepted",
        "stage_name": "Заявление принято",
        "changed_at": "2026-03-16T10:00:00+05:00",
        **changes,
    }


def current(number="KZ-2026-0001"):
    return ApplicationStage.objects.get(application_number=number, current=True)


# --- the push API -----------------------------------------------------------------------------------


def test_the_same_push_twice_stores_one_row(post):
    OnboardingServiceFactory(register_number="00301")
    StateBodyFactory(code="minjust")
    first = post(stage())
    assert first.status_code == 201, first.content
    again = post(stage())
    assert again.status_code == 200
    assert again.json()["created"] == 0 and again.json()["unchanged"] == 1
    assert ApplicationStage.objects.count() == 1
    row = current()
    assert row.service.register_number == "00301" and row.provider.code == "minjust"


def test_a_later_change_becomes_the_current_stage_and_an_earlier_one_arriving_late_does_not(post):
    post(stage())  # accepted, 16 March 10:00
    post(stage(stage_code="ready", stage_name="Результат готов", changed_at="2026-03-18T15:00:00+05:00"))
    assert current().stage_code == "ready"
    # the review of 17 March arrives last: it joins the history, "ready" of the 18th stays current
    late = post(stage(stage_code="in_review", stage_name="На рассмотрении", changed_at="2026-03-17T09:00:00+05:00"))
    assert late.status_code == 201 and late.json()["stages"][0]["current"] is False
    assert current().stage_code == "ready"
    assert ApplicationStage.objects.filter(application_number="KZ-2026-0001").count() == 3


def test_a_batch_of_stages_and_the_latest_of_them_current(post):
    response = post(
        {
            "stages": [
                stage(),
                stage(stage_code="in_review", stage_name="На рассмотрении", changed_at="2026-03-17T09:00:00+05:00"),
                stage(application_number="KZ-2026-0002", iin="900215400123"),
            ]
        }
    )
    assert response.status_code == 201 and response.json()["created"] == 3
    assert current().stage_code == "in_review" and current("KZ-2026-0002").stage_code == "accepted"


def test_the_service_unknown_to_the_registry_is_kept_by_its_register_number(post):
    post(stage(service="99999"))
    assert current().service is None and current().service_number == "99999"


def test_without_a_valid_token_the_answer_is_401(post):
    assert post(stage(), auth=None).status_code == 401
    assert post(stage(), auth="ucc_wrong").status_code == 401
    assert not ApplicationStage.objects.exists()


def test_a_bad_stage_gets_400_with_a_message_per_field_in_english(post):
    response = post(stage(iin="85010130", changed_at="tomorrow", stage_name=""), HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert set(fields) == {"iin", "changed_at", "stage_name"}
    assert fields["iin"] == ["the IIN is 12 digits"]
    batch = post({"stages": [stage(), stage(application_number="")]})
    assert batch.status_code == 400 and list(batch.json()["fields"]) == ["stages[1].application_number"]
    assert not ApplicationStage.objects.exists()  # nothing of a bad batch is written


def test_a_change_stored_before_with_other_data_is_a_conflict(post):
    post(stage())
    clash = post(stage(stage_name="Другое"))
    assert clash.status_code == 409
    assert current().stage_name == "Заявление принято"


def test_a_change_in_the_future_is_refused(post):
    later = (timezone.now() + timedelta(days=1)).isoformat()
    assert post(stage(changed_at=later)).json()["fields"] == {"changed_at": ["the time of the change is in the future"]}


# --- the import ---------------------------------------------------------------------------------------

HEADER = "application_number,service,provider,iin,stage_code,stage_name,changed_at\n"


def test_a_file_with_a_bad_row_reports_the_row_number_and_writes_nothing():
    content = (
        HEADER
        + "KZ-2026-0001,00301,,850101300123,accepted,Заявление принято,2026-03-16T10:00:00+05:00\n"
        + "KZ-2026-0002,00301,,8501,accepted,Заявление принято,2026-03-16T11:00:00+05:00\n"
    ).encode()
    report = import_stages(content, "csv")
    assert not report.written
    assert report.errors == [(3, "iin: the IIN is 12 digits")]  # the header is row 1
    assert not ApplicationStage.objects.exists()


def test_a_good_file_is_imported_once_however_often_it_is_uploaded():
    content = (
        HEADER
        + "KZ-2026-0001,00301,,850101300123,accepted,Заявление принято,2026-03-16 10:00:00\n"
        + "KZ-2026-0001,00301,,850101300123,ready,Результат готов,2026-03-18 15:00:00\n"
    ).encode()
    assert import_stages(content, "csv").created == 2
    again = import_stages(content, "csv")
    assert again.written and again.created == 0 and again.unchanged == 2
    assert ApplicationStage.objects.count() == 2 and current().stage_code == "ready"


def test_an_xlsx_file_with_the_iin_typed_as_a_number_keeps_its_leading_zero():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["application_number", "iin", "stage_code", "stage_name", "changed_at"])
    sheet.append(["KZ-2026-0009", 50101600123, "accepted", "Заявление принято", "2026-03-16T10:00:00+05:00"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_stages(buffer.getvalue(), "xlsx").written
    assert current("KZ-2026-0009").applicant_iin == "050101600123"


def test_the_import_screen_for_coordinators_reports_rows(client):
    coordinator = UserFactory(username="coordinator", roles=["Onboarding coordinator"])
    client.force_login(coordinator)
    upload = io.BytesIO((HEADER + "KZ-1,,,123,accepted,Принято,2026-03-16T10:00:00+05:00\n").encode())
    upload.name = "stages.csv"
    response = client.post(reverse("stages_import"), {"file": upload})
    assert response.status_code == 200 and "stages-import-errors" in response.content.decode()
    client.force_login(UserFactory(username="op", roles=["Operator"]))
    assert client.get(reverse("stages_import")).status_code in (302, 403)  # operators look up, they do not import


# --- the look-up ------------------------------------------------------------------------------------


@pytest.fixture
def stages_pushed(post):
    """Two applications of one applicant (IIN 850101300123): one changed a day ago, one five days ago."""
    now = timezone.now()
    post(stage(changed_at=(now - timedelta(days=1)).isoformat()))
    post(stage(application_number="KZ-2026-0002", changed_at=(now - timedelta(days=5)).isoformat()))
    post(
        stage(application_number="KZ-2026-0003", iin="900215400123", changed_at=(now - timedelta(hours=2)).isoformat())
    )


def test_look_up_by_application_number_and_by_iin(client, operator, stages_pushed):
    client.force_login(operator)
    by_number = client.get(reverse("stages_look_up"), {"q": "KZ-2026-0003"}).context["applications"]
    assert [found.current.application_number for found in by_number] == ["KZ-2026-0003"]
    by_iin = client.get(reverse("stages_look_up"), {"q": "850101300123"}).context["applications"]
    assert [found.current.application_number for found in by_iin] == ["KZ-2026-0001", "KZ-2026-0002"]
    nothing = client.get(reverse("stages_look_up"), {"q": "KZ-0000"})
    assert "stages-none" in nothing.content.decode()


def test_an_application_without_an_update_for_more_than_three_days_is_shown_stale(client, operator, stages_pushed):
    client.force_login(operator)
    response = client.get(reverse("stages_look_up"), {"q": "850101300123"})
    stale = {found.current.application_number: found.stale for found in response.context["applications"]}
    assert stale == {"KZ-2026-0001": False, "KZ-2026-0002": True}  # a day ago; five days ago (default 3 days)
    assert response.content.decode().count("stages-stale-note") == 1


def test_the_iin_is_masked_for_a_role_without_the_personal_data_permission(client, operator, stages_pushed):
    client.force_login(operator)
    assert "850101300123" in client.get(reverse("stages_look_up"), {"q": "KZ-2026-0001"}).content.decode()
    seen = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=operator)
    assert seen.get().object_repr.startswith("KZ-2026-0001")  # the full view is audited, as an appeal's applicant
    coordinator = UserFactory(username="coordinator", roles=["Onboarding coordinator"])  # looks up, no view_applicant
    client.force_login(coordinator)
    page = client.get(reverse("stages_look_up"), {"q": "KZ-2026-0001"}).content.decode()
    assert "850101300123" not in page and "********0123" in page
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=coordinator).exists()


def test_anyone_without_the_look_up_permission_is_refused(client, stages_pushed):
    client.force_login(UserFactory(username="editor", roles=["KB editor"]))
    assert client.get(reverse("stages_look_up"), {"q": "KZ-2026-0001"}).status_code in (302, 403)  # Wagtail: home


# --- the appeal and its application -------------------------------------------------------------------


def test_the_appeal_records_which_application_it_was_about(client, operator, stages_pushed):
    appeal = AppealFactory(content="Где моё заявление? ИИН 850101300123")
    appeal_services.take(appeal=appeal, user=operator)
    client.force_login(operator)
    screen = client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()
    link = f"{reverse('stages_look_up')}?appeal={appeal.pk}&amp;q=850101300123"
    assert link in screen  # the appeal screen links to the look-up with the IIN the applicant wrote
    look_up = client.get(reverse("stages_look_up"), {"appeal": appeal.pk, "q": "850101300123"})
    assert "This appeal is about this application" in look_up.content.decode()
    recorded = client.post(
        reverse("stages_record_application", args=[appeal.pk]), {"application_number": "KZ-2026-0002"}
    )
    assert recorded.status_code == 302
    appeal = Appeal.objects.get(pk=appeal.pk)
    assert appeal.application_number == "KZ-2026-0002"
    assert appeal.events.filter(action="record_application", reason="KZ-2026-0002").exists()
    assert "KZ-2026-0002" in client.get(reverse("appeals_work", args=[appeal.pk])).content.decode()


def test_only_the_operator_working_on_the_appeal_records_its_application(
    client, operator, other_operator, stages_pushed
):
    appeal = AppealFactory()
    appeal_services.take(appeal=appeal, user=operator)
    client.force_login(other_operator)
    client.post(reverse("stages_record_application", args=[appeal.pk]), {"application_number": "KZ-2026-0001"})
    assert Appeal.objects.get(pk=appeal.pk).application_number == ""
