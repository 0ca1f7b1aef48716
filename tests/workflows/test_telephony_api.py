"""The phone system's API (paras 7, 13): tokens, payloads, replays, the rate limit and the operator's link."""

import json
import re
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tests.factories import AppealFactory, OnboardingServiceFactory, UserFactory
from workflows.telephony import api
from workflows.telephony.models import Call, Integration, Rating, hash_token
from workflows.telephony.services import create_integration

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
OPEN_URL = "/api/telephony/v1/calls/"


@pytest.fixture(autouse=True)
def _fresh_process_memory():
    """The API remembers tokens and operators for a few seconds; each test's rows are new."""
    api.forget()
    yield
    api.forget()


@pytest.fixture
def token():
    _integration, token = create_integration(name="PBX Astana")
    return token


@pytest.fixture
def operator():
    return UserFactory(username="aigerim", roles=["Operator"])


@pytest.fixture
def post(client, token):
    def post(url, payload, *, auth=token):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {auth}"} if auth else {}
        body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
        return client.post(url, body, content_type="application/json", **headers)

    return post


def opening(**changes):
    return {
        "call_id": "pbx-0001",
        "line": "1414",
        "caller_number": "+7 701 123 45 67",
        "wait_seconds": 24,
        "operator": "aigerim",
        "started_at": "2026-03-16T10:00:05+05:00",
        **changes,
    }


def test_the_token_is_printed_once_and_only_its_hash_is_kept():
    out = StringIO()
    call_command("create_integration", "IVR", stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    integration = Integration.objects.get(name="IVR")
    assert token.startswith("ucc_tel_") and len(token) > 40
    assert integration.token_hash == hash_token(token) and token not in integration.token_hint + integration.token_hash


def test_a_call_without_a_token_or_with_a_bad_one_is_refused(post, operator):
    assert post(OPEN_URL, opening(), auth=None).status_code == 401
    response = post(OPEN_URL, opening(), auth="ucc_tel_forged")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert not Call.objects.exists()


def test_a_deactivated_integration_is_refused(post, token, operator):
    Integration.objects.update(is_active=False)
    assert post(OPEN_URL, opening()).status_code == 401


def test_opening_a_call_records_it_and_gives_the_operator_a_prefilled_appeal_form(post, operator):
    response = post(OPEN_URL, opening(line="8 800 080 7777"))
    assert response.status_code == 201
    body = response.json()
    assert body["line"] == "88000807777" and body["wait_seconds"] == 24 and body["operator"] == "aigerim"
    assert body["new_appeal_url"].endswith(
        "/admin/appeals/new-from-call/?phone=%2B7+701+123+45+67&line=88000807777&call=pbx-0001"
    )
    call = Call.objects.get(call_id="pbx-0001")
    assert call.line == "phone_8800" and call.operator == operator
    assert call.started_at == datetime(2026, 3, 16, 10, 0, 5, tzinfo=ALMATY)


def test_the_prefilled_form_opens_with_the_callers_number_and_line(post, client, operator):
    url = post(OPEN_URL, opening(line="88000807777")).json()["new_appeal_url"]
    client.force_login(operator)
    page = client.get(url.split("127.0.0.1:8000", 1)[-1]).content.decode()
    assert 'value="+7 701 123 45 67"' in page
    assert '<option value="phone_8800" selected>' in page


def test_the_appeal_registered_from_the_link_is_the_calls_and_its_rating_has_its_service(post, client, operator):
    url = post(OPEN_URL, opening()).json()["new_appeal_url"]
    client.force_login(operator)
    page = client.get(url.split("127.0.0.1:8000", 1)[-1]).content.decode()
    assert re.search(r'<input type="hidden" name="call_id" value="pbx-0001"', page)
    service = OnboardingServiceFactory()
    form = {"channel": "phone_1414", "applicant_phone": "+7 701 123 45 67", "applicant_kind": "individual"}
    form.update(topic="e_government", service=service.pk, content="Не приходит SMS", call_id="pbx-0001")
    client.post(url.split("127.0.0.1:8000", 1)[-1], form)
    appeal = Call.objects.get().appeal
    assert appeal is not None and appeal.operator == operator
    closing = {"talk_seconds": 180, "recording_reference": "rec/pbx-0001.wav"}  # the phone system names no appeal
    closed = post(f"{OPEN_URL}pbx-0001/close/", closing)
    assert closed.status_code == 200 and closed.json()["appeal"] == appeal.number
    assert post(f"{OPEN_URL}pbx-0001/close/", closing).json() == closed.json()
    assert Call.objects.get().appeal == appeal
    post(f"{OPEN_URL}pbx-0001/rating/", {"score": 4})
    assert (Rating.objects.get().service, Rating.objects.get().operator) == (service, operator)


def test_each_event_is_one_sql_statement(post, operator, django_assert_num_queries):
    post(OPEN_URL, opening(call_id="warm"))  # the token and the operator are remembered from here on
    with django_assert_num_queries(1):
        assert post(OPEN_URL, opening()).status_code == 201
    with django_assert_num_queries(1):
        assert post(f"{OPEN_URL}pbx-0001/close/", {"talk_seconds": 180}).status_code == 200
    with django_assert_num_queries(1):
        assert post(f"{OPEN_URL}pbx-0001/rating/", {"score": 5}).status_code == 201


def test_the_api_skips_the_middleware_made_for_people_but_not_the_security_headers(post, client, token):
    response = post(OPEN_URL, opening(operator=""))
    assert response.status_code == 201 and int(response["Content-Length"]) == len(response.content)
    assert "Set-Cookie" not in response and "Vary" not in response and "Content-Language" not in response
    assert response["X-Content-Type-Options"] == "nosniff"
    missing = post("/api/telephony/v1/nowhere/", {})
    assert missing.status_code == 404 and missing.json() == {"error": "no such endpoint of the telephony API"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"line": "112"}, "line"),
        ({"wait_seconds": -1}, "wait_seconds"),
        ({"wait_seconds": "half a minute"}, "wait_seconds"),
        ({"wait_seconds": True}, "wait_seconds"),
        ({"call_id": ""}, "call_id"),
        ({"call_id": "a b"}, "call_id"),
        ({"caller_number": "<script>"}, "caller_number"),
        ({"operator": "nobody"}, "operator"),
        ({"started_at": "yesterday"}, "started_at"),
    ],
)
def test_a_bad_payload_is_refused_field_by_field(post, operator, changes, field):
    response = post(OPEN_URL, opening(**changes))
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Call.objects.exists()


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_refused(post, body):
    response = post(OPEN_URL, body)
    assert response.status_code == 400 and response.json()["error"]


