#!/usr/bin/env bash
# Gateway throughput: four things side by side, each measured with wrk on loopback after a short warm-up.
#   (a) hellobench: a bare Hummingbird hello-world built from the same hummingbird dependency (the floor)
#   (b) GET /healthz of the gateway: its own HTTP cost, no bus
#   (c) GET /api/v1/orgs/subtree?code=001&limit=5 as the demo committee administrator: the token checked
#       and one bus round trip to identity on every request (nothing cached)
#   (d) GET /api/v1/dues/unpaid?orgCode=001&month=M&offset=0&limit=50: the first page of dues' unpaid list
#       (every demo branch's standards are submitted first, so the page is a full 50 rows)
#   (e) GET /api/v1/me, for reference (the profile is cached by the gateway for a few seconds)
#   (a2) hellobench again, last: the floor is the mean of (a) and (a2). A run of the bare route alone
#       varies by ±10 % on a 2-core VM from one run to the next, and drifts over minutes; the ratios
#       are taken against both ends of the run rather than one sample of that noise.
# For each: req/s, p50 and p99 latency, non-2xx responses (must be 0, like socket errors: the script
# fails otherwise), req/s as a multiple of the floor, and the CPU time per request of every process involved
# (utime+stime from /proc/PID/stat read before and after the measured run, over the requests wrk
# completed). The issue's targets are printed beside the figures; missing one does not fail the script.
#
#   Tests/Benchmarks/GatewayBench/run.sh
#     THREADS=1 CONNECTIONS=32 DURATION=10 WARMUP=2   wrk's threads and connections, seconds per run
#     SCRATCH_PATH=.build-release   build and run from that build directory instead of .build
#     ROUTES="a c"   measure only these (a is always measured: the floor)
#     BIN_DIR=DIR    run the executables in DIR, built beforehand (no build): an older commit's, for an A/B
#     PROFILE=FILE   also `perf record -g` the gateway (or PROFILE_PROCESS=identity…) for 8 s during (c) (or PROFILE_ROUTE=b…),
#                    after the table, and write
#                    `perf report` to FILE: self time by library, thread and symbol; inclusive by symbol
#                    (the raw perf.data is kept as FILE.data)
set -euo pipefail
cd "$(dirname "$0")/../../.."
command -v wrk >/dev/null 2>&1 || {
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
}
deploy/local/install-deps.sh
# SCRATCH_PATH: another build directory (e.g. .build-release) instead of .build.
# BIN_DIR: run these already built executables instead (e.g. a copy of an older commit's, for an A/B).
if [ -n "${BIN_DIR:-}" ]; then
  bin="$BIN_DIR"
else
  echo "building (release)…"
  scratch="${SCRATCH_PATH:-.build}"
  swift build -c release --scratch-path "$scratch" >/dev/null
  bin="$(swift build -c release --scratch-path "$scratch" --show-bin-path)"
fi

threads="${THREADS:-1}"; connections="${CONNECTIONS:-32}"; duration="${DURATION:-10}"; warmup="${WARMUP:-2}"
# Six branch administrators and the month opening log in within a minute: more than the default per-IP limit.
GATEWAY_ARGS="${GATEWAY_ARGS:---login-per-ip 1000}"
source Tests/Schemathesis/platform.sh

hello_port=$(free_port)
platform_start hellobench "$bin/hellobench" --port "$hello_port"
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$hello_port/" >/dev/null && break; sleep 0.1; done

