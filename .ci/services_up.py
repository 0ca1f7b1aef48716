"""Exit 0 when both PostgreSQL and Redis answer at the given URLs, else 1 (and say which failed)."""

import sys

import psycopg
import redis


def main(pg_url, redis_url):
    ok = True
    try:
        psycopg.connect(pg_url, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 — any failure means "not reachable"
        print(f"PostgreSQL at {pg_url} does not answer: {exc}", file=sys.stderr)
        ok = False
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        print(f"Redis at {redis_url} does not answer: {exc}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
