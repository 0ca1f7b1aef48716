"""Tasks the django-q2 clusters of tests/test_queue_resilience.py run: each leaves one file per attempt in
`folder`, so the test counts the attempts; their effect on the database is idempotent."""

import time
from pathlib import Path


def _attempt(folder, key):
    folder = Path(folder)
    attempt = len(list(folder.glob(f"{key}.*"))) + 1
    (folder / f"{key}.{attempt}").touch()
    return attempt


def fails_first_time(folder, key):
    if _attempt(folder, key) == 1:
        raise RuntimeError("the first attempt fails")
    return "done"


def slow_first_time(folder, key):
    """The first attempt waits long enough to be killed; every attempt ends with the same one region."""
    from workflows.directory.models import Region

    if _attempt(folder, key) == 1:
        time.sleep(8)
    Region.objects.get_or_create(
        kato_code=key, defaults={"name_kk": key, "name_ru": key, "name_en": key, "kind": "city"}
    )
    return "done"


def record(folder, key):
    return _attempt(folder, key)