# Dues data for (d): every other demo branch gets an administrator who enters and submits its standards
# (platform.sh did 001001001 and recorded one member's cash), so 001's unpaid list has 119 rows.
month=$(python3 - "$gateway_url" "$admin_token" "http://127.0.0.1:$sim_port" <<'PY'
import json, sys, time, urllib.request, urllib.error
base, admin, sim = sys.argv[1], sys.argv[2], sys.argv[3]
def sms_code(phone):  # the latest code the simulator recorded for phone, waited for
    deadline = time.time() + 20
    while True:
        with urllib.request.urlopen(sim + "/_sim/sms/messages?phone=" + phone, timeout=10) as r:
            messages = json.loads(r.read()).get("messages", [])
        codes = [m["templateParam"]["code"] for m in messages if isinstance(m.get("templateParam"), dict) and "code" in m["templateParam"]]
        if codes:
            return codes[-1]
        if time.time() > deadline:
            sys.exit("no SMS code for the administrator within 20 s")
        time.sleep(0.1)
def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")
status, page = call("GET", "/api/v1/dues/unpaid?orgCode=001&limit=1", token=admin)
assert status == 200 and page["items"], (status, page)
month = page["items"][0]["month"]
for i, branch in enumerate(["001001002", "001001003", "001002001", "001002002", "001002003"]):
    username = "bench" + branch
    mobile = "1770000003%d" % i
    status, created = call("POST", "/api/v1/admins", {"orgCode": branch, "username": username, "name": "石磊", "post": "书记",
                                                      "mobile": mobile}, admin)
    assert status == 200, (status, created)
    status, first = call("POST", "/api/v1/auth/login", {"identifier": username, "password": "123456", "deviceId": "bench"})
    assert status == 200 and first["step"] == "change_password", (status, first)
    status, done = call("POST", "/api/v1/auth/login/change-password", {"ticket": first["ticket"], "newPassword": "Bench2026pass"})
    assert status == 200 and done["step"] == "sms_code", (status, done)
    status, done = call("POST", "/api/v1/auth/login/verify-code", {"ticket": done["ticket"], "code": sms_code(mobile)})
    assert status == 200 and done["step"] == "tokens", (status, done)
    token = done["tokens"]["accessToken"]
    path = "/api/v1/dues/branches/%s/months/%s/standards" % (branch, month)
    deadline = time.time() + 60
    while True:
        status, screen = call("GET", path, token=token)
        assert status == 200, (status, screen)
        items = [{"memberId": m, "kind": "employed", "baseFen": 400000 + i * 150000} for i, m in enumerate(screen["missingMemberIds"])]
        if items:
            status, saved = call("POST", path, {"items": items}, token)
            assert status == 200, (status, saved)
        status, submitted = call("POST", path + "/submit", token=token)
        if status == 200:
            break
        assert submitted.get("code") == "dues.standard_missing" and time.time() < deadline, (status, submitted)
        time.sleep(0.2)
print(month)
PY
)

hello_url="http://127.0.0.1:$hello_port/"
subtree_url="$gateway_url/api/v1/orgs/subtree?code=001&limit=5"
unpaid_url="$gateway_url/api/v1/dues/unpaid?orgCode=001&month=$month&offset=0&limit=50"
me_url="$gateway_url/api/v1/me"
unpaid_page=$(curl -fsS -H "Authorization: Bearer $admin_token" "$unpaid_url")
read -r unpaid_items unpaid_total < <(python3 -c 'import json, sys; p = json.loads(sys.argv[1]); print(len(p["items"]), p["total"])' "$unpaid_page")
[ "$unpaid_items" -gt 0 ] || { echo "the unpaid list of 001 for $month is empty"; exit 1; }

# wrk prints one machine-readable line at the end (latencies in µs, duration in µs).
lua="$work/bench.lua"
cat >"$lua" <<'LUA'
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %.0f %.0f %.0f %.0f %.0f\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

