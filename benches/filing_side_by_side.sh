#!/usr/bin/env bash
# Filing over HTTP, the build before and this build side by side in one run:
# each on a fresh demo deployment, 10,000 filings at 64 connections, the two
# builds alternating. Needs `oha` (cargo install oha).
# Usage: benches/filing_side_by_side.sh BEFORE_BIN AFTER_BIN [ROUNDS]
set -euo pipefail
BEFORE=$1; AFTER=$2; ROUNDS=${3:-2}
PORT=18282; URL=http://127.0.0.1:$PORT
wait_up() { for _ in $(seq 900); do curl -sf "$URL/api/v1/participants" >/dev/null && return 0; sleep 0.2; done; echo "no server" >&2; exit 1; }
run() {
  local name=$1 bin=$2 work; work=$(mktemp -d)
  $bin demo --data "$work/data" --listen 127.0.0.1:$PORT >/dev/null 2>&1 & local pid=$!
  wait_up; kill -TERM $pid; wait $pid || true
  TRUCE_LOG=warn TRUCE_RATE_PER_ADDRESS=0 TRUCE_RATE_PER_PRINCIPAL=0 $bin serve --data "$work/data" --listen 127.0.0.1:$PORT & pid=$!
  wait_up
  local jar=$work/jar csrf tok
  csrf=$(curl -s -c "$jar" -H 'content-type: application/json' -d '{"principal":"pak-liaison","password":"truce-demo-2025"}' "$URL/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  tok=$(curl -s -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: application/json' -d '{"name":"bench"}' "$URL/api/v1/me/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  local now; now=$(date -u -d '-2 hours' +%Y-%m-%dT%H:%M:%SZ)
  local body="{\"allegation\":{\"accused\":\"AFG\",\"provisions\":[\"P1\"],\"acts\":[\"shelling_artillery\"],\"occurred_at\":\"$now\",\"location\":{\"lat\":30.92,\"lon\":66.45,\"precision\":2},\"summary\":\"Bench filing over HTTP\"}}"
  echo "== $name"
  oha -n 10000 -c 64 --no-tui -m POST -H "Authorization: Bearer $tok" -T application/json -d "$body" "$URL/api/v1/cases" \
    | grep -E "Requests/sec|50.00%|99.00%|Success rate|\[201\]|\[4|\[5"
  echo "peak RSS: $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
  kill -TERM $pid; wait $pid || true; rm -rf "$work"
}
for r in $(seq "$ROUNDS"); do run "before (7ba8ed0) round $r" "$BEFORE"; run "after round $r" "$AFTER"; done
