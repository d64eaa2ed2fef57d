#!/usr/bin/env bash
# Production smoke check (scripts/production_check.py): migrate, collectstatic, check --deploy and
# gunicorn serving real pages with the production settings on a throwaway install. Needs .venv
# (scripts/setup.sh). Exit status 0 only when every check passed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/production_check.py "$@"
