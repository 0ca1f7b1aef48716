"""Keeping the indexes current (issue 5): an index write waits for SQLite's one writer instead of failing,
a refused write is tried again and never dropped quietly, a renamed registry service re-indexes the pages
about it, and Wagtail's own index (the admin's page search) is updated after the commit, not in the request."""

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import override_settings
from django_tasks import TaskResultStatus
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from cms.search import receivers, tasks
from cms.search.models import SearchDocument
from cms.search.selectors import search
from tests.workflows.registry_files import csv_bytes
from workflows.registry.bulk_import import import_registry

from .search_pages import build_site

pytestmark = pytest.mark.django_db

# Run in a process of its own, on a copy of the test database in a file: another connection takes SQLite's
# write lock and holds it for a second while the index is written.
CONTENTION = textwrap.dedent(
    """
    import sqlite3, sys, threading, time
    import django
    django.setup()
    from django.db import OperationalError, connection
    from wagtail.models import Page
    from cms.search import services

    path, transaction_mode = sys.argv[1], sys.argv[2]
    connection.settings_dict["OPTIONS"]["transaction_mode"] = transaction_mode
    page = Page.get_first_root_node().add_child(instance=Page(title="Паспорт алу", slug="passport"))
    held = threading.Event()

    def hold_the_write_lock():
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE wagtailcore_page SET title = title WHERE id = ?", [page.pk])
        held.set()
        time.sleep(1)
        other.execute("COMMIT")

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    held.wait()
    try:
        print("indexed:", services.index_page(page_id=page.pk).title)
    except OperationalError as error:
        print("refused:", error)
    holder.join()
    """
)


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    return build_site(django_capture_on_commit_callbacks)


