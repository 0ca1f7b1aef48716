"""Issue 19, item 6: the same applicant asking the same again within the window is suggested as a possible
duplicate; an operator merges it into the appeal that answers both (the timelines joined, the applicant told
once, in Kazakh then Russian) or links related appeals; a merge that makes no sense changes nothing."""

from datetime import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import AppealFactory, UserFactory
from workflows.appeals import duplicates, merging, services
from workflows.appeals.models import Appeal, AppealLink

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def in_language(code, text):
    with translation.override(code):
        return translation.gettext(text)


def local(*args):
    return timezone.make_aware(datetime(*args))


QUESTION = "Как получить справку о несудимости через портал egov.kz, если нет ЭЦП?"


def asked(received_at, content=QUESTION, **fields):
    fields.setdefault("applicant_email", "aigerim@mail.kz")
    return AppealFactory(content=content, received_at=received_at, **fields)


# --- possible duplicates -------------------------------------------------------------------------


def test_the_same_question_within_thirty_days_is_a_possible_duplicate():
    first = asked(local(2026, 3, 2, 10))
    again = asked(local(2026, 3, 31, 10), "Справку о несудимости как получить через портал egov.kz без ЭЦП?")
    (found,) = duplicates.possible_duplicates(again)
    assert found == first
    assert "the same applicant" in found.duplicate_reason and "%" in found.duplicate_reason


def test_beyond_the_window_or_another_question_is_no_duplicate(settings):
    asked(local(2026, 3, 1, 10))
    asked(local(2026, 3, 30, 10), "Где посмотреть график работы ЦОН в Алматы в праздничные дни?")
    later = asked(local(2026, 4, 5, 10))  # 35 calendar days after the first
    assert duplicates.possible_duplicates(later) == []
    settings.UCC_APPEAL_DUPLICATE_DAYS = 40
    assert len(duplicates.possible_duplicates(later)) == 1


def test_another_applicant_asking_the_same_is_no_duplicate():
    asked(local(2026, 3, 2, 10), applicant_email="bolat@mail.kz", applicant_phone="+7 702 000 11 22")
    mine = asked(local(2026, 3, 3, 10))
    assert duplicates.possible_duplicates(mine) == []


# --- merging ---------------------------------------------------------------------------------------


def test_merging_closes_the_duplicate_joins_the_timelines_and_tells_the_applicant_once(
    client, operator, django_capture_on_commit_callbacks
):
    survivor = asked(local(2026, 3, 2, 10))
    duplicate = asked(local(2026, 3, 3, 10), channel="web")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        merged = merging.merge(appeal=duplicate, into=survivor, user=operator)
    assert (merged.state, merged.merged_into) == ("merged", survivor)
    assert merged.closed_at is not None
    (message,) = mail.outbox
    assert message.to == ["aigerim@mail.kz"]
    kazakh, russian = message.body.split("----------")
    subject = "Your appeal %(number)s is joined to appeal %(into)s"
    numbers = {"number": duplicate.number, "into": survivor.number}
    assert message.subject == " / ".join(in_language(code, subject) % numbers for code in ("kk", "ru"))
    assert survivor.number in kazakh and survivor.number in russian
    assert merged.events.get(action="merge").applicant_told == "email"
    assert survivor.events.get(action="merged_here").reason == duplicate.number

    client.force_login(operator)
    content = client.get(reverse("appeals_work", args=[survivor.pk])).content.decode()
    assert 'class="appeal-event-merged"' in content and duplicate.number in content

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.TransitionRefused) as refusal:
        merging.merge(appeal=merged, into=survivor, user=operator)
    assert "merged into another appeal" in refusal.value.message
    assert len(mail.outbox) == 1  # never a second mail


def test_a_phone_appeal_is_told_in_the_call_and_gets_no_mail(operator, django_capture_on_commit_callbacks):
    survivor = asked(local(2026, 3, 2, 10))
    call = asked(local(2026, 3, 3, 10), channel="phone_1414")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        merging.merge(appeal=call, into=survivor, user=operator)
    assert mail.outbox == []
    assert call.events.get(action="merge").applicant_told == "call"


