"""django-q entry points for the index: thin and idempotent (indexing a page twice leaves one document).

A write the database refuses for the moment (SQLite's write lock still held after its busy timeout, a
PostgreSQL deadlock) is tried again here after a growing pause. If it is still refused the task fails: the
ORM broker then hands it out again (`Q_CLUSTER["retry"]` seconds later, up to `max_attempts`) and the admin
lists it under failed tasks, so an update of the index is never dropped quietly. A page the indexer cannot
read is logged and skipped: trying again would not help. django-q's worker catches whatever a task raises,
so neither ever reaches the editor (in the test settings the task runs in the publishing request itself).
"""

import logging
import time

from django.db import OperationalError

from . import services

logger = logging.getLogger(__name__)

ATTEMPTS = 4
FIRST_PAUSE = 0.5  # seconds before the second attempt; doubled before each next one


def with_retries(operation, **kwargs):
    """`operation(**kwargs)`, tried ATTEMPTS times while the database refuses it; the last refusal is raised."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return operation(**kwargs)
        except OperationalError as error:
            if attempt == ATTEMPTS:
                raise
            pause = FIRST_PAUSE * 2 ** (attempt - 1)
            logger.warning(
                "search: %s%s refused (%s), attempt %s; again in %.1fs",
                operation.__name__,
                kwargs,
                error,
                attempt,
                pause,
            )
            time.sleep(pause)


def index_page(page_id):
    try:
        return with_retries(services.index_page, page_id=page_id)
    except OperationalError:
        raise
    except Exception:
        logger.exception("search: page %s could not be indexed", page_id)


def index_subtree(page_id):
    return with_retries(services.index_subtree, page_id=page_id)


def index_service_pages(service_id=None):
    """After a registry service was renamed or renumbered (any service when None: a registry import)."""
    return with_retries(services.index_service_pages, service_id=service_id)


def update_wagtail_index(app_label, model_name, pk):
    """Wagtail's own index for one page, as Wagtail would have updated it in the request (task_backends.py)."""
    return with_retries(services.update_wagtail_index, app_label=app_label, model_name=model_name, pk=pk)
