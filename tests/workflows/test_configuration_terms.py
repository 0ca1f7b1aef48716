"""Process terms (issue 20, item 2): each deadline of the Rules is a term with the Rules' value as default; a
change applies from its effective date to the items opened on or after it, an item opened before keeps its
term; a change needs a reason, is audited and listed with who and why; only administrators and supervisors
change a term, the authority viewer reads them."""

from datetime import date, datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from workflows.appeals.models import Appeal
from workflows.appeals.services import answer_due
from workflows.calendar import clocks
from workflows.calendar.models import Term
from workflows.calendar.terms import DEFINITIONS, term
from workflows.configuration import services

pytestmark = pytest.mark.django_db

EMAIL = Appeal.Channel.EMAIL


def at(*args):
    return timezone.make_aware(datetime(*args))


def end_of(day):
    return clocks.end_of_day(day)


def change(key, value, effective_from, *, reason="Decision of the UCC's board", user=None, today=date(2026, 12, 1)):
    return services.change_term(
        key=key, value=value, effective_from=effective_from, reason=reason, user=user, today=today
    )


def test_every_term_has_the_rules_value_until_it_is_changed():
    on = date(2026, 12, 7)
    assert {key: term(key, on=on) for key in DEFINITIONS} == {
        "appeal_answer": 2,  # para 8
        "wait_standard": 30,  # para 7
        "onboarding_information": 3,  # para 20 (English text)
        "onboarding_training": 10,  # para 21
        "consultation_start": 5,  # para 23
        "bylaw_change": 5,  # para 26
        "replacement_notice": 5,  # para 27
        "call_record": 4,  # para 14
        "escalation": 3,  # para 28
        "discrepancy": 1,  # para 32
        "interruption_notice": 24,  # para 38
        "report_day": 5,  # paras 31, 39
    }


def test_a_change_from_1_january_2027_leaves_an_appeal_of_30_december_on_the_old_term():
    before = answer_due(EMAIL, at(2026, 12, 30, 10, 0))
    # Thu 31 December, then Tue 5 January (1 January off, 2 January's day off moved to Mon 4 January)
    assert before == end_of(date(2027, 1, 5))
    change("appeal_answer", 3, date(2027, 1, 1))

    assert answer_due(EMAIL, at(2026, 12, 30, 10, 0)) == end_of(date(2027, 1, 5))  # still two working days
    assert answer_due(EMAIL, at(2027, 1, 4, 10, 0)) == end_of(date(2027, 1, 8))  # Tue 5, Wed 6, (7th off) Fri 8
    assert term("appeal_answer", on=date(2026, 12, 31)) == 2
    assert term("appeal_answer", on=date(2027, 1, 1)) == 3


def test_the_clocks_read_the_term_in_force_on_the_opening_day():
    change("consultation_start", 6, date(2027, 2, 1))
    assert clocks.consultation_start_date(date(2027, 1, 29)) == date(2027, 2, 6)  # Fri + 5 wd = Fri 5 Feb, then Sat
    assert clocks.consultation_start_date(date(2027, 2, 1)) == date(2027, 2, 10)  # Mon + 6 wd = Tue 9 Feb, then Wed
    change("interruption_notice", 48, date(2027, 3, 1))
    assert clocks.latest_notice_before(at(2027, 2, 28, 10, 0)) == at(2027, 2, 27, 10, 0)
    assert clocks.latest_notice_before(at(2027, 3, 3, 10, 0)) == at(2027, 3, 1, 10, 0)
    change("report_day", 10, date(2027, 3, 1))
    assert clocks.fifth_of_following_month(date(2027, 1, 15)) == date(2027, 2, 5)
    assert clocks.fifth_of_following_month(date(2027, 2, 15)) == date(2027, 3, 10)


def test_a_change_without_a_reason_is_refused_and_nothing_is_written():
    with pytest.raises(ValidationError) as refused:
        change("appeal_answer", 3, date(2027, 1, 1), reason="  ")
    assert "reason" in refused.value.message_dict
    assert not Term.objects.exists()
    assert term("appeal_answer", on=date(2027, 1, 4)) == 2


def test_a_term_cannot_change_in_the_past():
    with pytest.raises(ValidationError) as refused:
        change("appeal_answer", 3, date(2026, 11, 30), today=date(2026, 12, 1))
    assert "effective_from" in refused.value.message_dict
    assert not Term.objects.exists()


