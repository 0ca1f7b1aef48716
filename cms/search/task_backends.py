"""Wagtail's own search index kept by the django-q cluster, after the commit, not in the editor's request.

Wagtail's index (its database backend's `wagtailsearch_indexentry`, or OpenSearch) is still read by the
admin's page search and explorer, the page, image, document and snippet choosers and the appeal screen's
Knowledge Base lookup; the platform's own index (this app) serves the operators' search screen, the public
page and the API. Wagtail updates its index through django-tasks on every save of an indexed model: a
publish saves the page twice (the revision, then the publish), so two updates, 14 of the publish's 77
queries, ran in the request. This backend hands the updates of pages to django-q after the commit
(`tasks.update_wagtail_index`); every other task (the reference index, images, documents and snippets in
Wagtail's index) runs at once, as django-tasks' ImmediateBackend runs it. The test settings keep the
ImmediateBackend, as they run django-q's tasks in the request.
"""

from django.apps import apps
from django.db import transaction
from django_q.tasks import async_task
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.utils import get_random_id
from wagtail.models import Page

WAGTAIL_INDEX_TASK = "modelsearch.tasks.insert_or_update_object_task"


class QueuedPageIndexBackend(ImmediateBackend):
    def enqueue(self, task, args, kwargs):
        if task.module_path != WAGTAIL_INDEX_TASK or not _is_page(*args[:2]):
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        transaction.on_commit(
            lambda: async_task("cms.search.tasks.update_wagtail_index", *args, task_name=f"wagtail-index:{args[2]}")
        )
        return TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )


def _is_page(app_label, model_name):
    return issubclass(apps.get_model(app_label, model_name), Page)
