"""How far a running registry import has got, for its status page.

The import writes inside one transaction, which other connections cannot see until it commits, so its
progress travels through the shared cache instead of the batch's row.
"""

import time

from django.core.cache import cache


def progress_key(batch_id):
    return f"registry-import-progress:{batch_id}"


def read_progress(batch):
    """(done, total) of a running import: from the cache while it runs, else as the batch's row says."""
    return cache.get(progress_key(batch.pk)) or (batch.processed_rows, batch.total_rows)


def forget_progress(batch_id):
    cache.delete(progress_key(batch_id))


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
