"""Issue 15: appeals announces, telephony (above it) reacts. Appeals registers a call's appeal and answers a
written one with nobody listening; telephony's receivers link the call and put the rating link (para 13) in
the answer mail."""

import pytest
from django.db import transaction

from tests.factories import AppealFactory, CallFactory, UserFactory
from workflows.appeals import services
from workflows.appeals.signals import answer_mail_composed, call_appeal_registered
from workflows.telephony import receivers

pytestmark = pytest.mark.django_db

CALL_APPEAL = {
    "channel": "phone_1414",
    "applicant_phone": "+77011234567",
    "applicant_kind": "individual",
    "topic": "e_government",
    "content": "Не приходит SMS на egov.kz",
}


@pytest.fixture
def operator():
    return UserFactory(username="aigerim", first_name="Айгерим", last_name="Сейткали", roles=["Operator"])


@pytest.fixture
def without_telephony():
    """Appeals as it is where telephony is not installed: nobody answers its signals."""
    call_appeal_registered.disconnect(dispatch_uid="telephony.link_call")
    answer_mail_composed.disconnect(dispatch_uid="telephony.rating_link")
    yield
    call_appeal_registered.connect(receivers.link_call, dispatch_uid="telephony.link_call")
    answer_mail_composed.connect(receivers.add_rating_link, dispatch_uid="telephony.rating_link")


def test_telephony_links_the_call_the_appeal_was_registered_from(operator):
    call = CallFactory(call_id="pbx-0042", operator=operator)
    appeal, linked = services.register_call_appeal(user=operator, call_id="pbx-0042", **CALL_APPEAL)
    call.refresh_from_db()
    assert linked is True and call.appeal == appeal


def test_a_call_appeal_is_registered_with_nobody_linking_calls(operator, without_telephony):
    call = CallFactory(call_id="pbx-0042", operator=operator)
    appeal, linked = services.register_call_appeal(user=operator, call_id="pbx-0042", **CALL_APPEAL)
    call.refresh_from_db()
    assert appeal.number and linked is False and call.appeal is None


def test_the_link_rolls_back_with_the_appeal(operator):
    call = CallFactory(call_id="pbx-0042", operator=operator)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.register_call_appeal(user=operator, call_id="pbx-0042", **CALL_APPEAL)
        raise RuntimeError("the operator's transaction fails after the registration")
    call.refresh_from_db()
    assert call.appeal is None


def answer(operator, django_capture_on_commit_callbacks, mailoutbox):
    appeal = AppealFactory(channel="email", language="ru", operator=operator, applicant_email="citizen@example.kz")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_answer(appeal=appeal, user=operator, answer="Справку выдают на egov.kz за 1 день.")
    [mail] = mailoutbox
    return mail


def test_telephony_puts_the_rating_link_in_the_answer_mail(operator, django_capture_on_commit_callbacks, mailoutbox):
    mail = answer(operator, django_capture_on_commit_callbacks, mailoutbox)
    assert "/ru/rate/" in mail.body and "/ru/rate/" in mail.alternatives[0][0]


def test_the_answer_mail_has_no_rating_link_with_nobody_adding_one(
    operator, django_capture_on_commit_callbacks, mailoutbox, without_telephony
):
    mail = answer(operator, django_capture_on_commit_callbacks, mailoutbox)
    assert "/rate/" not in mail.body and "/rate/" not in mail.alternatives[0][0]
    assert "Справку выдают" in mail.body
