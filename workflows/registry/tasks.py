"""django-q entry points of the registry: thin, idempotent, calling the import."""

import time

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .bulk_import import import_registry
from .models import RegistryImport


def progress_key(batch_id):
    return f"registry-import-progress:{batch_id}"


def read_progress(batch):
    """(done, total) of a running import. The import writes inside one transaction, which other
    connections cannot see until it commits, so progress travels through the shared cache."""
    return cache.get(progress_key(batch.pk)) or (batch.processed_rows, batch.total_rows)


class ProgressRecorder:
    """Records how far a running import has got, so that its status page can show it; at most every
    `interval` seconds or every `rows` rows (and whenever the import starts writing)."""

    def __init__(self, batch_id, *, interval=1.0, rows=5000):
        self.batch_id = batch_id
        self.interval = interval
        self.rows = rows
        self.saved_at = float("-inf")
        self.saved_rows = 0

    def __call__(self, done, total, phase=None):
        now = time.monotonic()
        if phase is None and now - self.saved_at < self.interval and done - self.saved_rows < self.rows:
            return
        cache.set(progress_key(self.batch_id), (done, total), timeout=24 * 3600)
        self.saved_at, self.saved_rows = now, done


def run_registry_import(batch_id):
    """Write a confirmed (QUEUED) registry import; a batch in any other state is left alone, so running
    this twice has the effect of running it once."""
    claimed = RegistryImport.objects.filter(pk=batch_id, status=RegistryImport.Status.QUEUED).update(
        status=RegistryImport.Status.RUNNING, processed_rows=0
    )
    if not claimed:
        return None
    batch = RegistryImport.objects.get(pk=batch_id)
    try:
        report = import_registry(
            bytes(batch.content or b""),
            batch.file_format,
            file_name=batch.file_name,
            user=batch.user,
            valid_rows_only=batch.valid_rows_only,
            batch=batch,
            progress=ProgressRecorder(batch_id),
        )
    except Exception as exc:
        done, total = read_progress(batch)
        RegistryImport.objects.filter(pk=batch_id).update(
            processed_rows=done,
            total_rows=total,
            status=RegistryImport.Status.FAILED,
            message=_("Nothing imported: the import stopped on an unexpected error (%(error)s).") % {"error": exc},
            content=None,
            finished_at=timezone.now(),
        )
        raise
    finally:
        cache.delete(progress_key(batch_id))
    return report.summary()
