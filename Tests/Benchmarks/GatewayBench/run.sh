#!/usr/bin/env bash
# Gateway throughput: an authenticated read (GET /api/v1/me) against a trivial route of the same
# process (GET /healthz), 10 s of wrk each on loopback. Target: /me at least half of /healthz.
#
# /me is cheap by design: the token is verified locally (HMAC, keys fetched from identity at start)
# and the profile read from identity is cached for a few seconds per person, so a repeated /me
# costs no bus round trip.
#   Tests/Benchmarks/GatewayBench/run.sh      (DURATION=10 CONNECTIONS=32 THREADS=2)
set -euo pipefail
cd "$(dirname "$0")/../../.."
command -v wrk >/dev/null 2>&1 || {
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
}
deploy/local/install-deps.sh
echo "building (release)…"
swift build -c release --product gateway >/dev/null
swift build -c release >/dev/null
bin="$(swift build -c release --show-bin-path)"
source Tests/Schemathesis/platform.sh

duration="${DURATION:-10}"; connections="${CONNECTIONS:-32}"; threads="${THREADS:-2}"
lua="$work/auth.lua"
printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$admin_token" >"$lua"

run() {  # NAME URL [wrk args…] → prints "req/s p99(ms)"
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "${@:2}" "$1")
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4}' <<<"$out")
  echo "$rps $p99 ${non2xx:-0}"
}
# Warm up both paths (JIT-free, but the profile cache and connections).
wrk -t1 -c4 -d2s -s "$lua" "$gateway_url/api/v1/me" >/dev/null
read -r me_rps me_p99 me_bad < <(run "$gateway_url/api/v1/me" -s "$lua")
read -r hz_rps hz_p99 hz_bad < <(run "$gateway_url/healthz")
[ "$me_bad" = "0" ] || { echo "GET /api/v1/me answered $me_bad non-2xx responses"; exit 1; }
[ "$hz_bad" = "0" ] || { echo "GET /healthz answered $hz_bad non-2xx responses"; exit 1; }
ratio=$(python3 -c "print(f'{$me_rps / $hz_rps:.2f}')")
printf '%-22s %12s %10s\n' route "req/s" p99
printf '%-22s %12s %10s\n' "GET /api/v1/me" "$me_rps" "$me_p99"
printf '%-22s %12s %10s\n' "GET /healthz" "$hz_rps" "$hz_p99"
echo "ratio /me : /healthz = $ratio (target ≥ 0.5)"
python3 -c "import sys; sys.exit(0 if $me_rps / $hz_rps >= 0.5 else 1)" || { echo "below target"; exit 1; }
