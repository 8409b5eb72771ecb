#!/usr/bin/env bash
# make bench: the performance run of the README's "Performance" section.
#
#  1. builds gymtastic and gymtastic-load;
#  2. creates a PostgreSQL database, migrates it, and seeds it in bulk SQL:
#     CUSTOMERS customers, SESSIONS sessions over 60 days, CUSTOMERS ×
#     BOOKINGS_PER_CUSTOMER bookings (defaults: 100,000 / 2,000 / 1,000,000);
#  3. runs bench/booking.pgbench (the bare SQL of a full-featured booking) on
#     a copy of that database: the bar;
#  4. serves it with every feature on and drives it over HTTP with CLIENTS
#     keep-alive clients for DURATION per scenario;
#  5. repeats the booking scenario on a copy holding 10,000 bookings, for
#     the latency-versus-size ratio;
#  6. checks the invariants (bench/invariants.sql); any violation fails.
#
# Environment: BENCH_PG (server URL without a database, default
# postgres://postgres@127.0.0.1:5432), CLIENTS (8), DURATION (20s),
# CUSTOMERS, SESSIONS, BOOKINGS_PER_CUSTOMER. Output also goes to
# bench/out/report.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-20s}
CUSTOMERS=${CUSTOMERS:-100000}
SESSIONS=${SESSIONS:-2000}
BOOKINGS_PER_CUSTOMER=${BOOKINGS_PER_CUSTOMER:-10}
MAX_PER_DAY=3
DB=gymtastic_bench
OUT=bench/out
ADDR=127.0.0.1:${BENCH_PORT:-8099}
mkdir -p "$OUT"
exec > >(tee "$OUT/report.txt") 2>&1

for tool in psql pgbench; do
	command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install postgresql-client)"; exit 1; }
done
echo "== $(date -u +%FT%TZ) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

go build -o "$OUT/gymtastic" ./cmd/gymtastic
go build -o "$OUT/gymtastic-load" ./cmd/gymtastic-load

admin() { psql -q -v ON_ERROR_STOP=1 "$BENCH_PG/postgres" "$@"; }
fresh() { admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 ${2:-}"; }
# settle flushes what the previous phase (the seed, the copies, a run)
# left dirty, so that a checkpoint does not land in the next measurement.
settle() { admin -c "CHECKPOINT"; }

config() { # config DBNAME
	cat > "$OUT/config.yaml" <<YAML
server:
  addr: "$ADDR"
database:
  url: "$BENCH_PG/$1?sslmode=disable"
log:
  level: warn
features:
  booking_limit:
    max_per_day: $MAX_PER_DAY
YAML
}

SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}
trap stop_server EXIT

start_server() {
	"$OUT/gymtastic" --config "$OUT/config.yaml" serve >>"$OUT/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 100); do
		curl -fs "http://$ADDR/readyz" >/dev/null && return
		sleep 0.1
	done
	echo "bench: the server did not become ready; see $OUT/server.log"
	exit 1
}

load() { # load SCENARIO [extra flags]
	local scenario=$1
	shift
	echo "-- $scenario, $CLIENTS clients, $DURATION"
	"$OUT/gymtastic-load" -url "http://$ADDR" -scenario "$scenario" -c "$CLIENTS" -d "$DURATION" \
		-customers "1-$CUSTOMERS" -sessions "$FUTURE_SESSIONS" -pid "$SERVER_PID" "$@"
}

echo "== seeding $DB: $CUSTOMERS customers, $SESSIONS sessions, $((CUSTOMERS * BOOKINGS_PER_CUSTOMER)) bookings"
fresh $DB
config $DB
"$OUT/gymtastic" --config "$OUT/config.yaml" migrate >/dev/null
start=$(date +%s)
psql -q -v ON_ERROR_STOP=1 -v customers="$CUSTOMERS" -v sessions="$SESSIONS" \
	-v bookings_per_customer="$BOOKINGS_PER_CUSTOMER" -f bench/seed.sql "$BENCH_PG/$DB" >/dev/null
echo "   seeded in $(($(date +%s) - start))s"
FUTURE_SESSIONS=$(psql -tA "$BENCH_PG/$DB" -c "SELECT min(id) || '-' || max(id) FROM class_sessions WHERE starts_at > now() + interval '1 day'")
fresh ${DB}_sql "TEMPLATE $DB"
fresh ${DB}_small "TEMPLATE $DB"
psql -q "$BENCH_PG/${DB}_small" -c "DELETE FROM bookings WHERE id > 10000" -c "VACUUM ANALYZE bookings"

