#!/usr/bin/env bash
# Lane 1: the embedded default (SQLite, ORM broker). Lane 2: PostgreSQL + Redis, when they answer;
# in CI (CI=true) they must answer, and a missing service fails the run loudly.
# The two lanes run side by side (one core each on a two-core machine), each with a var directory of its
# own, and each lane's output is printed whole when it ends; UCC_TEST_LANES=serial runs one after the other.
set -uo pipefail
PY=.venv/bin/python
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_TEST_URL="${REDIS_TEST_URL:-redis://127.0.0.1:6379/15}"
MODE="${UCC_TEST_LANES:-parallel}"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT

lane1() {
  env -u DATABASE_URL -u REDIS_URL UCC_VAR_DIR="$WORK/var1" $PY -m pytest "$@"
}
lane2() {
  DATABASE_URL="$PG_URL" REDIS_URL="$REDIS_TEST_URL" UCC_REQUIRE_SERVICES=1 UCC_VAR_DIR="$WORK/var2" \
    $PY -m pytest "$@"
}

echo "=== the house: ruff and the import contracts ==="
bash .ci/lint.sh
house=$?

run_lane2=no
if $PY .ci/services_up.py "$PG_URL" "$REDIS_TEST_URL"; then
  run_lane2=yes
elif [ "${CI:-}" = "true" ]; then
  echo "!!! CI: PostgreSQL ($PG_URL) and Redis ($REDIS_TEST_URL) must answer; the second lane cannot run."
  run_lane2=failed
else
  echo "--- lane 2 skipped: PostgreSQL or Redis does not answer (fine on a laptop) ---"
fi

started=$SECONDS
if [ "$MODE" = "parallel" ] && [ "$run_lane2" = "yes" ]; then
  echo "=== lanes 1 (SQLite + ORM broker) and 2 (PostgreSQL + Redis) side by side ==="
  lane1 "$@" > "$WORK/lane1.log" 2>&1 &
  pid1=$!
  lane2 "$@" > "$WORK/lane2.log" 2>&1 &
  pid2=$!
  wait $pid1; lane1_rc=$?
  echo "=== lane 1: SQLite + ORM broker (ended after $((SECONDS - started)) s) ==="
  cat "$WORK/lane1.log"
  wait $pid2; lane2_rc=$?
  echo "=== lane 2: PostgreSQL + Redis (ended after $((SECONDS - started)) s) ==="
  cat "$WORK/lane2.log"
else
  echo "=== lane 1: SQLite + ORM broker ==="
  lane1 "$@"; lane1_rc=$?
  lane2_rc=0
  if [ "$run_lane2" = "yes" ]; then
    echo "=== lane 2: PostgreSQL + Redis ==="
    lane2 "$@"; lane2_rc=$?
  fi
fi
[ "$run_lane2" = "failed" ] && lane2_rc=1
echo "=== house rc=$house · lane 1 rc=$lane1_rc · lane 2 rc=$lane2_rc · lanes took $((SECONDS - started)) s ==="
[ $house -eq 0 ] && [ $lane1_rc -eq 0 ] && [ $lane2_rc -eq 0 ]
