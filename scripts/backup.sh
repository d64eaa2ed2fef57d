#!/usr/bin/env bash
# Backups of Zorgzaam's PostgreSQL database (docs/deployment.md, "Backups and recovery").
#
#   scripts/backup.sh dump [DBNAME]           pg_dump (custom format) into $ZORGZAAM_BACKUP_DIR, keeping
#                                             the newest $ZORGZAAM_BACKUP_KEEP dumps; prints the file name.
#                                             For small installations: restore the whole database as it
#                                             was at the dump.
#   scripts/backup.sh restore FILE DBNAME     pg_restore FILE into the (new, empty) database DBNAME.
#   scripts/backup.sh base                    a base backup (pg_basebackup, tar, WAL included) into
#                                             $ZORGZAAM_BACKUP_DIR/base-<time>/; with WAL archiving (see the
#                                             docs) it allows point-in-time recovery. For larger installations.
#
# Connection as for psql: PGHOST, PGPORT, PGUSER, PGPASSWORD (a superuser or the table owner for dump;
# a role with REPLICATION for base). Dumps include the audit log's append-only trigger and its rows.
set -euo pipefail
DIR=${ZORGZAAM_BACKUP_DIR:-/var/backups/zorgzaam}
KEEP=${ZORGZAAM_BACKUP_KEEP:-14}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

dump() {
  local db=${1:-zorgzaam} file
  mkdir -p "$DIR"
  file="$DIR/$db-$STAMP.dump"
  # Written under a temporary name: a dump cut short never looks like a good one.
  pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$db" --file="$file.part"
  mv "$file.part" "$file"
  # Keep the newest $KEEP dumps of this database.
  ls -1t "$DIR/$db"-*.dump 2>/dev/null | tail -n +"$((KEEP + 1))" | xargs -r rm -f
  echo "$file"
}

restore() {
  local file=$1 db=$2
  [ -f "$file" ] || { echo "backup.sh: no such dump: $file" >&2; exit 1; }
  # One transaction: a restore that fails leaves the target database empty, never half restored.
  pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$db" "$file"
}

base() {
  local target="$DIR/base-$STAMP"
  mkdir -p "$DIR"
  pg_basebackup --pgdata="$target.part" --format=tar --gzip --wal-method=stream --checkpoint=fast
  mv "$target.part" "$target"
  echo "$target"
}

case "${1:-}" in
  dump) shift; dump "$@" ;;
  restore) shift; [ $# -eq 2 ] || { echo "usage: $0 restore FILE DBNAME" >&2; exit 2; }; restore "$@" ;;
  base) base ;;
  *) echo "usage: $0 dump [DBNAME] | restore FILE DBNAME | base" >&2; exit 2 ;;
esac
