#!/usr/bin/env bash
# Starts the whole platform on this machine: installs what is missing, builds in release mode,
# starts the broker and every service executable that exists, keeps data in ./var and logs in
# ./var/log, prints what runs where, and stops everything cleanly on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

deploy/local/install-deps.sh
# DJ_BIN_DIR: run executables already built there (tests use the debug build) instead of building.
if [ -n "${DJ_BIN_DIR:-}" ]; then
  bin="$DJ_BIN_DIR"
else
  echo "building (release)…"
  swift build -c release 2>&1 | grep -E "error|warning: unre|Compiling|Build complete" | grep -v "^\[" || true
  bin=$(swift build -c release --show-bin-path)
fi

var="${DJ_VAR_DIR:-$root/var}"
mkdir -p "$var/data" "$var/log"
export DJ_BROKER="${DJ_BROKER:-tcp://127.0.0.1:5555}"
export DJ_EVENTS_IN="${DJ_EVENTS_IN:-tcp://127.0.0.1:5556}"
export DJ_EVENTS_OUT="${DJ_EVENTS_OUT:-tcp://127.0.0.1:5557}"
export DJ_DATA_DIR="$var/data"
export DJ_LOG_FORMAT="${DJ_LOG_FORMAT:-json}"

names=()
pids=()
start() {  # start NAME EXECUTABLE ARGS…
  local name=$1; shift
  "$@" >>"$var/log/$name.log" 2>&1 &
  names+=("$name")
  pids+=($!)
}

stop_all() {
  trap "" INT TERM  # a second Ctrl-C must not cut the clean stop short
  echo
  echo "stopping…"
  # Services first, the broker last, so in-flight requests can still be answered. The arrays may
  # have holes (a process that died on its own was unset), so walk their indices, not a count.
  local running=("${!pids[@]}") k i
  for ((k = ${#running[@]} - 1; k >= 0; k--)); do kill -TERM "${pids[${running[$k]}]}" 2>/dev/null || true; done
  for ((k = ${#running[@]} - 1; k >= 0; k--)); do
    i=${running[$k]}
    if wait "${pids[$i]}" 2>/dev/null; then echo "  ${names[$i]} stopped"; else echo "  ${names[$i]} exited with status $?"; fi
  done
  exit 0
}
trap stop_all INT TERM

# A first start gets a demo city to try at once (djctl init + demo); later starts keep the data.
demo_logins=""
if [ ! -e "$var/data/identity.sqlite" ] && [ -z "${DJ_NO_DEMO:-}" ]; then
  "$bin/djctl" init --code 001 --name 中共示范市委 --admin cityadmin --data-dir "$var/data" >/dev/null
  demo_logins=$("$bin/djctl" demo --data-dir "$var/data")
  echo "$demo_logins" >"$var/demo-logins.txt"
fi
export DJ_GATEWAY_PORT="${DJ_GATEWAY_PORT:-8080}"

start broker "$bin/broker" --bind "$DJ_BROKER" --events-in "$DJ_EVENTS_IN" --events-out "$DJ_EVENTS_OUT"
# On one machine there is no SMS gateway, WeChat or real-name provider: the simulator plays them
# (their real HTTP shapes), and what it "sent" can be read at http://127.0.0.1:8900/_sim/sms/messages.
if [ -x "$bin/provider-sim" ] && [ -z "${DJ_NO_SIMULATOR:-}" ]; then
  export DJ_SIM_PORT="${DJ_SIM_PORT:-8900}"
  export DJ_SMS_URL="${DJ_SMS_URL:-http://127.0.0.1:$DJ_SIM_PORT/}"
  export DJ_WECHAT_URL="${DJ_WECHAT_URL:-http://127.0.0.1:$DJ_SIM_PORT}"
  export DJ_REALNAME_URL="${DJ_REALNAME_URL:-http://127.0.0.1:$DJ_SIM_PORT}"
  start provider-sim "$bin/provider-sim" --port "$DJ_SIM_PORT"
fi
# notifications consumes the events of every business service that runs here.
export DJ_NOTIFY_SOURCES="${DJ_NOTIFY_SOURCES:-identity$( [ -x "$bin/dues" ] && echo ,dues)}"
# Business services, in the order later ones depend on earlier ones; those not built yet are skipped.
for service in identity notifications dues payments transfers meetings gateway; do
  if [ -x "$bin/$service" ]; then start "$service" "$bin/$service"; fi
done

echo
echo "Dangjian is running (data in var/data, logs in var/log):"
printf '  %-14s %-8s %s\n' "process" "pid" "log"
for i in "${!names[@]}"; do printf '  %-14s %-8s %s\n' "${names[$i]}" "${pids[$i]}" "var/log/${names[$i]}.log"; done
echo "  broker requests $DJ_BROKER · events in $DJ_EVENTS_IN · events out $DJ_EVENTS_OUT"
if [ -x "$bin/gateway" ]; then
  echo "  gateway        http://127.0.0.1:$DJ_GATEWAY_PORT  (portal: open it in a browser; API /api/v1, document /openapi.json)"
fi
if [ -f "$var/demo-logins.txt" ]; then
  echo
  cat "$var/demo-logins.txt"
  echo "城市管理员登录：用户名 cityadmin，初始密码 123456（首次登录须修改）"
  echo "短信验证码（模拟器）: http://127.0.0.1:${DJ_SIM_PORT:-8900}/_sim/sms/messages?phone=手机号"
fi
echo "Ctrl-C stops everything."

# If a process dies on its own, say so and keep the rest running.
while true; do
  if ! wait -n "${pids[@]}" 2>/dev/null; then :; fi
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null && [ -n "${pids[$i]}" ]; then
      echo "!! ${names[$i]} exited; see var/log/${names[$i]}.log"
      unset 'pids[i]' 'names[i]'
    fi
  done
  ((${#pids[@]})) || exit 1
done
