"""django-q entry points for the index: thin and idempotent (indexing a page twice leaves one document).

A page the indexer cannot read is logged and skipped: the index must never stand in the editor's way (in the
test settings django-q runs tasks in the publishing request itself)."""

import logging

from . import services

logger = logging.getLogger(__name__)


def index_page(page_id):
    try:
        services.index_page(page_id=page_id)
    except Exception:
        logger.exception("search: page %s could not be indexed", page_id)


def index_subtree(page_id):
    services.index_subtree(page_id=page_id)
