"""Responsible persons (paras 20, 27) and by-law changes (para 26), as the Rules put them.

The dates are counted by hand on the 2026 calendar: Nauryz (21-23 March) falls partly on a weekend,
so 21-25 March are days off; five working days after Friday 20 March are 26, 27, 30, 31 March and
1 April.
"""

from datetime import date, datetime

import pytest
from django.db import transaction
from django.utils import timezone, translation

from tests.factories import StateBodyFactory, UserFactory
from workflows.registry import selectors, services
from workflows.registry.models import PublicService, ResponsiblePerson, ServiceChange
from workflows.registry.signals import service_changed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages below are read in English, whatever language an earlier test left active (kk is the default)."""
    with translation.override("en"):
        yield


FRIDAY_BEFORE_NAURYZ = date(2026, 3, 20)


def local(*args):
    return timezone.make_aware(datetime(*args))


def service(number, name_kk="Туу туралы куәлік беру", name_ru="Выдача свидетельства о рождении"):
    return PublicService.objects.create(register_number=number, name_kk=name_kk, name_ru=name_ru)


@pytest.fixture
def body():
    return StateBodyFactory(name_ru="Министерство юстиции Республики Казахстан")


@pytest.fixture
def births():
    return service("00101001")


@pytest.fixture
def marriages():
    return service("00101002", name_kk="Неке қию", name_ru="Регистрация брака")


@pytest.fixture
def aigerim(body, births, marriages):
    person = services.appoint_responsible_person(
        body=body,
        full_name="Сейткали Айгерим Нурлановна",
        position="главный эксперт",
        phone="+7 7172 74 00 00",
        email="a.seitkali@adilet.gov.kz",
        appointed_on=date(2026, 1, 15),
        services=[births, marriages],
    )
    return services.run_transition(obj=person, name="activate", user=None)


@pytest.fixture
def nurlan(body):
    return services.appoint_responsible_person(body=body, full_name="Ахметов Нурлан", appointed_on=date(2026, 3, 20))


@pytest.fixture
def coordinator():
    return UserFactory(roles=["Onboarding coordinator"])


def replace(person, successor, notified_on=None, user=None):
    return services.replace_responsible_person(
        person=person, successor=successor, replaced_on=FRIDAY_BEFORE_NAURYZ, notified_on=notified_on, user=user
    )


# Para 20: appointment


def test_para_20_an_appointed_person_answers_for_the_body_services_from_the_appointment(aigerim, births):
    assert aigerim.state == ResponsiblePerson.State.ACTIVE
    assert list(selectors.responsible_on(births, date(2026, 1, 15))) == [aigerim]
    assert list(selectors.responsible_on(births, date(2026, 1, 14))) == []


# Para 27: replacement, notified within five working days


def test_para_27_a_replacement_on_friday_20_march_2026_before_nauryz_must_be_notified_by_the_end_of_1_april(
    aigerim, nurlan, coordinator
):
    replace(aigerim, nurlan, notified_on=date(2026, 4, 1), user=coordinator)

    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.REPLACED
    assert aigerim.replaced_by == nurlan
    assert aigerim.replaced_on == date(2026, 3, 20)
    assert timezone.localtime(aigerim.notification_due) == local(2026, 4, 1, 23, 59, 59, 999999)
    assert aigerim.notified_late is False
    assert aigerim not in selectors.late_replacements()


def test_para_27_a_notification_on_2_april_is_late(aigerim, nurlan):
    replace(aigerim, nurlan, notified_on=date(2026, 4, 2))

    aigerim.refresh_from_db()
    assert aigerim.notified_late is True
    assert list(selectors.late_replacements()) == [aigerim]


def test_para_27_a_replacement_not_notified_becomes_late_once_1_april_has_ended(aigerim, nurlan):
    replace(aigerim, nurlan)

    assert aigerim not in selectors.late_replacements(now=local(2026, 4, 1, 23, 0))
    assert aigerim in selectors.late_replacements(now=local(2026, 4, 2, 0, 0, 1))


def test_para_27_history_tells_who_answered_for_a_service_before_and_after_the_replacement(
    aigerim, nurlan, births, marriages
):
    replace(aigerim, nurlan, notified_on=date(2026, 3, 26))

    assert list(selectors.responsible_on(births, date(2026, 3, 19))) == [aigerim]
    assert list(selectors.responsible_on(births, date(2026, 3, 20))) == [nurlan]
    assert list(selectors.responsible_on(marriages, date(2026, 6, 1))) == [nurlan]
    assert list(selectors.responsible_on(births, date(2026, 2, 1))) == [aigerim]
    assert set(aigerim.responsibilities.values_list("end_date", flat=True)) == {date(2026, 3, 20)}


def test_a_successor_from_another_body_is_refused_and_nothing_changes(aigerim, births):
    stranger = services.appoint_responsible_person(
        body=StateBodyFactory(), full_name="Чужой Сотрудник", appointed_on=date(2026, 3, 1)
    )

    with pytest.raises(services.TransitionRefused, match="same state body"):
        replace(aigerim, stranger)

    aigerim.refresh_from_db()
    assert (aigerim.state, aigerim.replaced_by, aigerim.notification_due) == ("active", None, None)
    assert list(selectors.responsible_on(births, date(2026, 4, 1))) == [aigerim]


def test_para_27_a_new_successor_is_appointed_with_the_replacement_or_not_at_all(aigerim, births):
    nurlan = services.replace_by_new_person(
        person=aigerim, full_name="Ахметов Нурлан", replaced_on=FRIDAY_BEFORE_NAURYZ
    ).replaced_by
    assert (nurlan.full_name, nurlan.body_id, nurlan.appointed_on) == (
        "Ахметов Нурлан",
        aigerim.body_id,
        date(2026, 3, 20),
    )
    assert list(selectors.responsible_on(births, date(2026, 3, 20))) == [nurlan]

    with pytest.raises(services.TransitionRefused):  # replaced already
        services.replace_by_new_person(person=aigerim, full_name="Третий", replaced_on=date(2026, 3, 25))
    assert not ResponsiblePerson.objects.filter(full_name="Третий").exists()


def test_a_replaced_person_cannot_be_replaced_again(aigerim, nurlan, body):
    replace(aigerim, nurlan)
    third = services.appoint_responsible_person(body=body, full_name="Третий", appointed_on=date(2026, 3, 25))

    with pytest.raises(services.TransitionRefused, match="not possible"):
        replace(aigerim, third)


def test_a_user_without_the_permission_cannot_replace(aigerim, nurlan):
    operator = UserFactory(roles=["Operator"])

    with pytest.raises(services.TransitionRefused, match="not allowed"):
        replace(aigerim, nurlan, user=operator)

    aigerim.refresh_from_db()
    assert aigerim.state == ResponsiblePerson.State.ACTIVE


# Transitions run by the admin's buttons


def test_activating_twice_is_refused(aigerim, coordinator):
    with pytest.raises(services.TransitionRefused, match="not possible"):
        services.run_transition(obj=aigerim, name="activate", user=coordinator)


def test_a_step_on_a_record_changed_meanwhile_is_refused_and_nothing_changes(nurlan, coordinator):
    seen_by_one, seen_by_other = (ResponsiblePerson.objects.get(pk=nurlan.pk) for _ in range(2))
    services.run_transition(obj=seen_by_one, name="activate", user=coordinator)

    with pytest.raises(services.TransitionRefused, match="changed by someone else"):
        services.run_transition(obj=seen_by_other, name="activate", user=coordinator)

    nurlan.refresh_from_db()
    assert nurlan.state == ResponsiblePerson.State.ACTIVE


def test_a_method_that_is_no_transition_is_refused(nurlan, coordinator):
    with pytest.raises(services.TransitionRefused):
        services.run_transition(obj=nurlan, name="delete", user=coordinator)
    assert ResponsiblePerson.objects.filter(pk=nurlan.pk).exists()


# Para 26: by-law changes


def test_para_26_a_change_on_friday_20_march_2026_is_due_at_the_end_of_1_april(births):
    change = services.report_service_change(
        service=births, what_changed="New list of documents", changed_on=FRIDAY_BEFORE_NAURYZ
    )

    assert timezone.localtime(change.update_due) == local(2026, 4, 1, 23, 59, 59, 999999)
    assert change.state == ServiceChange.State.REPORTED


def test_para_26_the_knowledge_base_is_told_once_after_commit(births, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append((kwargs["service"], kwargs["change"]))

    service_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            change = services.report_service_change(
                service=births,
                what_changed="Term shortened to 1 working day",
                changed_on=FRIDAY_BEFORE_NAURYZ,
                act_title="Приказ Министра юстиции",
                act_number="123",
                act_date=date(2026, 3, 18),
            )
            assert received == []  # nothing before the commit
    finally:
        service_changed.disconnect(receiver)

    assert len(callbacks) == 1
    assert received == [(births, change)]


def test_para_26_a_change_rolled_back_tells_nobody(births, django_capture_on_commit_callbacks):
    received = []
    service_changed.connect(lambda sender, **kwargs: received.append(kwargs), weak=False, dispatch_uid="rollback")
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
            with transaction.atomic():
                services.report_service_change(service=births, what_changed="x", changed_on=FRIDAY_BEFORE_NAURYZ)
                raise RuntimeError("the surrounding work failed")
    finally:
        service_changed.disconnect(dispatch_uid="rollback")

    assert received == []
    assert not ServiceChange.objects.exists()


def test_para_26_information_updated_on_1_april_is_in_time_on_2_april_late(births, marriages):
    in_time = services.report_service_change(service=births, what_changed="a", changed_on=FRIDAY_BEFORE_NAURYZ)
    late = services.report_service_change(service=marriages, what_changed="b", changed_on=FRIDAY_BEFORE_NAURYZ)

    services.mark_change_updated(change=in_time, at=local(2026, 4, 1, 18, 0))
    services.mark_change_updated(change=late, at=local(2026, 4, 2, 9, 0))

    assert (in_time.state, in_time.updated_late) == (ServiceChange.State.INFORMATION_UPDATED, False)
    assert late.updated_late is True


def test_para_26_overdue_changes_are_those_not_updated_after_1_april(births, marriages):
    waiting = services.report_service_change(service=births, what_changed="a", changed_on=FRIDAY_BEFORE_NAURYZ)
    updated = services.report_service_change(service=marriages, what_changed="b", changed_on=FRIDAY_BEFORE_NAURYZ)
    services.mark_change_updated(change=updated, at=local(2026, 3, 30, 12, 0))

    assert list(selectors.overdue_changes(now=local(2026, 4, 1, 23, 0))) == []
    assert list(selectors.overdue_changes(now=local(2026, 4, 2, 0, 0, 1))) == [waiting]


def test_only_the_ucc_confirms_an_updated_change(births, coordinator):
    change = services.report_service_change(service=births, what_changed="a", changed_on=FRIDAY_BEFORE_NAURYZ)
    services.mark_change_updated(change=change, at=local(2026, 3, 26, 10, 0))
    responsible = UserFactory(roles=["Body responsible person"])

    with pytest.raises(services.TransitionRefused, match="not allowed"):
        services.confirm_change(change=change, user=responsible)
    services.confirm_change(change=change, user=coordinator, at=local(2026, 3, 27, 10, 0))

    assert (change.state, change.confirmed_by, change.confirmed_at) == (
        ServiceChange.State.CONFIRMED,
        coordinator,
        local(2026, 3, 27, 10, 0),
    )
