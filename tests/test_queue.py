"""django-q2 keeps results (`save_limit` 0) and a daily schedule prunes them (ucc_site/queue.py, issue 21)."""

from datetime import UTC, datetime, timedelta

import pytest

from workflows.schedules import declared_names

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 8, 2, 30, tzinfo=UTC)  # the schedule's run, 02:30


def task(name, *, success, days_ago):
    from django_q.models import Task

    stopped = NOW - timedelta(days=days_ago)
    return Task.objects.create(
        id=name, name=name, func="tests.queue_tasks.record", started=stopped, stopped=stopped, success=success
    )


def test_successes_older_than_the_kept_days_are_pruned_failures_kept(settings, monkeypatch):
    from django.utils import timezone as django_timezone
    from django_q.models import Task

    from ucc_site.queue import prune_task_results

    settings.UCC_Q_KEEP_DAYS = 7
    monkeypatch.setattr(django_timezone, "now", lambda: NOW)
    task("done 8 days ago", success=True, days_ago=8)
    task("done 6 days ago", success=True, days_ago=6)
    task("failed 30 days ago", success=False, days_ago=30)
    assert prune_task_results() == 1
    assert sorted(Task.objects.values_list("name", flat=True)) == ["done 6 days ago", "failed 30 days ago"]


def test_the_pruning_is_a_declared_schedule_and_results_are_not_pruned_per_task(settings):
    assert "tasks: prune old results" in declared_names()
    assert settings.Q_CLUSTER["save_limit"] == 0
