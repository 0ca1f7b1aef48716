"""Para 13: the citizen rates the consultation on a five-point scale — by the IVR after a call (see
test_telephony_api.py) or by a signed, single-use link in the answer to an e-mail or web appeal."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import AppealFactory, CallFactory, OnboardingServiceFactory, UserFactory
from workflows.appeals import services as appeals
from workflows.telephony import selectors
from workflows.telephony.models import Rating
from workflows.telephony.ratings import rating_link_for

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def operator():
    return UserFactory(username="aigerim", first_name="Айгерим", last_name="Сейткали", roles=["Operator"])


@pytest.fixture
def answered(operator):
    appeal = AppealFactory(channel="email", language="ru", operator=operator, service=OnboardingServiceFactory())
    return appeals.give_answer(appeal=appeal, user=operator, answer="Справку выдают на egov.kz за 1 день.")


def path_of(link):
    return link.split("127.0.0.1:8000", 1)[-1]


def test_the_link_opens_the_rating_page_in_the_citizens_language(client, answered):
    link = rating_link_for(answered)
    assert path_of(link).startswith("/ru/rate/")
    page = client.get(path_of(link))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ru">' in html and answered.number in html
    assert html.count('type="radio" name="score"') == 5


def test_a_score_is_recorded_with_the_operator_the_service_and_the_channel(client, answered, operator):
    response = client.post(path_of(rating_link_for(answered)), {"score": "4"})
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert (rating.appeal, rating.score, rating.channel) == (answered, 4, "email")
    assert (rating.operator, rating.service) == (operator, answered.service)


def test_the_link_is_single_use(client, answered):
    link = path_of(rating_link_for(answered))
    client.post(link, {"score": "5"})
    assert client.post(link, {"score": "5"}).status_code == 409
    assert client.get(link).status_code == 409
    assert Rating.objects.get().score == 5


@pytest.mark.parametrize("score", ["0", "6", "", "five"])
def test_a_score_outside_one_to_five_is_refused(client, answered, score):
    response = client.post(path_of(rating_link_for(answered)), {"score": score})
    assert response.status_code == 400
    assert not Rating.objects.exists()


def test_a_forged_or_altered_link_is_refused(client, answered):
    link = path_of(rating_link_for(answered))
    token = link.rstrip("/").rsplit("/", 1)[1]
    altered = link.replace(token, token[:-3] + ("abc" if token[-3:] != "abc" else "xyz"))
    assert client.post(altered, {"score": "1"}).status_code == 400
    assert client.get("/en/rate/forged-token/").status_code == 400
    assert "not valid" in client.get("/en/rate/forged-token/").content.decode()
    assert not Rating.objects.exists()


def test_an_expired_link_is_refused(client, answered, settings):
    link = path_of(rating_link_for(answered))
    settings.UCC_RATING_LINK_MAX_AGE = -1
    assert client.post(link, {"score": "5"}).status_code == 410
    assert not Rating.objects.exists()


def test_an_appeal_not_answered_yet_cannot_be_rated(client):
    appeal = AppealFactory(channel="web", language="kk")
    assert client.get(path_of(rating_link_for(appeal))).status_code == 409


def test_calls_are_rated_by_the_ivr_not_by_a_link():
    with pytest.raises(ValueError):
        rating_link_for(AppealFactory(channel="phone_1414"))


def _call(call_id, operator):
    return CallFactory(call_id=call_id, operator=operator)


def _rated(score, on, **fields):
    rating = Rating.objects.create(score=score, **fields)
    Rating.objects.filter(pk=rating.pk).update(created_at=on)
    return rating


def test_averages_per_operator_per_service_and_per_day(operator):
    other = UserFactory(username="berik")
    service = OnboardingServiceFactory(register_number="00201001", name_ru="Выдача справки")
    monday, tuesday = datetime(2026, 3, 16, 12, tzinfo=ALMATY), datetime(2026, 3, 17, 9, tzinfo=ALMATY)
    _rated(5, monday, call=_call("a", operator), channel="phone_1414", operator=operator, service=service)
    _rated(4, monday, call=_call("b", operator), channel="phone_1414", operator=operator)
    _rated(2, tuesday, call=_call("c", other), channel="phone_8800", operator=other, service=service)
    period = selectors.Period(date(2026, 3, 16), date(2026, 3, 17))
    assert selectors.ratings_per_operator(period) == [
        {"operator": "Айгерим Сейткали", "ratings": 2, "average": 4.5},
        {"operator": "berik", "ratings": 1, "average": 2.0},
    ]
    assert selectors.ratings_per_service(period) == [
        {"service": "00201001 Выдача справки", "ratings": 2, "average": 3.5}
    ]
    assert selectors.ratings_per_day(period) == [
        {"day": "2026-03-16", "ratings": 2, "average": 4.5},
        {"day": "2026-03-17", "ratings": 1, "average": 2.0},
    ]
    assert selectors.ratings_per_day(selectors.Period(date(2026, 3, 17), date(2026, 3, 17)))[0]["ratings"] == 1


def test_the_database_refuses_a_score_outside_one_to_five(operator):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Rating.objects.create(score=6, call=_call("x", operator), channel="phone_1414")


def test_the_answer_mail_can_carry_the_link(answered):
    from django.template import Context, Template

    text = Template("{% load telephony_tags %}{% rating_link appeal %}").render(Context({"appeal": answered}))
    assert text.startswith("http://") and "/ru/rate/" in text


def test_the_answer_e_mail_carries_the_rating_link(client, operator, django_capture_on_commit_callbacks, mailoutbox):
    appeal = AppealFactory(channel="email", language="ru", operator=operator, applicant_email="citizen@example.kz")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.give_answer(appeal=appeal, user=operator, answer="Справку выдают на egov.kz за 1 день.")

    [answer] = mailoutbox
    link = next(word for word in answer.body.split() if "/rate/" in word)
    assert client.post(path_of(link), {"score": "5"}).status_code == 200
    assert Rating.objects.get(appeal=appeal).score == 5