tck=$(getconf CLK_TCK)
procs=(gateway identity dues broker hellobench)
ticks() {  # PID → utime+stime in clock ticks (fields 14 and 15; the name in parentheses may hold spaces)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
results="$work/results.jsonl"
measure() {  # KEY LABEL URL TOKEN
  local key=$1 label=$2 url=$3 token=$4 status
  status=$(curl -s -o /dev/null -w '%{http_code}' ${token:+-H "Authorization: Bearer $token"} "$url")
  [ "$status" = 200 ] || { echo "($key) $label answered $status before the run"; exit 1; }
  BENCH_TOKEN="$token" wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$lua" "$url" >/dev/null
  local -A before=()
  for p in "${procs[@]}"; do before[$p]=$(ticks "${platform_pid[$p]}"); done
  local out
  out=$(BENCH_TOKEN="$token" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$lua" "$url")
  local cpu=""
  for p in "${procs[@]}"; do cpu+="\"$p\": $(( $(ticks "${platform_pid[$p]}") - ${before[$p]} )), "; done
  local requests micros p50 p99 non2xx socket
  read -r _ requests micros p50 p99 non2xx socket < <(grep '^RESULT ' <<<"$out")
  printf '{"key": "%s", "label": "%s", "requests": %s, "micros": %s, "p50": %s, "p99": %s, "non2xx": %s, "socket": %s, "ticks": {%s}}\n' \
    "$key" "$label" "$requests" "$micros" "$p50" "$p99" "$non2xx" "$socket" "${cpu%, }" >>"$results"
  echo "($key) $label: $requests requests, $non2xx non-2xx, $socket socket errors"
  [ "$non2xx" = 0 ] || { echo "FAIL: ($key) $label answered $non2xx non-2xx responses"; echo "$out"; exit 1; }
  [ "$socket" = 0 ] || { echo "FAIL: ($key) $label had $socket socket errors (connect/read/write/timeout)"; echo "$out"; exit 1; }
}

echo "wrk: $threads thread(s), $connections connections, ${warmup} s warm-up then ${duration} s per run; dues month $month, unpaid page $unpaid_items of $unpaid_total"
wanted() { [[ " ${ROUTES:-a b c d e} " == *" $1 "* ]]; }
wanted a || { echo "ROUTES must include a (the floor the others are compared with)"; exit 1; }
measure a "hellobench GET /" "$hello_url" ""
if wanted b; then measure b "gateway GET /healthz" "$gateway_url/healthz" ""; fi
if wanted c; then measure c "GET /api/v1/orgs/subtree" "$subtree_url" "$admin_token"; fi
if wanted d; then measure d "GET /api/v1/dues/unpaid" "$unpaid_url" "$admin_token"; fi
if wanted e; then measure e "GET /api/v1/me (cached)" "$me_url" "$admin_token"; fi
measure a2 "hellobench GET / (again)" "$hello_url" ""

python3 - "$results" "$tck" "$connections" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
tck, connections = int(sys.argv[2]), int(sys.argv[3])
procs = ["gateway", "identity", "dues", "broker", "hellobench"]
targets = {
    "b": lambda x, p99: (f"≥ 0.80× (a)", x >= 0.8),
    "c": lambda x, p99: (f"≥ 0.15× (a), p99 ≤ 15 ms", x >= 0.15 and p99 <= 15),
}
print()
head = f"{'':4}{'route':28}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'non2xx':>7}{'×(a)':>7}   " + \
    "".join(f"{p[:10]:>11}" for p in procs) + "   target"
print(head)
print(f"{'':4}{'':28}{'':9}{'':8}{'':8}{'':7}{'':7}   " + "".join(f"{'µs/req':>11}" for _ in procs))
def rate(r): return r["requests"] / (r["micros"] / 1e6)
floor = sum(rate(r) for r in rows if r["key"] in ("a", "a2")) / 2
for r in rows:
    rps = rate(r)
    ratio = rps / floor
    p50, p99 = r["p50"] / 1000, r["p99"] / 1000
    cpu = "".join(f"{r['ticks'][p] / tck * 1e6 / r['requests']:>11.1f}" for p in procs)
    target = ""
    if r["key"] in targets:
        text, met = targets[r["key"]](ratio, p99)
        target = f"{text}: {'met' if met else 'MISSED'}"
    print(f"({r['key']}) {r['label']:28}{rps:>9.0f}{p50:>8.2f}{p99:>8.2f}{r['non2xx']:>7}{ratio:>7.2f}   {cpu}   {target}")
print(f"×(a): req/s over the mean of (a) and (a2), {floor:.0f} req/s")
print(f"CPU: utime+stime over the measured run (clock tick {1000 / tck:.0f} ms) divided by requests completed; "
      f"targets are the issue's, at {connections} connections")
PY

if [ -n "${PROFILE:-}" ]; then
  echo
  case "${PROFILE_ROUTE:-c}" in
    a) profile_url="$hello_url"; profile_token="" ;;
    b) profile_url="$gateway_url/healthz"; profile_token="" ;;
    c) profile_url="$subtree_url"; profile_token="$admin_token" ;;
    d) profile_url="$unpaid_url"; profile_token="$admin_token" ;;
    e) profile_url="$me_url"; profile_token="$admin_token" ;;
    *) echo "PROFILE_ROUTE must be one of a b c d e"; exit 1 ;;
  esac
  echo "profiling ${PROFILE_PROCESS:-gateway} during (${PROFILE_ROUTE:-c}) (perf record -g, 8 s)…"
  BENCH_TOKEN="$profile_token" wrk -t"$threads" -c"$connections" -d"$((warmup + 10))s" -s "$lua" "$profile_url" >"$work/profile-wrk.txt" &
  profile_wrk=$!
  sleep "$warmup"
  perf record -q -g -p "${platform_pid[${PROFILE_PROCESS:-gateway}]}" -o "$work/perf.data" -- sleep 8 2>/dev/null
  wait "$profile_wrk"
  report() {  # TITLE perf-report-args… (perf's own comment lines left out, Swift names demangled)
    echo "== $1"; shift
    perf report -i "$work/perf.data" --stdio -g none "$@" 2>/dev/null | grep -v -e '^#' -e '^$' | swift demangle --simplified
    echo
  }
  { report "self time by library" --no-children --sort dso
    report "self time by thread" --no-children --sort comm
    report "self time by symbol (≥ 0.5 %)" --no-children --sort dso,symbol --percent-limit 0.5
    report "inclusive time by symbol (≥ 2 %)" --children --sort dso,symbol --percent-limit 2
  } >"$PROFILE"
  cp "$work/perf.data" "$PROFILE.data"  # kept for further `perf report -i`
  echo "perf report written to $PROFILE (raw data: $PROFILE.data)"
fi
