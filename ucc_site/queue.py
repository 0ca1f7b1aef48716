"""The django-q2 brokers of the platform and the pruning of old task results (issue 21).

django-q2's own brokers cost several round trips a task: the ORM broker asks the database whether its
connection still works before every call (close_old_connections, then the health check's SELECT 1) and
hands out a bulk by one SELECT and an UPDATE per task; `async_task` builds a new broker, so the Redis
broker opened a new Redis connection for every task enqueued. Here:

- `OrmBroker` claims a bulk in one statement on PostgreSQL (`UPDATE … WHERE id IN (SELECT … FOR UPDATE
  SKIP LOCKED) RETURNING`): two clusters never claim the same task and never wait on each other's rows.
  A claimed task is locked for `retry` seconds; a cluster killed before acknowledging it gives it back
  after that, so it runs again at most once more (tasks are idempotent). The connection is checked once
  per poll, not per call. Other databases (SQLite) keep django-q2's way.
- `RedisBroker` keeps one Redis client per process.
- `prune_task_results` (a daily schedule, workflows/schedules.py) deletes successful results older than
  UCC_Q_KEEP_DAYS, instead of django-q2 pruning after every task (`save_limit` 0, settings/base.py).
  Failed tasks stay until someone looks at them in the admin.
"""

import os
from datetime import timedelta
from time import sleep

from django import db
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.brokers.redis_broker import Redis
from django_q.conf import Conf
from django_q.models import OrmQ, Success


class OrmBroker(ORM):
    def _db(self):
        return connections[Conf.ORM]

    def enqueue(self, task):
        return (
            OrmQ.objects.using(Conf.ORM)
            .create(key=self.list_key or Conf.CLUSTER_NAME, payload=task, lock=timezone.now())
            .pk
        )

    def dequeue(self):
        if transaction.get_autocommit(using=Conf.ORM):
            db.close_old_connections()  # once per poll: a connection the database dropped is replaced
        if self._db().vendor != "postgresql":
            return super().dequeue()
        now = timezone.now()
        table = OrmQ._meta.db_table
        with self._db().cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET lock = %s WHERE id IN (SELECT id FROM {table} WHERE key = %s AND lock < %s "
                f"ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED) RETURNING id, payload",
                [now + timedelta(seconds=Conf.RETRY), self.list_key, now, Conf.BULK],
            )
            tasks = cursor.fetchall()
        if tasks:
            return tasks
        sleep(Conf.POLL)  # empty queue, spare the CPU

    def delete(self, task_id):
        with self._db().cursor() as cursor:
            cursor.execute(f"DELETE FROM {OrmQ._meta.db_table} WHERE id = %s", [task_id])


class RedisBroker(Redis):
    _clients = {}

    @staticmethod
    def get_connection(list_key=None):
        pid = os.getpid()  # a forked worker opens its own
        client = RedisBroker._clients.get(pid)
        if client is None:
            client = RedisBroker._clients[pid] = Redis.get_connection(list_key)
        return client


def prune_task_results():
    """Delete successful task results older than UCC_Q_KEEP_DAYS days; returns how many."""
    keep_after = timezone.now() - timedelta(days=settings.UCC_Q_KEEP_DAYS)
    deleted, _ = Success.objects.filter(stopped__lt=keep_after).delete()
    return deleted
