"""Two threads doing the same thing at the same moment, each on its own database connection (PostgreSQL
lane): how the concurrency tests of several apps provoke a race for real."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def twice_at_once(function):
    """Run `function` in two threads released together; their results. Each closes its connection afterwards."""
    barrier = threading.Barrier(2)

    def run(_n):
        try:
            barrier.wait()
            return function()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, range(2)))
