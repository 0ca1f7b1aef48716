#!/usr/bin/env bash
# ruff (style and errors) and import-linter (the direction of imports, contracts in pyproject.toml).
# Each runs even when another failed, so one run shows everything to mend.
set -uo pipefail
BIN=.venv/bin
status=0
$BIN/ruff check . || status=1
$BIN/ruff format --check . || status=1
$BIN/lint-imports --no-cache || status=1
exit $status
