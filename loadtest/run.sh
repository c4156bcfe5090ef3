#!/usr/bin/env bash
# Load test: gunicorn (production settings) on 127.0.0.1 against PostgreSQL with the report benchmark's data at
# scale 10 (LOADTEST_SCALE), and loadtest/users.py: 50 users (= CONNECTIONS, with think time) for 60 s, of whom 5
# (WRITERS) write final reports and imports of 1,000 lines (loadtest/writers.py) while the others read the pages of
# loadtest/mix.txt. Prints one JSON object: per page requests, errors and p50/p95/p99/max, and the writes. Loopback
# only. Usage: loadtest/run.sh (or `make loadtest`).
#
#   LOADTEST_DATABASE_URL  database of its own, created if missing (default postgres://postgres@127.0.0.1:5432/stem_loadtest)
#   LOADTEST_SCALE=10  DURATION=60s  CONNECTIONS=50  WRITERS=5  THINK_MIN_MS=2000 THINK_MAX_MS=8000
#   WEB_CONCURRENCY, GUNICORN_THREADS, DB_POOL_MAX: the gunicorn sizing under test (see docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")/.."

export LOADTEST_SCALE="${LOADTEST_SCALE:-10}"
export DURATION="${DURATION:-60s}" CONNECTIONS="${CONNECTIONS:-50}" WRITERS="${WRITERS:-5}"
PORT="${LOADTEST_PORT:-8765}"
export THINK_MIN_MS="${THINK_MIN_MS:-2000}" THINK_MAX_MS="${THINK_MAX_MS:-8000}"
export DATABASE_URL="${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/stem_loadtest}"
case "$DATABASE_URL" in
  postgres://*@127.0.0.1:*|postgres://*@localhost:*) ;;
  *) echo "loadtest: LOADTEST_DATABASE_URL must be a PostgreSQL database on loopback" >&2; exit 2 ;;
esac

WORK=$(mktemp -d /tmp/loadtest.XXXXXX)
export DJANGO_ENV=production ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false STATIC_ROOT="$WORK/static"
export SECRET_KEY="loadtest-only-$(head -c 48 /dev/urandom | base64 | tr -dc 'a-zA-Z0-9')"
export SESSIONS_FILE="$WORK/sessions.lua" LOG_LEVEL=WARNING
export GUNICORN_BIND="127.0.0.1:$PORT"

DB_NAME="${DATABASE_URL##*/}"
DB_SERVER="${DATABASE_URL%/*}"
psql "$DB_SERVER/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || psql "$DB_SERVER/postgres" -qc "CREATE DATABASE \"$DB_NAME\""

.venv/bin/python loadtest/prepare.py "$SESSIONS_FILE" 2> >(grep -v '"logger": "axes' >&2)
.venv/bin/python manage.py collectstatic --noinput -v0

.venv/bin/gunicorn -c gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
trap 'kill -TERM $GUNICORN_PID 2>/dev/null; wait $GUNICORN_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null

echo "loadtest: single requests, one at a time (median of 5 after one warm-up):" >&2
.venv/bin/python loadtest/page_times.py "http://127.0.0.1:$PORT" "$SESSIONS_FILE" >&2

echo "loadtest: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run," \
     "workers=${WEB_CONCURRENCY:-$(nproc)} threads=${GUNICORN_THREADS:-2}," \
     "scale=$LOADTEST_SCALE, $CONNECTIONS users of whom $WRITERS write, think ${THINK_MIN_MS}-${THINK_MAX_MS} ms, $DURATION" >&2
# CPU used by the gunicorn workers and by their PostgreSQL backends (utime + stime in clock ticks from /proc),
# to read the run against the machine's load: what one request costs, whatever else the machine runs.
cpu_of() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat") ))
  done
  echo "$total"
}
worker_cpu() { cpu_of $(pgrep -P "$GUNICORN_PID"); }
backend_cpu() {
  cpu_of $(psql "$DB_SERVER/postgres" -tAc \
    "SELECT pid FROM pg_stat_activity WHERE datname = '$DB_NAME' AND pid <> pg_backend_pid()")
}
CPU_BEFORE=$(worker_cpu)
DB_CPU_BEFORE=$(backend_cpu)
.venv/bin/python loadtest/users.py "http://127.0.0.1:$PORT" "$SESSIONS_FILE" | tee "$WORK/users.json"
CPU_AFTER=$(worker_cpu)
DB_CPU_AFTER=$(backend_cpu)
REQUESTS=$(grep -o '"requests": [0-9]*' "$WORK/users.json" | head -1 | grep -o '[0-9]*$')
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
APP_MS=$(( (CPU_AFTER - CPU_BEFORE) * TICK_MS ))
DB_MS=$(( (DB_CPU_AFTER - DB_CPU_BEFORE) * TICK_MS ))
echo "loadtest: CPU for $REQUESTS requests: gunicorn workers $APP_MS ms ($(( APP_MS / (REQUESTS > 0 ? REQUESTS : 1) )) ms" \
     "each), PostgreSQL backends $DB_MS ms ($(( DB_MS / (REQUESTS > 0 ? REQUESTS : 1) )) ms each)" >&2
echo "loadtest: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run" >&2
