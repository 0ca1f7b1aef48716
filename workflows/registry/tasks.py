"""django-q entry points of the registry: thin and idempotent, each calling one service."""

from . import services


def run_registry_import(batch_id):
    """Write a confirmed registry import (queued by `services.confirm_import`); running this twice has the
    effect of running it once. Returns the import's summary, or None when there was nothing to write."""
    report = services.write_confirmed_import(batch_id=batch_id)
    return None if report is None else report.summary()