def test_a_second_change_for_the_same_day_replaces_the_first_and_both_are_audited():
    change("escalation", 4, date(2027, 1, 1), reason="First proposal")
    change("escalation", 5, date(2027, 1, 1), reason="Board decision № 12")
    assert list(Term.objects.values_list("value", "reason")) == [(5, "Board decision № 12")]
    assert term("escalation", on=date(2027, 1, 1)) == 5
    assert LogEntry.objects.get_for_model(Term).count() == 2


# --- the admin ------------------------------------------------------------------------------------------


def test_a_supervisor_changes_a_term_in_the_admin_and_it_is_listed_with_who_and_why(client):
    supervisor = UserFactory(username="senior", roles=["Senior operator"])
    client.force_login(supervisor)
    url = reverse("configuration_term", args=["appeal_answer"])
    response = client.post(url, {"value": "3", "effective_from": "2030-01-01", "reason": "Board decision № 7"})
    assert response.status_code == 302

    saved = Term.objects.get()
    assert (saved.key, saved.value, saved.effective_from, saved.changed_by) == (
        "appeal_answer",
        3,
        date(2030, 1, 1),
        supervisor,
    )
    assert answer_due(EMAIL, at(2029, 12, 28, 10, 0)) == end_of(date(2030, 1, 3))  # Mon 31 Dec, (1-2 Jan off) Thu 3
    assert answer_due(EMAIL, at(2030, 1, 3, 10, 0)) == end_of(date(2030, 1, 9))  # Fri 4, (7 Jan off) Tue 8, Wed 9
    entry = LogEntry.objects.get_for_model(Term).get()
    assert entry.actor == supervisor and entry.changes_dict["value"] == ["None", "3"]

    page = client.get(url).content.decode()
    assert "Board decision № 7" in page and "senior" in page
    history = client.get(reverse("configuration_history")).content.decode()
    assert "Board decision № 7" in history and "senior" in history


def test_a_change_without_a_reason_is_refused_on_the_screen(client):
    client.force_login(UserFactory(roles=["Senior operator"]))
    url = reverse("configuration_term", args=["appeal_answer"])
    response = client.post(url, {"value": "3", "effective_from": "2030-01-01", "reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Term.objects.exists()


def test_para_20s_screen_shows_the_english_and_the_kazakh_texts(client):
    client.force_login(UserFactory(roles=["Senior operator"]))
    page = client.get(reverse("configuration_term", args=["onboarding_information"])).content.decode()
    assert "within three working days" in page
    assert "бес жұмыс күні ішінде" in page


@pytest.mark.parametrize(
    "role, sees, changes",
    [
        ("Senior operator", True, True),
        ("Authority viewer", True, False),
        ("Operator", False, False),
        ("Onboarding coordinator", False, False),
        ("KB editor", False, False),
        ("Body responsible person", False, False),
    ],
)
def test_only_administrators_and_supervisors_change_a_term(client, role, sees, changes):
    client.force_login(UserFactory(roles=[role]))
    url = reverse("configuration_term", args=["wait_standard"])
    assert client.get(reverse("configuration_terms")).status_code == (200 if sees else 403)
    response = client.post(url, {"value": "20", "effective_from": "2030-01-01", "reason": "Tighter standard"})
    assert response.status_code == (302 if changes else 403)
    assert Term.objects.exists() == changes


def test_an_administrator_changes_a_term(admin_client):
    url = reverse("configuration_term", args=["wait_standard"])
    response = admin_client.post(url, {"value": "20", "effective_from": "2030-01-01", "reason": "Tighter standard"})
    assert response.status_code == 302
    assert term("wait_standard", on=date(2030, 1, 1)) == 20
    assert term("wait_standard", on=date(2029, 12, 31)) == 30


def test_the_reports_day_is_a_day_every_month_has(client):
    client.force_login(UserFactory(roles=["Senior operator"]))
    url = reverse("configuration_term", args=["report_day"])
    response = client.post(url, {"value": "31", "effective_from": "2030-01-01", "reason": "End of the month"})
    assert response.status_code == 200 and not Term.objects.exists()
    response = client.post(url, {"value": "0", "effective_from": "2030-01-01", "reason": "None"})
    assert response.status_code == 200 and not Term.objects.exists()