def test_the_same_opening_posted_twice_changes_nothing_and_answers_the_same(post, operator):
    first = post(OPEN_URL, opening())
    again = post(OPEN_URL, opening(caller_number="8 701 123 45 67"))  # the same caller, written otherwise
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Call.objects.count() == 1


def test_the_same_call_id_with_other_data_is_a_conflict(post, operator):
    post(OPEN_URL, opening())
    response = post(OPEN_URL, opening(wait_seconds=95, line="88000807777"))
    assert response.status_code == 409
    assert response.json()["differing"] == ["line", "wait_seconds"]
    assert Call.objects.get().wait_seconds == 24


def test_closing_a_call_keeps_the_talk_time_the_recording_and_the_appeal(post, operator):
    post(OPEN_URL, opening())
    appeal = AppealFactory(channel="phone_1414", operator=operator)
    closing = {"talk_seconds": 180, "recording_reference": "rec/2026/03/16/pbx-0001.wav", "appeal": appeal.number}
    response = post(f"{OPEN_URL}pbx-0001/close/", closing)
    assert response.status_code == 200
    assert response.json()["appeal"] == appeal.number
    again = post(f"{OPEN_URL}pbx-0001/close/", closing)
    assert again.status_code == 200 and again.json() == response.json()
    call = Call.objects.get()
    assert (call.talk_seconds, call.appeal, call.recording_reference) == (180, appeal, "rec/2026/03/16/pbx-0001.wav")
    conflicting = post(f"{OPEN_URL}pbx-0001/close/", {**closing, "talk_seconds": 181})
    assert conflicting.status_code == 409 and conflicting.json()["differing"] == ["talk_seconds"]


def test_closing_refuses_an_unknown_call_an_unknown_appeal_and_a_written_appeal(post, operator):
    assert post(f"{OPEN_URL}never-opened/close/", {"talk_seconds": 10}).status_code == 404
    post(OPEN_URL, opening())
    assert post(f"{OPEN_URL}pbx-0001/close/", {"talk_seconds": 10, "appeal": "UCC-2026-999999"}).status_code == 400
    by_mail = AppealFactory(channel="email")
    response = post(f"{OPEN_URL}pbx-0001/close/", {"talk_seconds": 10, "appeal": by_mail.number})
    assert response.status_code == 400 and "appeal" in response.json()["fields"]
    assert post(f"{OPEN_URL}pbx-0001/close/", {}).json()["fields"] == {"talk_seconds": ["This field is required."]}
    assert Call.objects.get().closed_at is None


def test_the_ivr_rating_is_given_once(post, operator):
    post(OPEN_URL, opening())
    first = post(f"{OPEN_URL}pbx-0001/rating/", {"score": 5})
    assert first.status_code == 201 and first.json()["score"] == 5
    again = post(f"{OPEN_URL}pbx-0001/rating/", {"score": 5})
    assert again.status_code == 200 and again.json() == first.json()
    assert post(f"{OPEN_URL}pbx-0001/rating/", {"score": 4}).status_code == 409
    rating = Rating.objects.get()
    assert (rating.score, rating.operator, rating.channel) == (5, operator, "phone_1414")


@pytest.mark.parametrize("score", [0, 6, -1, 4.5, "five", None])
def test_a_score_outside_one_to_five_is_refused(post, operator, score):
    post(OPEN_URL, opening())
    response = post(f"{OPEN_URL}pbx-0001/rating/", {"score": score})
    assert response.status_code == 400 and "score" in response.json()["fields"]
    assert not Rating.objects.exists()


def test_rating_an_unknown_call_is_not_found(post):
    assert post(f"{OPEN_URL}never-opened/rating/", {"score": 5}).status_code == 404


def test_only_post_is_accepted(client, token):
    assert client.get(OPEN_URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 405


def test_each_token_has_its_own_rate_limit(post, operator):
    Integration.objects.update(requests_per_minute=3)
    _other, other_token = create_integration(name="IVR")
    statuses = [post(OPEN_URL, opening(call_id=f"c{n}")).status_code for n in range(4)]
    assert statuses == [201, 201, 201, 429]
    limited = post(OPEN_URL, opening(call_id="c9"))
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert post(OPEN_URL, opening(call_id="c10"), auth=other_token).status_code == 201
    assert Call.objects.count() == 4


def test_an_administrator_creates_an_integration_and_sees_its_token_once(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.kz", "a-long-pass-1414"))
    response = client.post(
        "/admin/telephony_integrations/new/",
        {"name": "IVR Almaty", "is_active": "on", "requests_per_minute": 600},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    token = next(re.search(r"ucc_tel_[\w-]+", text)[0] for text in shown if "ucc_tel_" in text)
    integration = Integration.objects.get(name="IVR Almaty")
    assert integration.token_hash == hash_token(token) and integration.requests_per_minute == 600
    assert token not in client.get("/admin/telephony_integrations/").content.decode()
