#!/usr/bin/env bash
# `truce bench export`, the build before and this build side by side in one
# run, alternating before and after ROUNDS times. Each run fills a fresh
# store with ROWS published cases and streams every download format; with a
# PostgreSQL base URL (no database name) each run gets a freshly created
# database `truce_bench_export`, so no run reads another's tables or caches
# its pages warm. Prints each run's rates, then its CPU time and peak
# resident set from GNU time, and the load average when it started.
# Usage: benches/export_side_by_side.sh BEFORE_BIN AFTER_BIN ROUNDS ROWS [POSTGRES_BASE_URL]
#   e.g. benches/export_side_by_side.sh /tmp/before /tmp/after 2 300000 postgres://postgres@127.0.0.1:5432
# Needs GNU time; with PostgreSQL, psql.
set -euo pipefail
BEFORE=$1; AFTER=$2; ROUNDS=$3; ROWS=$4; PG=${5:-}
DB=truce_bench_export
for round in $(seq "$ROUNDS"); do
  for build in before after; do
    bin=$BEFORE; [ "$build" = after ] && bin=$AFTER
    args=(bench export --rows "$ROWS")
    if [ -n "$PG" ]; then
      psql -q "$PG/postgres" -c "drop database if exists $DB" -c "create database $DB"
      args+=(--database "$PG/$DB")
    fi
    echo "== $build, round $round (load $(cut -d' ' -f1-3 /proc/loadavg))"
    out=$(mktemp)
    /usr/bin/time -f '%e %U %S %M' -o "$out" "$bin" "${args[@]}"
    read -r wall user sys rss < <(tail -1 "$out")
    echo "   whole run: wall $wall s, user CPU $user s, system CPU $sys s, peak RSS $((rss / 1024)) MiB"
    rm -f "$out"
  done
done
if [ -n "$PG" ]; then psql -q "$PG/postgres" -c "drop database if exists $DB"; fi
