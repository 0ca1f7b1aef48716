#!/usr/bin/env bash
# Lane 1: the embedded default (SQLite, ORM broker). Lane 2: PostgreSQL + Redis, when they answer;
# in CI (CI=true) they must answer, and a missing service fails the run loudly.
set -uo pipefail
PY=.venv/bin/python
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_TEST_URL="${REDIS_TEST_URL:-redis://127.0.0.1:6379/15}"

echo "=== the house: ruff and the import contracts ==="
bash .ci/lint.sh
house=$?

echo "=== lane 1: SQLite + ORM broker ==="
env -u DATABASE_URL -u REDIS_URL $PY -m pytest "$@"
lane1=$?

if $PY .ci/services_up.py "$PG_URL" "$REDIS_TEST_URL"; then
  echo "=== lane 2: PostgreSQL + Redis ==="
  DATABASE_URL="$PG_URL" REDIS_URL="$REDIS_TEST_URL" UCC_REQUIRE_SERVICES=1 $PY -m pytest "$@"
  lane2=$?
elif [ "${CI:-}" = "true" ]; then
  echo "!!! CI: PostgreSQL ($PG_URL) and Redis ($REDIS_TEST_URL) must answer; the second lane cannot run."
  lane2=1
else
  echo "--- lane 2 skipped: PostgreSQL or Redis does not answer (fine on a laptop) ---"
  lane2=0
fi
[ $house -eq 0 ] && [ $lane1 -eq 0 ] && [ $lane2 -eq 0 ]
