"""`/healthz`: can this web process serve? The load balancer asks every few seconds (docs/operations.md).

It checks what a request needs: the database (a query), the cache (a value written and read back) and the
django-q2 broker (Redis answers PING; the ORM broker's queue table answers a query). JSON either way:
200 with every check "ok", or 503 naming the one that failed, so the balancer takes the machine out of the pool
while PostgreSQL or Redis is away and puts it back once they answer. The answer holds no address, password or
error text beyond the exception's class (the balancer's log is not the place for them).

Answered by a middleware at the top of the stack, before the session, the site and the page cache, which would
themselves fail on a lost cache or database and answer 500 instead of 503.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
PATH = "/healthz"


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def _broker():
    conf = settings.Q_CLUSTER
    if conf.get("redis"):
        import redis

        client = redis.Redis.from_url(conf["redis"], socket_connect_timeout=2, socket_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
    else:
        from django_q.models import OrmQ

        OrmQ.objects.using(conf.get("orm", "default")).exists()


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
def healthz(request):
    started = time.monotonic()
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # whatever the service raised, the answer is 503 (and the next check still runs)
            results[name] = f"failed: {type(exc).__name__}"
            logger.warning("healthz: the %s check failed: %s", name, type(exc).__name__)
    healthy = all(value == "ok" for value in results.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": results}
    body["milliseconds"] = round((time.monotonic() - started) * 1000)
    return JsonResponse(body, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Answers /healthz before anything that needs the cache or the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
