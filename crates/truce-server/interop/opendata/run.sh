#!/usr/bin/env bash
# Serves the demo deployment on loopback, downloads its open data and has
# tools nobody in this project wrote read every file: libhxl's hxlvalidate
# (with the schema beside this script), the geojson package, fastkml with
# lxml against the OGC KML 2.2 schema that fastkml ships, and feedparser.
# The Python packages are pinned in scripts/test-requirements.txt; scripts/test
# installs them in target/python, which .ci/run puts first on PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build -q -p truce-cli --manifest-path "$root/Cargo.toml"
truce="$root/target/debug/truce"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$truce" demo --data "$work/demo" --listen "127.0.0.1:$port" >"$work/demo.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/demo.log" >&2; exit 1; }
  sleep 1
done
for file in cases.csv cases.geojson findings.csv acled.csv ucdp-ged.csv cases-hxl.csv cases.kml feed.atom; do
  curl -sf -o "$work/$file" "http://127.0.0.1:$port/data/$file"
done

echo "libhxl: hxlvalidate cases-hxl.csv against the shipped schema"
hxlvalidate -s "$here/hxl-schema.csv" "$work/cases-hxl.csv"
python3 "$here/check.py" "$work"
