#!/usr/bin/env bash
# `truce verify`, the build before and this build side by side in one run,
# over existing data directories, alternating before and after ROUNDS
# times, each with wall time, CPU time and peak resident set; the
# hardware's own limit (OpenSSL's Ed25519 verifications per second on one
# core) measured at the start and at the end of the run.
# Usage: benches/verify_side_by_side.sh BEFORE_BIN AFTER_BIN ROUNDS DATA_DIR...
# Needs openssl and GNU time.
set -euo pipefail
BEFORE=$1; AFTER=$2; ROUNDS=$3; shift 3
openssl_rate() { openssl speed -seconds 5 ed25519 2>/dev/null | awk '/Ed25519\)/ && $NF ~ /^[0-9.]+$/ {print "openssl ed25519 verify/s on one core: " $NF}' | tail -1; }
openssl_rate
for data in "$@"; do
  for _ in $(seq "$ROUNDS"); do
    for build in before after; do
      bin=$BEFORE; [ $build = after ] && bin=$AFTER
      out=$(mktemp)
      /usr/bin/time -f '%e %U %S %M' -o "$out" "$bin" verify --data "$data" > "$out.stdout" 2>&1 || { cat "$out.stdout"; exit 1; }
      read -r wall user sys rss < <(tail -1 "$out")
      records=$(grep -o '^ok: [0-9]*' "$out.stdout" | cut -d' ' -f2)
      printf '%-7s %-6s %9s records  wall %7.2f s  CPU %7.2f s  %7.0f records/s  %7.0f per CPU-s  peak RSS %4d MiB  (load %s)\n' \
        $build "$(basename "$data")" "$records" "$wall" "$(echo "$user + $sys" | bc)" \
        "$(echo "$records / $wall" | bc -l)" "$(echo "$records / ($user + $sys)" | bc -l)" "$((rss / 1024))" "$(cut -d' ' -f1 /proc/loadavg)"
      rm -f "$out" "$out.stdout"
    done
  done
done
openssl_rate