@pytest.fixture(scope="module")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The migrated test database copied into a file, taken before any test opens its transaction."""
    path = tmp_path_factory.mktemp("contention") / "db.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
    return path


def index_under_contention(database_file, tmp_path, transaction_mode):
    path = tmp_path / transaction_mode / "db.sqlite3"
    path.parent.mkdir()
    path.write_bytes(database_file.read_bytes())
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    result = subprocess.run(
        [sys.executable, "-c", CONTENTION, str(path), transaction_mode],
        env={**env, "DJANGO_SETTINGS_MODULE": "ucc_site.settings.test", "DATABASE_URL": f"sqlite:///{path}"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one writer")
def test_an_index_write_waits_while_another_process_holds_sqlites_write_lock(database_file, tmp_path):
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert index_under_contention(database_file, tmp_path, "IMMEDIATE") == "indexed: Паспорт алу"
    # What the cluster's tasks met before: a transaction that reads first is refused at once, timeout or not.
    assert index_under_contention(database_file, tmp_path, "DEFERRED") == "refused: database is locked"


def test_a_refused_index_write_is_tried_again_after_a_growing_pause(site, monkeypatch):
    real_index_page, calls, pauses = tasks.services.index_page, [], []

    def locked_twice(**kwargs):
        calls.append(kwargs)
        if len(calls) <= 2:
            raise OperationalError("database is locked")
        return real_index_page(**kwargs)

    monkeypatch.setattr(tasks.services, "index_page", locked_twice)
    monkeypatch.setattr(tasks.time, "sleep", pauses.append)
    SearchDocument.objects.filter(page=site["passport"]).delete()
    tasks.index_page(site["passport"].pk)
    assert len(calls) == 3 and pauses == [0.5, 1.0]
    assert SearchDocument.objects.get(page=site["passport"]).title == "Паспорт алу"


def test_a_write_refused_every_time_fails_the_task_so_django_q_hands_it_out_again(site, monkeypatch):
    def always_locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tasks.services, "index_page", always_locked)
    monkeypatch.setattr(tasks.time, "sleep", lambda seconds: None)
    with pytest.raises(OperationalError):
        tasks.index_page(site["passport"].pk)


def test_renaming_a_service_reindexes_its_service_page_and_knowledge_base_article(
    site, django_capture_on_commit_callbacks
):
    service = site["service"]
    service.name_kk = "Шетелге шығуға арналған құжат ресімдеу"
    service.register_number = "00201099"
    with django_capture_on_commit_callbacks(execute=True):
        service.save()
    for page in (site["passport"], site["article"]):
        document = SearchDocument.objects.get(page=page)
        assert document.service_names == "Шетелге шығуға арналған құжат ресімдеу"
        assert document.register_numbers == " 00201099 "
    found = search("ресімдеу")
    assert [hit.document.page_id for hit in found.hits] == [site["passport"].pk]


def test_saving_a_service_without_a_new_name_or_number_reindexes_nothing(
    site, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(receivers, "async_task", lambda *args, **kwargs: queued.append(args))
    service = site["service"]
    service.category = "Құжаттар"
    with django_capture_on_commit_callbacks(execute=True):
        service.save()
    assert queued == []


def test_a_registry_import_that_renames_a_service_reindexes_its_pages(site, django_capture_on_commit_callbacks):
    headers = ["register_number", "name_kk", "name_ru"]
    renamed = {"register_number": "00201005", "name_kk": "Паспорт ресімдеу", "name_ru": "Оформление паспорта"}
    with django_capture_on_commit_callbacks(execute=True):
        report = import_registry(csv_bytes([renamed], headers), "csv")
    assert report.written and report.updated == 1, report.summary()
    assert SearchDocument.objects.get(page=site["passport"]).service_names == "Паспорт ресімдеу"


QUEUED_WAGTAIL_INDEX = {"default": {"BACKEND": "cms.search.task_backends.QueuedPageIndexBackend"}}


@override_settings(TASKS=QUEUED_WAGTAIL_INDEX)
def test_wagtails_index_of_a_page_is_updated_after_the_commit_not_in_the_publishing_request(
    site, admin_client, django_capture_on_commit_callbacks
):
    passport = site["passport"]
    passport.title = "Паспорт алу және ауыстыру"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        passport.save_revision().publish()
    assert not wagtail_finds("ауыстыру")
    for callback in callbacks:
        callback()  # the commit: django-q (synchronous in the tests) runs the queued updates
    assert [page.pk for page in wagtail_finds("ауыстыру")] == [passport.pk]
    response = admin_client.get("/admin/pages/search/", {"q": "ауыстыру"})
    assert "Паспорт алу және ауыстыру" in response.content.decode()


@override_settings(TASKS=QUEUED_WAGTAIL_INDEX)
def test_wagtails_other_tasks_still_run_at_once(site):
    from wagtail.tasks import update_reference_index_task

    result = update_reference_index_task.enqueue("services", "servicepage", str(site["passport"].pk))
    assert result.status == TaskResultStatus.SUCCESSFUL


def wagtail_finds(text):
    return list(get_search_backend().search(text, Page))


# Two workers update Wagtail's index for the same new page at once, on a file database each thread opens
# for itself (as two django-q workers do under `make run`), twenty times.
RACE = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.db import connection
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry
    from cms.search import services
    from tests.concurrency import twice_at_once

    connection.settings_dict["OPTIONS"]["transaction_mode"] = sys.argv[2]
    root = Page.get_first_root_node()
    for n in range(20):
        page = root.add_child(instance=Page(title=f"Паспорт алу {n}", slug=f"passport-{n}"))
        IndexEntry.objects.filter(object_id=str(page.pk)).delete()  # as a new page stands before its tasks run
        twice_at_once(lambda: services.update_wagtail_index(app_label="wagtailcore", model_name="page", pk=page.pk))
        assert IndexEntry.objects.filter(object_id=str(page.pk)).count() == 1
    print("indexed once, twenty times")
    """
)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's backend upserts")
def test_two_workers_indexing_the_same_page_at_once_leave_one_entry_and_no_error(database_file, tmp_path):
    """Issue 14, defect 5: a first `make run` logged 16 `UNIQUE constraint failed: wagtailsearch_indexentry`."""
    path = tmp_path / "db.sqlite3"
    path.write_bytes(database_file.read_bytes())
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    result = subprocess.run(
        [sys.executable, "-c", RACE, str(path), "IMMEDIATE"],
        env={**env, "DJANGO_SETTINGS_MODULE": "ucc_site.settings.test", "DATABASE_URL": f"sqlite:///{path}"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "indexed once, twenty times" in result.stdout
    assert "Traceback" not in result.stderr and "ERROR" not in result.stderr