@pytest.mark.parametrize("case", ["itself", "closed", "into_merged", "already_merged"])
def test_a_merge_that_makes_no_sense_changes_nothing_and_says_why(case, operator, supervisor):
    one, two, three = (asked(local(2026, 3, day, 10)) for day in (2, 3, 4))
    if case == "closed":
        one = services.take(appeal=one, user=operator)
        one = services.give_answer(appeal=one, user=operator, answer="Через egov.kz.")
        one = services.close(appeal=one, user=operator)
    if case in ("into_merged", "already_merged"):
        merging.merge(appeal=three, into=one, user=supervisor)
        three.refresh_from_db()
    appeal, into, expected = {
        "itself": (two, two, "cannot be merged into itself"),
        "closed": (one, two, "this step is not possible now"),
        "into_merged": (two, three, "is itself merged into another appeal"),
        "already_merged": (three, two, "this step is not possible now"),
    }[case]
    before = {row.pk: (row.state, row.merged_into_id, row.events.count()) for row in Appeal.objects.all()}
    with pytest.raises(services.TransitionRefused) as refusal:
        merging.merge(appeal=appeal, into=into, user=operator)
    assert expected in refusal.value.message
    assert before == {row.pk: (row.state, row.merged_into_id, row.events.count()) for row in Appeal.objects.all()}


def test_nothing_joins_a_closed_appeal(operator):
    closed = services.take(appeal=asked(local(2026, 3, 2, 10)), user=operator)
    closed = services.close(appeal=services.give_answer(appeal=closed, user=operator, answer="Ответ."), user=operator)
    duplicate = asked(local(2026, 3, 3, 10))
    with pytest.raises(services.TransitionRefused) as refusal:
        merging.merge(appeal=duplicate, into=closed, user=operator)
    assert "is closed" in refusal.value.message
    duplicate.refresh_from_db()
    assert duplicate.state == "registered"


def test_an_operator_may_not_merge_an_appeal_another_operator_holds(operator, other_operator):
    held = services.take(appeal=asked(local(2026, 3, 2, 10)), user=other_operator)
    with pytest.raises(services.TransitionRefused) as refusal:
        merging.merge(appeal=held, into=asked(local(2026, 3, 3, 10)), user=operator)
    assert "not allowed" in refusal.value.message


def test_the_screen_suggests_the_duplicate_and_merges_it(client, operator):
    first = asked(local(2026, 3, 2, 10))
    again = asked(local(2026, 3, 3, 10))
    client.force_login(operator)
    content = client.get(reverse("appeals_work", args=[again.pk])).content.decode()
    assert "Possible duplicates" in content and first.number in content
    response = client.post(
        reverse("appeals_merge", args=[again.pk]), {"number": first.number, "state": "registered"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("appeals_work", args=[first.pk])
    again.refresh_from_db()
    assert again.state == "merged"


def test_the_screen_refuses_an_unknown_number(client, operator):
    appeal = asked(local(2026, 3, 2, 10))
    client.force_login(operator)
    response = client.post(reverse("appeals_merge", args=[appeal.pk]), {"number": "UCC-2026-999999"}, follow=True)
    assert "There is no appeal UCC-2026-999999" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.state == "registered"


def test_the_authority_viewer_may_not_merge(client):
    viewer = UserFactory(roles=["Authority viewer"])
    one, two = asked(local(2026, 3, 2, 10)), asked(local(2026, 3, 3, 10))
    client.force_login(viewer)
    assert client.post(reverse("appeals_merge", args=[two.pk]), {"number": one.number}).status_code in (302, 403)
    two.refresh_from_db()
    assert two.state == "registered"


# --- related appeals --------------------------------------------------------------------------------


def test_related_appeals_are_linked_both_ways_once_and_unlinked(client, operator):
    one = asked(local(2026, 3, 2, 10))
    two = asked(local(2026, 3, 3, 10), "Где посмотреть график работы ЦОН?")
    client.force_login(operator)
    client.post(reverse("appeals_link_appeal", args=[two.pk]), {"number": one.number})
    client.post(reverse("appeals_link_appeal", args=[one.pk]), {"number": two.number})  # the same link again
    assert AppealLink.objects.count() == 1
    assert duplicates.related_appeals(one) == [two] and duplicates.related_appeals(two) == [one]
    assert two.number in client.get(reverse("appeals_work", args=[one.pk])).content.decode()
    client.post(reverse("appeals_unlink_appeal", args=[one.pk, two.pk]))
    assert duplicates.related_appeals(one) == [] and duplicates.related_appeals(two) == []
    assert list(two.events.filter(action__endswith="link_appeal").values_list("action", flat=True)) == [
        "link_appeal",
        "unlink_appeal",
    ]
