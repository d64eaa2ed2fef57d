#!/usr/bin/env bash
# One command for the demo: install, migrate, load demo data, start the background worker and the
# web server on http://127.0.0.1:8000 (SQLite in var/, no server to install).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/zorgzaam migrate --noinput
.venv/bin/zorgzaam demo
.venv/bin/zorgzaam run_huey --workers 1 >var/huey.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "Zorgzaam demo: http://127.0.0.1:8000  (logins: see README)"
.venv/bin/zorgzaam runserver "${ZORGZAAM_ADDR:-127.0.0.1:8000}"