settle
echo "== pgbench: the bare SQL of a full-featured booking (prepared, 8 clients)"
rm -f "$OUT"/pgbench_log.*
pgbench -n -M prepared -c 8 -j 2 -T "${DURATION%s}" -D customers="$CUSTOMERS" \
	-D smin="${FUTURE_SESSIONS%-*}" -D smax="${FUTURE_SESSIONS#*-}" -l --log-prefix="$OUT/pgbench_log" \
	-f bench/booking.pgbench "$BENCH_PG/${DB}_sql" | tee "$OUT/pgbench.txt" |
	grep -E 'tps|latency average|number of transactions actually'
# The per-transaction log's third column is the latency in µs.
cat "$OUT"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n | awk '{ a[NR] = $1 }
	END { printf "pgbench p50=%.2fms p90=%.2fms p99=%.2fms\n", a[int(NR * .5)], a[int(NR * .9)], a[int(NR * .99)] }' |
	tee "$OUT/pgbench_latency.txt"
rm -f "$OUT"/pgbench_log.*
admin -c "DROP DATABASE ${DB}_sql WITH (FORCE)"

echo "== HTTP on $DB (every feature on; booking_limit.max_per_day $MAX_PER_DAY)"
settle
start_server
curl -fs -X POST "http://$ADDR/api/milestones" -H 'Content-Type: application/json' \
	-d '{"name": "Two in 30 days", "interval": "P30D", "session_count": 2}' >/dev/null
load book -seed 1 -created "$OUT/created.txt" | tee "$OUT/book.txt"
load get_customer -seed 2
load list_sessions -seed 3
load cancel -seed 4 -created "$OUT/created_cancel.txt"
load mixed -seed 5 -created "$OUT/created_mixed.txt"
stop_server

echo "== booking latency with 10,000 existing bookings (copy of the same data set)"
config ${DB}_small
settle
start_server
load book -seed 7 -created "$OUT/created_small.txt" | tee "$OUT/book_small.txt"
stop_server
admin -c "DROP DATABASE ${DB}_small WITH (FORCE)"

echo "== invariants"
cat "$OUT"/created.txt "$OUT"/created_cancel.txt "$OUT"/created_mixed.txt >"$OUT/created_all.txt"
psql -tA -F ' ' -v max_per_day=$MAX_PER_DAY -v created="$PWD/$OUT/created_all.txt" -f bench/invariants.sql "$BENCH_PG/$DB" |
	tee "$OUT/invariants.txt"
if awk '$3 == "rule" && $2 != 0 { bad = 1 } END { exit !bad }' "$OUT/invariants.txt"; then
	echo "bench: INVARIANT BROKEN"
	exit 1
fi
echo "== all invariants hold"

# The issue's targets, as ratios taken in this one run.
echo "== targets"
tps=$(awk '/^tps/ { print $3 }' "$OUT/pgbench.txt")
read -r _ pg_p50 _ pg_p99 < <(sed 's/[a-z0-9]*=//g; s/ms//g' "$OUT/pgbench_latency.txt")
read -r book_rps book_p50 book_p99 < <(awk '$1 == "book" { gsub("ms", ""); print $3, $4, $6 }' "$OUT/book.txt")
small_p50=$(awk '$1 == "book" { gsub("ms", ""); print $4 }' "$OUT/book_small.txt")
awk -v tps="$tps" -v rps="$book_rps" -v p99="$book_p99" -v pgp99="$pg_p99" -v pgp50="$pg_p50" \
	-v p50="$book_p50" -v small="$small_p50" 'BEGIN {
	printf "book / pgbench throughput    %.2f  (%.0f req/s / %.0f tx/s; target >= 0.8)\n", rps / tps, rps, tps
	printf "book p99                     %.2fms (pgbench p99 %.2fms, p50 %.2fms; target <= 10ms)\n", p99, pgp99, pgp50
	printf "book p50 full / 10k bookings %.2f  (%.2fms / %.2fms; target <= 1.3)\n", p50 / small, p50, small
}' | tee "$OUT/targets.txt"
