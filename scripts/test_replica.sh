#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL test cluster, for the read-replica tests
# (zorgzaam/core/tests/test_replica.py; scripts/test.sh starts it before the PostgreSQL pass and stops
# it at the end). Usage: scripts/test_replica.sh start|stop|halt|resume   (as root: runs PostgreSQL as
# `postgres`).
# start: allows replication connections from 127.0.0.1 on the primary (one pg_hba.conf line, added
# once, then a reload), takes a base backup with pg_basebackup -R and starts it with pg_ctl on
# ZORGZAAM_TEST_REPLICA_PORT (5433) as a hot standby. The test databases the PostgreSQL pass creates on
# the primary appear on the replica under the same names. Prints nothing else on success.
set -euo pipefail
PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=${ZORGZAAM_TEST_PRIMARY_PORT:-5432}
PORT=${ZORGZAAM_TEST_REPLICA_PORT:-5433}
DIR=${ZORGZAAM_TEST_REPLICA_DIR:-/tmp/zorgzaam-test-replica-$PORT}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { runuser -u postgres -- "$@"; }
psql_primary() { as_pg "$PGBIN/psql" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }

stop() {
  if [ -f "$DIR/postmaster.pid" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$DIR" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

start() {
  [ "$(id -u)" = 0 ] || { echo "test_replica.sh: must run as root (it runs PostgreSQL as postgres)" >&2; exit 1; }
  [ -n "$PGBIN" ] || { echo "test_replica.sh: no PostgreSQL binaries under /usr/lib/postgresql" >&2; exit 1; }
  local hba
  hba=$(psql_primary "SHOW hba_file")
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    # Replication connections from this machine only, as the test cluster's other connections.
    printf '\n# Streaming replica for the Zorgzaam tests (scripts/test_replica.sh)\nhost replication all 127.0.0.1/32 trust\n' >>"$hba"
    psql_primary "SELECT pg_reload_conf()" >/dev/null
  fi
  stop
  install -d -o postgres -g postgres -m 700 "$DIR"
  as_pg "$PGBIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DIR" -R -X stream -c fast
  # Debian keeps the configuration outside the data directory: the replica gets its own.
  as_pg tee "$DIR/postgresql.conf" >/dev/null <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
max_connections = 100
shared_buffers = 32MB
fsync = off
logging_collector = off
CONF
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' | as_pg tee "$DIR/pg_hba.conf" >/dev/null
  as_pg touch "$DIR/pg_ident.conf"
  as_pg "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null \
    || { cat "$DIR/server.log" >&2; exit 1; }
}

# halt/resume: stop the running replica and start it again from its data directory (the test of a
# stopped replica, zorgzaam/core/tests/test_replica.py).
halt() { as_pg "$PGBIN/pg_ctl" -D "$DIR" -m fast -w -t 60 stop >/dev/null; }
resume() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start >/dev/null \
    || { tail -20 "$DIR/server.log" >&2; exit 1; }
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  halt) halt ;;
  resume) resume ;;
  *) echo "usage: $0 start|stop|halt|resume" >&2; exit 2 ;;
esac
