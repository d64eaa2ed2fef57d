#!/usr/bin/env bash
# One command for the demo: install, migrate, load demo data, start the background worker and the
# web server (SQLite in var/, no server to install). ZORGZAAM_ADDR picks the address (default
# 127.0.0.1:8000), e.g. ZORGZAAM_ADDR=0.0.0.0:8080 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The demo is the one place that runs with DEBUG on (tracebacks, static files from the apps).
export DEBUG=1
addr="${ZORGZAAM_ADDR:-127.0.0.1:8000}"
case "$addr" in
  *:*) ;;
  *) addr="127.0.0.1:$addr" ;;  # runserver accepts a bare port
esac
host="${addr%:*}"
port="${addr##*:}"
# A wildcard bind is reached through the loopback address on this machine.
case "$host" in 0.0.0.0 | "[::]" | "") host=127.0.0.1 ;; esac
# Links in the demo's e-mails point at the server this script really starts.
export ZORGZAAM_BASE_URL="${ZORGZAAM_BASE_URL:-http://$host:$port}"
scripts/setup.sh
.venv/bin/zorgzaam migrate --noinput
.venv/bin/zorgzaam demo
.venv/bin/zorgzaam run_huey --workers 1 >var/huey.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "Zorgzaam demo: http://$host:$port  (logins: see README)"
.venv/bin/zorgzaam runserver "$addr"
