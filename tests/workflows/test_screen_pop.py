"""Issue 19, item 1: the screen pop. The phone system reports a call for an operator, and that operator's open
admin screens ask every 2 s. They get the caller, the line, the caller's earlier appeals (each audited) and the
pre-filled new-appeal link. A poll for the call already shown is one cheap answer, and the panel closes with
the call. No one but those who take calls reads it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from tests.factories import AppealFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/admin/telephony/screen-pop/"


@pytest.fixture
def operator():
    return UserFactory(username="op-pop", roles=["Operator"])


def test_the_url():
    assert reverse("telephony_screen_pop") == URL


def test_no_call_no_panel(client, operator):
    client.force_login(operator)
    assert client.get(URL).json() == {"call": None}


def test_a_call_for_the_operator_pops_with_the_callers_history(client, operator):
    earlier = AppealFactory(applicant_phone="8 701 123 45 67")
    CallFactory(call_id="pbx-pop-1", caller_number="+7 701 123 45 67", operator=operator)
    client.force_login(operator)
    call = client.get(URL).json()["call"]
    assert call["call_id"] == "pbx-pop-1" and call["number"] == "+7 701 123 45 67" and call["line"] == "1414"
    assert [row["number"] for row in call["history"]] == [earlier.number]
    assert (
        call["new_appeal_url"].startswith(reverse("appeals_new_from_call"))
        and "call=pbx-pop-1" in call["new_appeal_url"]
    )
    assert LogEntry.objects.filter(object_id=earlier.pk, action=LogEntry.Action.ACCESS, actor=operator).exists()
    assert client.get(URL, {"known": "pbx-pop-1"}).json() == {"same": True}


def test_the_panel_closes_when_the_call_closes(client, operator):
    call = CallFactory(call_id="pbx-pop-2", operator=operator)
    client.force_login(operator)
    assert client.get(URL, {"known": ""}).json()["call"]["call_id"] == "pbx-pop-2"
    call.closed_at = timezone.now()
    call.save()
    assert client.get(URL, {"known": "pbx-pop-2"}).json() == {"call": None}


def test_another_operators_call_does_not_pop(client, operator):
    CallFactory(call_id="pbx-pop-3", operator=UserFactory(username="op-other", roles=["Operator"]))
    client.force_login(operator)
    assert client.get(URL).json() == {"call": None}


def test_only_those_who_take_calls_read_it(client, operator):
    assert client.get(URL).status_code == 302  # anonymous: to the login
    client.force_login(UserFactory(username="viewer-pop", roles=["Authority viewer"]))
    refused = client.get(URL)
    assert refused.status_code in (302, 403) and b"call" not in refused.content, refused.status_code
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="screen-pop"' not in page
    client.force_login(operator)
    assert 'id="screen-pop"' in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_poll_for_no_call_or_the_same_call_is_one_query(client, operator, django_assert_num_queries):
    """200 operators polling every 2 s: the answers that say nothing new cost one indexed query each."""
    client.force_login(operator)
    assert client.get(URL).json() == {"call": None}  # the first poll checks the session and the rights
    with django_assert_num_queries(1):
        assert client.get(URL).json() == {"call": None}
    CallFactory(call_id="pbx-pop-4", operator=operator)
    assert client.get(URL).json()["call"]["call_id"] == "pbx-pop-4"  # a new call: the whole view, audited
    with django_assert_num_queries(1):
        assert client.get(URL, {"known": "pbx-pop-4"}).json() == {"same": True}


def test_a_logged_out_session_never_gets_a_callers_data(client, operator):
    """The process remembers a vouched session for a few seconds; within them a replayed cookie of a session
    logged out hears at most "no call", and a call under way goes to the whole stack, which refuses it."""
    client.force_login(operator)
    assert client.get(URL).json() == {"call": None}
    old_cookie = client.cookies["sessionid"].value
    client.logout()
    client.cookies["sessionid"] = old_cookie
    assert client.get(URL).status_code in (200, 302)
    CallFactory(call_id="pbx-pop-5", caller_number="+7 701 555 00 11", operator=operator)
    replayed = client.get(URL)
    assert replayed.status_code == 302 and b"701" not in replayed.content


def test_a_session_of_someone_who_does_not_take_calls_is_not_vouched_for(client):
    viewer = UserFactory(username="viewer-pop-2", roles=["Authority viewer"])
    CallFactory(call_id="pbx-pop-6", operator=viewer)
    client.force_login(viewer)
    for _poll in range(2):
        refused = client.get(URL)
        assert refused.status_code in (302, 403) and b"pbx-pop-6" not in refused.content
