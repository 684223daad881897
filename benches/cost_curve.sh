#!/usr/bin/env bash
# The cost curve (docs/PERFORMANCE.md, "Cost curve"): one deployment per
# size, grown by `truce bench fill` from the demo, then measured with one
# release binary:
#   - append: the fill's filings through the sequencer, records per second;
#   - start-up: `truce serve` until it answers;
#   - the case list (first page, and a page filtered by sector), a case page
#     (HTML, as a mediator), statistics after a filing (mediator), the home
#     page after a filing, each p50/p99 over SAMPLES requests;
#   - an export: the mediators' `cases.csv` through the API, every row;
#   - the server's peak resident set;
#   - verify: `truce verify`, wall time and peak resident set.
# Sizes grow from the previous size's deployment (`--first`), so the run
# files each case once.
# Usage: benches/cost_curve.sh BIN SIZE... (for example 10000 100000 1000000)
# Needs python3 (standard library only), curl and GNU time.
set -euo pipefail
BIN=$1; shift
PORT=${PORT:-18393}; URL=http://127.0.0.1:$PORT
SAMPLES=${SAMPLES:-100}
WORK=${WORK:-$(mktemp -d)}
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
wait_up() { for _ in $(seq 30000); do curl -sf "$URL/api/v1/participants" >/dev/null && return 0; sleep 0.1; done; echo "no server" >&2; exit 1; }
echo "binary: $BIN ($($BIN --version)); load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -d "$WORK/data" ]; then
  $BIN demo --data "$WORK/data" --listen 127.0.0.1:$PORT >/dev/null 2>&1 & pid=$!
  wait_up; kill -TERM $pid; wait $pid || true
fi
# FILED: cases an earlier run of this script already filed into $WORK.
filed=${FILED:-0}
for size in "$@"; do
  add=$((size - filed))
  t0=$(date +%s.%N)
  $BIN bench fill --data "$WORK/data" --cases "$add" --first "$filed" >/dev/null 2>&1
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
  filed=$size
  echo "== $size cases; load average $(cut -d' ' -f1-3 /proc/loadavg); deployment $(du -sh "$WORK/data" | cut -f1)"
  printf 'append (bench fill of %d): %.1f s, %.0f records/s\n' "$add" "$secs" "$(echo "$add / $secs" | bc -l)"

  t0=$(date +%s.%N)
  TRUCE_LOG=warn TRUCE_RATE_PER_ADDRESS=0 TRUCE_RATE_PER_PRINCIPAL=0 $BIN serve --data "$WORK/data" --listen 127.0.0.1:$PORT 2>>"$WORK/serve.log" & pid=$!
  wait_up
  printf 'start-up: %.2f s\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
  python3 - "$URL" "$SAMPLES" <<'PY'
import http.client, json, sys, time, datetime, urllib.parse
url, samples = sys.argv[1], int(sys.argv[2])
host = urllib.parse.urlparse(url)
c = http.client.HTTPConnection(host.hostname, host.port, timeout=3600)
def call(method, path, body=None, headers=None):
    h = dict(headers or {})
    if body is not None:
        h["content-type"] = "application/json"
    c.request(method, path, body=None if body is None else json.dumps(body), headers=h)
    r = c.getresponse()
    return r.status, r.read(), r.headers
def token(principal):
    st, data, hd = call("POST", "/api/v1/session", {"principal": principal, "password": "truce-demo-2025"})
    cookie = "; ".join(x.split(";")[0] for x in hd.get_all("set-cookie"))
    csrf = json.loads(data)["csrf_token"]
    st, data, _ = call("POST", "/api/v1/me/tokens", {"name": "bench"}, {"cookie": cookie, "x-csrf-token": csrf})
    return json.loads(data)["token"], cookie
bearer, cookie = token("qat-chair")
chair, chair_page = {"authorization": "Bearer " + bearer}, {"cookie": cookie}
pak = {"authorization": "Bearer " + token("pak-liaison")[0]}
def file():
    at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    st, data, _ = call("POST", "/api/v1/cases", {"allegation": {"accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"],
        "occurred_at": at, "location": {"lat": 30.92, "lon": 66.45, "precision": 2}, "summary": "Bench filing before a read"}}, pak)
    assert st == 201, (st, data)
def timed(path, headers=None):
    t = time.perf_counter()
    st, data, _ = call("GET", path, None, headers)
    assert st == 200, (path, st, data[:200])
    return (time.perf_counter() - t) * 1000, data
def show(label, ms):
    ms = sorted(ms)
    q = lambda p: ms[min(len(ms) - 1, int(round(p * (len(ms) - 1))))]
    print(f"{label:<44} n={len(ms):>4}  p50 {q(0.5):9.2f} ms  p99 {q(0.99):9.2f} ms", flush=True)
_, page = timed("/api/v1/cases?limit=50", chair)
case = json.loads(page)["cases"][0]["id"]
for label, path, headers, after_filing in [
    ("case list, first 50 (mediator)", "/api/v1/cases?limit=50", chair, False),
    ("case list, sector filter (mediator)", "/api/v1/cases?limit=50&sector=chaman_kandahar", chair, False),
    ("case page, HTML (mediator)", f"/cases/{case}", chair_page, False),
    ("statistics after a filing (mediator)", "/api/v1/statistics", chair, True),
    ("home page after a filing (public)", "/", None, True),
]:
    ms = []
    for _ in range(samples):
        if after_filing:
            file()
        ms.append(timed(path, headers)[0])
    show(label, ms)
t = time.perf_counter()
_, data = timed("/api/v1/data/cases.csv", chair)
secs = time.perf_counter() - t
rows = data.count(b"\n") - 1
print(f"export cases.csv (mediator): {rows} rows, {len(data) / 2**20:.1f} MiB, {secs:.2f} s, {rows / secs:,.0f} rows/s", flush=True)
PY
  echo "server peak RSS: $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
  kill -TERM $pid; wait $pid || true
  /usr/bin/time -f 'verify: %e s wall, %U+%S s CPU, peak RSS %M KiB' $BIN verify --data "$WORK/data" 2>&1 >/dev/null | tail -1
done
