"""Settings for pytest: the same apps, a fast password hasher, mail kept in memory.

The second test lane sets DATABASE_URL and REDIS_URL (PostgreSQL and Redis) before importing this.
"""

import os

from .base import *  # noqa: F403
from .base import Q_CLUSTER, REDIS_URL, STATIC_ROOT
from .env import env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "test-only-secret-key")
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
UCC_CALENDAR_RECHECK_SECONDS = 0
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# Wagtail's tasks run in the request too, so a test sees Wagtail's index without committing.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The anonymous page cache would carry pages from one test into the next; tests of it turn it on.
UCC_PAGE_CACHE_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
os.makedirs(STATIC_ROOT, exist_ok=True)  # whitenoise warns on every request when it is missing
