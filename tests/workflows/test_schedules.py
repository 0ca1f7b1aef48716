"""The platform's schedules are declared once and land in django-q after every migrate."""

import pytest
from django_q.models import Schedule
from django_q.tasks import async_task, result

from workflows.schedules import declared_names, sync_schedules

pytestmark = pytest.mark.django_db


def test_migrate_wrote_every_declared_schedule():
    assert set(declared_names()) <= set(Schedule.objects.values_list("name", flat=True))


def test_syncing_twice_creates_nothing_new():
    count = Schedule.objects.count()
    assert sync_schedules() == (0, 0)
    assert Schedule.objects.count() == count


def test_a_changed_schedule_follows_the_declaration():
    name = declared_names()[0]
    Schedule.objects.filter(name=name).update(func="something.else")
    assert sync_schedules() == (0, 1)
    assert Schedule.objects.get(name=name).func == "workflows.calendar.tasks.refresh_calendar_task"


def test_the_calendar_refresh_task_runs_and_reports():
    task_id = async_task("workflows.calendar.tasks.refresh_calendar_task")
    assert "0 created" in result(task_id)
