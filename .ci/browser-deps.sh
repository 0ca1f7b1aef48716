#!/usr/bin/env bash
# Browser tests drive Debian's chromium through Playwright's executable_path (Playwright cannot
# download its own browser here). Install it when missing and we may; otherwise say so.
set -uo pipefail
CHROMIUM="${UCC_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null && exit 0
  echo "! could not install chromium"
fi
if [ "${CI:-}" = "true" ]; then
  echo "! chromium is missing and CI needs the browser tests"; exit 1
fi
echo "chromium is missing: browser tests will be skipped (sudo apt-get install chromium)"
