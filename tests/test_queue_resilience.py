"""Issue 21 (resilience): django-q2 clusters on the ORM broker of PostgreSQL (ucc_site/queue.py), as real
processes: a failed task is retried and not lost; a cluster killed mid-task (SIGKILL) leaves it to be run
once more, with the same effect; two clusters never run the same schedule twice. Runs in the second lane."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def clusters(monkeypatch):
    """Start clusters (each in its own session) with a short timeout and retry; all stopped at the end."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)
    monkeypatch.setattr(Conf, "ORM", "default")
    started = []
    db = connection.settings_dict

    def start(timeout=3, retry=4):
        env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}  # the ORM broker
        env.update(
            DJANGO_SETTINGS_MODULE="ucc_site.settings.dev",
            SECRET_KEY=settings.SECRET_KEY,  # tasks are signed with it
            DATABASE_URL=f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}",
            Q_TIMEOUT=str(timeout),
            Q_RETRY=str(retry),
            Q_WORKERS="1",
            LOG_LEVEL="WARNING",
        )
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], env=env, cwd=BASE_DIR, start_new_session=True
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10  # the test database is dropped at the end: let their sessions go
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.2)


def enqueue(func, *args):
    from django_q.tasks import async_task

    from ucc_site.queue import OrmBroker

    return async_task(func, *args, broker=OrmBroker())


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)
    return condition()


def attempts(folder, key):
    return sorted(path.name for path in folder.glob(f"{key}.*"))


def test_a_failed_task_is_retried_and_not_lost(tmp_path, clusters):
    from django_q.models import OrmQ, Task

    clusters(timeout=3, retry=4)
    task_id = enqueue("tests.queue_tasks.fails_first_time", str(tmp_path), "flaky")
    assert wait_until(lambda: Task.objects.filter(id=task_id, success=True).exists(), 60)
    task = Task.objects.get(id=task_id)
    assert task.attempt_count == 2 and task.result == "done"
    assert attempts(tmp_path, "flaky") == ["flaky.1", "flaky.2"]
    assert wait_until(lambda: not OrmQ.objects.exists(), 10), "acknowledged once it succeeded"


def test_a_cluster_killed_mid_task_leaves_it_to_run_once_more_with_the_same_effect(tmp_path, clusters):
    from django_q.models import OrmQ, Task

    from workflows.directory.models import Region

    first = clusters(timeout=10, retry=12)
    task_id = enqueue("tests.queue_tasks.slow_first_time", str(tmp_path), "K1")
    assert wait_until(lambda: attempts(tmp_path, "K1") == ["K1.1"], 60)
    os.killpg(first.pid, signal.SIGKILL)  # the cluster and its worker die mid-task
    first.wait()
    assert not Region.objects.filter(kato_code="K1").exists() and OrmQ.objects.count() == 1

    clusters(timeout=10, retry=12)  # a new cluster takes the task again once its claim expires
    assert wait_until(lambda: Task.objects.filter(id=task_id, success=True).exists(), 60)
    time.sleep(1)
    assert attempts(tmp_path, "K1") == ["K1.1", "K1.2"], "run again exactly once"
    assert Region.objects.filter(kato_code="K1").count() == 1
    assert not OrmQ.objects.exists()


def test_two_clusters_never_run_the_same_schedule_twice(tmp_path, clusters):
    from django_q.models import Schedule

    Schedule.objects.all().delete()  # only this one: the platform's own would run too
    Schedule.objects.create(
        name="test: hourly",
        func="tests.queue_tasks.record",
        args=repr((str(tmp_path), "S")),
        schedule_type=Schedule.MINUTES,
        minutes=60,  # its next run an hour on: a second run within the test would be one too many
        next_run=timezone.now() - timedelta(seconds=1),
    )
    clusters(), clusters()
    assert wait_until(lambda: attempts(tmp_path, "S"), 90), "the schedule ran"  # first look 30 s after the start
    time.sleep(35)  # each cluster's scheduler looks at the schedules every 30 s (60 guard cycles of 0.5 s)
    assert attempts(tmp_path, "S") == ["S.1"], "once, not once per cluster"
    assert Schedule.objects.get(name="test: hourly").next_run > timezone.now()
