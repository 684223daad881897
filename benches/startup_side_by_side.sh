#!/usr/bin/env bash
# Start-up, the build before and this build side by side in one run, over
# existing data directories (a `bench append` log, a `bench fill`
# deployment): `truce serve` until /log/checkpoint answers 200, then SIGTERM
# until it has stopped, each time with its peak resident set. Each build is
# started ROUNDS times in turn, before then after; this build's first start
# has no snapshot of its own (it replays the whole log and leaves one), the
# later ones start from it.
# Usage: benches/startup_side_by_side.sh BEFORE_BIN AFTER_BIN ROUNDS DATA_DIR...
# Needs curl and GNU time.
set -euo pipefail
BEFORE=$1; AFTER=$2; ROUNDS=$3; shift 3
PORT=${PORT:-18384}; URL=http://127.0.0.1:$PORT
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
now() { date +%s.%N; }
one() {
  local name=$1 bin=$2 data=$3 out; out=$(mktemp)
  local t0; t0=$(now)
  TRUCE_LOG=${TRUCE_LOG:-info} /usr/bin/time -f '%M' -o "$out" "$bin" serve --data "$data" --listen 127.0.0.1:$PORT >"$out.log" 2>&1 & local pid=$!
  until curl -sf "$URL/log/checkpoint" >/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "$name: the server stopped" >&2; cat "$out.log" >&2; exit 1; }
    sleep 0.05
  done
  local up; up=$(echo "$(now) - $t0" | bc)
  local t1; t1=$(now)
  pkill -TERM -P $pid; wait $pid || true
  local down; down=$(echo "$(now) - $t1" | bc)
  local loaded; loaded=$(sed 's/\x1b\[[0-9;]*m//g' "$out.log" | grep -o 'snapshot=[^ ]* replayed=[0-9]* millis=[0-9]*' | head -1 || true)
  printf '%-7s %-28s start-up %7.2f s  stop %6.2f s  peak RSS %5d MiB  %s  (load %s)\n' \
    "$name" "$(basename "$data")" "$up" "$down" "$(( $(tail -1 "$out") / 1024 ))" "$loaded" "$(cut -d' ' -f1 /proc/loadavg)"
  rm -f "$out" "$out.log"
}
for data in "$@"; do
  rm -f "$data/state.snapshot"
  echo "$(basename "$data"): $(du -sh "$data" | cut -f1)"
  for _ in $(seq "$ROUNDS"); do
    one before "$BEFORE" "$data"
    one after "$AFTER" "$data"
  done
done
