"""Operators racing on PostgreSQL, from separate threads (each with its own connection): of two operators
taking the same appeal exactly one wins and the other is told; simultaneous registrations get distinct
numbers without a gap; "take next" never hands the same appeal to two operators."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation

from tests.concurrency import twice_at_once
from tests.factories import AppealFactory, UserFactory
from workflows.appeals import merging, services
from workflows.appeals.models import Appeal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def in_thread(function):
    """Run `function` on its own database connection (closed afterwards), in English."""

    def run(*args):
        try:
            with translation.override("en"):  # the messages are checked in English
                return function(*args)
        finally:
            connection.close()

    return run


def test_two_operators_race_to_take_each_appeal_one_wins_one_is_told():
    first, second = UserFactory(roles=["Operator"]), UserFactory(roles=["Operator"])
    appeals = [AppealFactory() for _n in range(10)]
    barrier = threading.Barrier(2)

    @in_thread
    def take(user, pk):
        seen = Appeal.objects.get(pk=pk)  # both screens show "registered"
        barrier.wait()
        try:
            services.take(appeal=seen, user=user)
            return "won"
        except services.TransitionRefused as refusal:
            return refusal.message

    with ThreadPoolExecutor(max_workers=2) as pool:
        for appeal in appeals:
            outcomes = sorted(pool.map(take, (first, second), (appeal.pk, appeal.pk)))
            assert outcomes[1] == "won", outcomes
            assert "changed by another operator" in outcomes[0]
    for appeal in appeals:
        appeal.refresh_from_db()
        assert appeal.state == "in_progress" and appeal.operator in (first, second)
        assert appeal.events.filter(action="take").count() == 1


def test_simultaneous_registrations_get_distinct_gap_free_numbers():
    @in_thread
    def register(n):
        return services.register_appeal(channel="api", content=f"Вопрос {n}").sequence

    with ThreadPoolExecutor(max_workers=8) as pool:
        sequences = list(pool.map(register, range(80)))
    assert sorted(sequences) == list(range(1, 81))


def test_take_next_never_hands_one_appeal_to_two_operators():
    operators = [UserFactory(roles=["Operator"]) for _n in range(4)]
    for _n in range(12):
        AppealFactory()

    @in_thread
    def take_all(user):
        taken = []
        while (appeal := services.take_next(user=user)) is not None:
            taken.append(appeal.pk)
        return taken

    with ThreadPoolExecutor(max_workers=4) as pool:
        taken = [pk for batch in pool.map(take_all, operators) for pk in batch]
    assert len(taken) == len(set(taken)) == 12


def test_two_clusters_running_the_alerts_at_once_send_each_once():
    """Issue 19, item 5: two schedules at the same moment; the unique alert row lets one of them send."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core import mail

    from workflows.appeals import alerts
    from workflows.appeals.models import AppealAlert

    UserFactory(email="sup@1414.kz", roles=["Senior operator"])
    monday = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    late = [AppealFactory(channel="email", received_at=monday) for _n in range(5)]
    barrier = threading.Barrier(2)

    @in_thread
    def run(_n):
        barrier.wait()
        return alerts.send_alerts(now=datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Almaty")))

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(run, range(2)))
    assert sum(outcome["overdue"] for outcome in outcomes) >= 1
    assert AppealAlert.objects.filter(kind="overdue").count() == len(late)
    overdue_mails = [message for message in mail.outbox if "Просроченные обращения" in message.subject]  # kk / ru
    for appeal in late:  # each appeal in exactly one mail (listed there in Kazakh and again in Russian)
        assert sum(appeal.number in message.body for message in overdue_mails) == 1, appeal.number


def test_two_operators_merging_the_same_pair_at_once_merge_it_once_and_one_is_told():
    """Issue 19, item 6: both screens offer the merge; one merges, the other is refused, one mail leaves."""
    first, second = UserFactory(roles=["Operator"]), UserFactory(roles=["Senior operator"])
    survivor = AppealFactory(applicant_email="aigerim@mail.kz")
    duplicate = AppealFactory(applicant_email="aigerim@mail.kz")
    seen = Appeal.objects.get(pk=duplicate.pk)  # both screens show it registered
    users = iter([first, second])
    mail.outbox.clear()

    @in_thread
    def merge():
        user = next(users)
        try:
            merging.merge(appeal=seen, into=survivor, user=user)
            return "merged"
        except services.TransitionRefused as refusal:
            return refusal.message

    outcomes = sorted(twice_at_once(merge))
    assert outcomes[1] == "merged", outcomes
    assert "changed by another operator" in outcomes[0]
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == ("merged", survivor.pk)
    assert duplicate.events.filter(action="merge").count() == 1
    assert survivor.events.filter(action="merged_here").count() == 1
    assert len(mail.outbox) == 1  # on_commit runs for real here: one applicant, one mail
