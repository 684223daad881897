#!/usr/bin/env bash
# Reads after a filing, the build before and this build side by side in one
# run, over one `bench fill` deployment (copied fresh for each build):
#   - start-up (until the server answers);
#   - GET /api/v1/statistics right after a filing, as a mediator and as a
#     party (the log has just grown: nothing read before is still current);
#   - the home page and a monthly report right after a filing (cold);
#   - the statistics again without a filing (warm).
# Usage: benches/reads_side_by_side.sh BEFORE_BIN AFTER_BIN CASES [SAMPLES_BEFORE] [SAMPLES_AFTER]
# Needs python3 (standard library only) and curl.
set -euo pipefail
BEFORE=$1; AFTER=$2; CASES=$3; NB=${4:-30}; NA=${5:-200}
PORT=${PORT:-18383}; URL=http://127.0.0.1:$PORT
WORK=${WORK:-$(mktemp -d)}
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
wait_up() { for _ in $(seq 3000); do curl -sf "$URL/api/v1/participants" >/dev/null && return 0; sleep 0.1; done; echo "no server" >&2; exit 1; }

if [ ! -d "$WORK/base" ]; then
  $BEFORE demo --data "$WORK/base" --listen 127.0.0.1:$PORT >/dev/null 2>&1 & pid=$!
  wait_up; kill -TERM $pid; wait $pid || true
  start=$(date +%s.%N)
  $BEFORE bench fill --data "$WORK/base" --cases "$CASES"
  echo "bench fill of $CASES cases: $(echo "$(date +%s.%N) - $start" | bc) s"
fi
echo "deployment: $(du -sh "$WORK/base" | cut -f1)"

run() {
  local name=$1 bin=$2 samples=$3
  rm -rf "$WORK/run"; cp -a "$WORK/base" "$WORK/run"
  local t0; t0=$(date +%s.%N)
  TRUCE_LOG=warn TRUCE_RATE_PER_ADDRESS=0 TRUCE_RATE_PER_PRINCIPAL=0 $bin serve --data "$WORK/run" --listen 127.0.0.1:$PORT & local pid=$!
  wait_up
  echo "== $name: start-up $(echo "$(date +%s.%N) - $t0" | bc) s"
  python3 - "$URL" "$samples" <<'PY'
import http.client, json, sys, time, datetime, urllib.parse
url, samples = sys.argv[1], int(sys.argv[2])
host = urllib.parse.urlparse(url)
def conn():
    return http.client.HTTPConnection(host.hostname, host.port, timeout=600)
c = conn()
def call(method, path, body=None, headers=None):
    h = dict(headers or {})
    if body is not None:
        h["content-type"] = "application/json"
    c.request(method, path, body=None if body is None else json.dumps(body), headers=h)
    r = c.getresponse()
    data = r.read()
    return r.status, data, r.headers
def token(principal):
    st, data, hd = call("POST", "/api/v1/session", {"principal": principal, "password": "truce-demo-2025"})
    cookie = "; ".join(x.split(";")[0] for x in hd.get_all("set-cookie"))
    csrf = json.loads(data)["csrf_token"]
    st, data, _ = call("POST", "/api/v1/me/tokens", {"name": "bench"}, {"cookie": cookie, "x-csrf-token": csrf})
    return json.loads(data)["token"]
chair = {"authorization": "Bearer " + token("qat-chair")}
pak = {"authorization": "Bearer " + token("pak-liaison")}
def file():
    at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    st, data, _ = call("POST", "/api/v1/cases", {"allegation": {"accused": "AFG", "provisions": ["P1"], "acts": ["shelling_artillery"],
        "occurred_at": at, "location": {"lat": 30.92, "lon": 66.45, "precision": 2}, "summary": "Bench filing before a read"}}, pak)
    assert st == 201, (st, data)
def timed(path, headers=None):
    t = time.perf_counter()
    st, data, _ = call("GET", path, None, headers)
    assert st == 200, (path, st, data[:200])
    return (time.perf_counter() - t) * 1000, len(data)
def show(label, ms):
    ms = sorted(ms)
    q = lambda p: ms[min(len(ms) - 1, int(round(p * (len(ms) - 1))))]
    print(f"{label:<48} n={len(ms):>4}  p50 {q(0.5):9.2f} ms  p99 {q(0.99):9.2f} ms  max {ms[-1]:9.2f} ms", flush=True)
for label, path, headers in [
    ("statistics after a filing, mediator", "/api/v1/statistics", chair),
    ("statistics after a filing, party (PAK)", "/api/v1/statistics", pak),
    ("home page after a filing (anonymous)", "/", None),
    ("report 2025-10 after a filing (anonymous)", "/reports/2025-10", None),
]:
    ms = []
    for _ in range(samples):
        file()
        ms.append(timed(path, headers)[0])
    show(label, ms)
ms = [timed("/api/v1/statistics", chair)[0] for _ in range(samples)]
show("statistics, log unchanged, mediator", ms)
PY
  echo "peak RSS: $(grep VmHWM /proc/$pid/status | awk '{printf "%.0f MiB", $2/1024}')"
  kill -TERM $pid; wait $pid || true
}
run "before" "$BEFORE" "$NB"
run "after" "$AFTER" "$NA"
