#!/usr/bin/env bash
# HTTP benchmarks of a release build on loopback, bounded in count and time:
#   1. filing cases over HTTP (each a signed, confidential log record);
#   2. the filtered case list over 100,000 cases;
#   3. the public web pages over the same store: the home page warm (the log
#      unchanged) and cold (the first render after the log grew), the other
#      public pages, and each page's size on the wire.
# Needs `oha` (cargo install oha). Prints the numbers for docs/PERFORMANCE.md.
# PAGES_ONLY=1 measures the web pages alone (3), skipping 1 and 2.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${CASES:-100000}
FILINGS=${FILINGS:-20000}
CONCURRENCY=${CONCURRENCY:-"64 96"}  # one filing run per number of connections
PORT=${PORT:-18181}
OHA=${OHA:-oha}
cargo build --release --quiet
TRUCE=target/release/truce
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
DATA=$WORK/data
URL=http://127.0.0.1:$PORT

wait_up() { for _ in $(seq 900); do curl -sf "$URL/api/v1/participants" >/dev/null && return 0; sleep 0.2; done; echo "server did not start" >&2; exit 1; }

# The demo deployment, then $CASES more cases filed straight into the log.
$TRUCE demo --data "$DATA" --listen 127.0.0.1:$PORT >/dev/null 2>&1 & PID=$!
wait_up; kill -TERM $PID; wait $PID || true
$TRUCE bench fill --data "$DATA" --cases "$CASES"

# Serve with the per-address rate limit lifted: the load comes from one address.
TRUCE_LOG=warn TRUCE_RATE_PER_ADDRESS=0 TRUCE_RATE_PER_PRINCIPAL=0 \
  $TRUCE serve --data "$DATA" --listen 127.0.0.1:$PORT & PID=$!
wait_up

token() {
  local jar=$WORK/jar-$1 csrf
  csrf=$(curl -s -c "$jar" -H 'content-type: application/json' \
    -d "{\"principal\":\"$1\",\"password\":\"truce-demo-2025\"}" "$URL/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  curl -s -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' -d '{"name":"bench"}' \
    "$URL/api/v1/me/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
CHAIR=$(token qat-chair)
PAK=$(token pak-liaison)

if [ -z "${PAGES_ONLY:-}" ]; then
echo "== case list over $(curl -s -H "Authorization: Bearer $CHAIR" "$URL/healthz" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("log_size","?"))' 2>/dev/null || echo '?') records"
for q in ${QUERIES:-"party=AFG&limit=50" "provision=P4&status=reported&limit=50" "sector=chaman_kandahar&limit=50"}; do
  echo "-- GET /api/v1/cases?$q (mediator)"
  $OHA -n 2000 -c 16 --no-tui -H "Authorization: Bearer $CHAIR" "$URL/api/v1/cases?$q" | grep -E "Requests/sec|50.00%|99.00%|Success rate"
  echo "-- GET /api/v1/cases?$q (party)"
  $OHA -n 2000 -c 16 --no-tui -H "Authorization: Bearer $PAK" "$URL/api/v1/cases?$q" | grep -E "Requests/sec|50.00%|99.00%|Success rate"
done

echo "== statistics over the API (mediator): every case read and folded, then cached per log size"
for n in first second; do
  curl -s -o /dev/null -w "-- $n request: %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $CHAIR" "$URL/api/v1/statistics"
done

NOW=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)
BODY="{\"allegation\":{\"accused\":\"AFG\",\"provisions\":[\"P1\"],\"acts\":[\"shelling_artillery\"],\"occurred_at\":\"$NOW\",\"location\":{\"lat\":30.92,\"lon\":66.45,\"precision\":2},\"summary\":\"Bench filing over HTTP\"}}"
for c in $CONCURRENCY; do
  echo "== filing $FILINGS cases over HTTP, $c connections"
  $OHA -n "$FILINGS" -c "$c" --no-tui -m POST -H "Authorization: Bearer $PAK" -T application/json -d "$BODY" \
    "$URL/api/v1/cases" | grep -E "Requests/sec|50.00%|99.00%|Success rate|\[201\]|\[4|\[5"
done
fi

echo "== public web pages, anonymous, over $(curl -s "$URL/log/checkpoint" | sed -n 2p) records"
for p in / /findings /reports /agreement /verify /data; do
  echo "-- GET $p (2,000 requests, 16 connections)"
  $OHA -n 2000 -c 16 --no-tui "$URL$p" | grep -E "Requests/sec|50.00%|99.00%|Success rate"
done
echo "-- GET / cold: the first render after the log grew (one filing before each)"
NOW=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)
ONE="{\"allegation\":{\"accused\":\"AFG\",\"provisions\":[\"P1\"],\"acts\":[\"shelling_artillery\"],\"occurred_at\":\"$NOW\",\"summary\":\"Bench filing before a cold home page\"}}"
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -H "Authorization: Bearer $PAK" -H 'content-type: application/json' -d "$ONE" "$URL/api/v1/cases"
  curl -s -o /dev/null -w '%{time_total}\n' "$URL/"
done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "cold render (5 samples): min %.1f ms, median %.1f ms, max %.1f ms\n", t[1], t[3], t[NR] }'
echo "-- page sizes on the wire (bytes, uncompressed)"
for p in / /findings /reports /reports/$(curl -s "$URL/reports" | grep -o 'href="/reports/[0-9]*-[0-9]*"' | head -1 | sed 's|.*/||; s|"||') /data /verify /agreement; do
  printf '%-24s %s\n' "$p" "$(curl -s -o /dev/null -w '%{size_download}' "$URL$p")"
done

echo "== server peak RSS: $(grep VmHWM /proc/$PID/status | awk '{printf "%.0f MiB", $2/1024}')"
kill -TERM $PID; wait $PID || true
