"""Reads that may come from the read replica (issue 21, item 4).

At national scale the statutory reports, the dashboards and the exports read a month (or more) of appeals
while operators write; with `DATABASE_REPLICA_URL` set, those reads go to a PostgreSQL streaming replica and
the primary keeps its cores for the desk. Only the code paths that ask for it read there — wrapped in
`replica_reads()` (or `on_replica` for a view, `replica_rows` for a streamed export) — because a replica lags
behind: a screen that shows what its user has just written must read the primary, and a block that asks for
the replica must not read back what its own transaction wrote. Writes always go to the primary (`default`).

`ReplicaRouter` is listed in `DATABASE_ROUTERS` only when the replica is configured; without one every read is
the primary's and these wrappers change nothing. This module imports no app, so every app can use it.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_wanted = contextvars.ContextVar("ucc_replica_reads", default=False)


@contextmanager
def replica_reads():
    """Within this block, reads that the router may send to the replica go there."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def on_replica(view):
    """A view whose reads (its report, dashboard or export) may come from the replica."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


def replica_rows(rows):
    """A streamed response's rows, read from the replica while they are produced (after the view returned)."""
    with replica_reads():
        yield from rows


def replica_configured():
    return REPLICA in connections.settings


class ReplicaRouter:
    """Reads inside `replica_reads()` to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if _wanted.get() and replica_configured() else None

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, one of them copied
