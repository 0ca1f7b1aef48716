"""The production profile, for real: gunicorn with several workers on PostgreSQL, static files from
whitenoise, and several django-q2 clusters sharing the Redis broker. Runs in the second test lane."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BASE_DIR = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp_path):
    """The environment an operator would set in production, pointed at the test database."""
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ucc_site.settings.production",
        # django-q2 signs every task with SECRET_KEY: the enqueuing process and the clusters share it.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ["REDIS_URL"],
        "STATIC_ROOT": str(tmp_path / "static"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def stop_all():
    """Processes started by a test, each in its own session: stopped with all their children."""
    processes = []
    yield processes
    for process in processes:
        process.terminate()  # the parent stops its own workers gracefully
    for process in processes:
        try:
            process.wait(timeout=20)
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # whatever child is left
            except ProcessLookupError:
                pass
    _wait_for_other_sessions_to_close()


def _wait_for_other_sessions_to_close(timeout=10):
    """The test database is dropped at the end of the run: give the stopped processes' sessions time to go."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.2)


def test_gunicorn_serves_the_site_and_its_static_files(tmp_path, stop_all):
    from cms.home.demo import load_demo_pages

    load_demo_pages()
    env = production_env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=BASE_DIR,
        check=True,
        timeout=300,
    )
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    stop_all.append(
        subprocess.Popen(
            [str(gunicorn), "ucc_site.wsgi", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
            + ["--worker-class", "gthread", "--workers", "2", "--threads", "4", "--keep-alive", "30"],
            env=env,
            cwd=BASE_DIR,
            start_new_session=True,
        )
    )
    page = wait_for(f"http://127.0.0.1:{port}/ru/").read().decode()
    assert "<h1>Единый контакт-центр 1414</h1>" in page
    stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith("/static/css/ucc.") and stylesheet != "/static/css/ucc.css", "hashed by the manifest"
    assert urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}").status == 200


def test_two_clusters_share_the_redis_broker_and_run_each_task_once(tmp_path, stop_all, monkeypatch):
    """Deadlines computed by the cluster processes from the calendar in PostgreSQL."""
    from django_q.conf import Conf
    from django_q.models import Task
    from django_q.tasks import async_task, result

    from workflows.calendar.seed import refresh_calendar

    refresh_calendar(years=[2026])
    monkeypatch.setattr(Conf, "SYNC", False)  # the test settings run tasks inline; here they go to Redis
    env = production_env(tmp_path)
    for _ in range(2):
        stop_all.append(
            subprocess.Popen([sys.executable, "manage.py", "qcluster"], env=env, cwd=BASE_DIR, start_new_session=True)
        )
    ids = [async_task("workflows.calendar.working_days.add_working_days", date(2026, 3, 20), 3) for _ in range(10)]
    deadline = time.monotonic() + 60
    while Task.objects.filter(id__in=ids).count() < len(ids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [result(task_id) for task_id in ids] == [date(2026, 3, 30)] * 10
    assert Task.objects.filter(id__in=ids).count() == 10
