#!/usr/bin/env bash
# Back up the database with pg_dump and prove that the backup restores: restore it into a scratch database with
# pg_restore, compare every table (row count and a checksum of its rows) with the source, check that Django sees
# no missing migration, and drop the scratch database. Exit code 0 only if everything matches.
#
#   scripts/backup_restore_check.sh [DATABASE_URL]      (default: $DATABASE_URL)
#   BACKUP_DIR=/backups scripts/backup_restore_check.sh  keeps the verified dump as $BACKUP_DIR/<db>-<UTC time>.dump
#
# Needs pg_dump/pg_restore/psql of the server's major version or newer, and a role that may create databases.
# Compare the live database with a restore only while nothing writes to it (or trust the dump's snapshot: pg_dump
# takes one consistent snapshot, so a busy database makes the comparison, not the backup, differ).
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE_URL="${1:-${DATABASE_URL:?give a DATABASE_URL (postgres://user@host:port/name)}}"
case "$SOURCE_URL" in postgres://*|postgresql://*) ;; *) echo "not a PostgreSQL URL" >&2; exit 2 ;; esac
SOURCE_DB="${SOURCE_URL##*/}"
SOURCE_DB="${SOURCE_DB%%\?*}"
SERVER_URL="${SOURCE_URL%/*}"
SCRATCH_DB="${SOURCE_DB}_restore_check"
SCRATCH_URL="$SERVER_URL/$SCRATCH_DB"
WORK=$(mktemp -d /tmp/backup-check.XXXXXX)
DUMP="$WORK/$SOURCE_DB-$(date -u +%Y%m%dT%H%M%SZ).dump"

cleanup() {
  psql "$SERVER_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$SCRATCH_DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "backup: pg_dump of $SOURCE_DB (custom format) ..."
pg_dump --format=custom --no-owner --no-privileges --file="$DUMP" "$SOURCE_URL"
pg_restore --list "$DUMP" >/dev/null  # the archive's table of contents is readable

echo "restore: pg_restore into $SCRATCH_DB ..."
psql "$SERVER_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$SCRATCH_DB\" WITH (FORCE)" >/dev/null
psql "$SERVER_URL/postgres" -qc "CREATE DATABASE \"$SCRATCH_DB\"" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$SCRATCH_URL" "$DUMP"

# One line per table: name, row count, md5 of the rows in a stable order.
TABLE_DIGESTS_SQL="
DO \$\$ BEGIN
  CREATE TEMP TABLE digests (name text, row_count bigint, checksum text);
END \$\$;
DO \$\$
DECLARE t record;
BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename LOOP
    EXECUTE format('INSERT INTO digests SELECT %L, count(*), md5(coalesce(string_agg(r::text, %L ORDER BY r::text), %L))
                    FROM %I r', t.tablename, E'\\n', '', t.tablename);
  END LOOP;
END \$\$;
SELECT name || ' ' || row_count || ' ' || checksum FROM digests ORDER BY name;"
psql "$SOURCE_URL" -tAq -c "$TABLE_DIGESTS_SQL" >"$WORK/source.txt"
psql "$SCRATCH_URL" -tAq -c "$TABLE_DIGESTS_SQL" >"$WORK/restored.txt"
if ! diff -u "$WORK/source.txt" "$WORK/restored.txt"; then
  echo "restore check FAILED: the restored database differs from $SOURCE_DB (see the diff above)" >&2
  exit 1
fi

echo "restore: Django's view of the restored database ..."
DATABASE_URL="$SCRATCH_URL" DJANGO_ENV=development .venv/bin/python manage.py migrate --check --noinput >/dev/null

TABLES=$(wc -l <"$WORK/source.txt")
ROWS=$(awk '{ sum += $2 } END { print sum + 0 }' "$WORK/source.txt")
if [ -n "${BACKUP_DIR:-}" ]; then
  mkdir -p "$BACKUP_DIR"
  mv "$DUMP" "$BACKUP_DIR/"
  echo "backup kept: $BACKUP_DIR/$(basename "$DUMP")"
fi
echo "restore check OK: $TABLES tables, $ROWS rows identical after pg_dump | pg_restore of $SOURCE_DB"
