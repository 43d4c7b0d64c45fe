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
  # The payment providers the simulator plays sign with keys made here once (openssl), as do we
  # at them; payments gets the matching settings unless DJ_PAYMENTS_SETTINGS names others.
  keys="$var/sim-keys"
  if [ ! -f "$keys/upmerchant-public.pem" ]; then
    mkdir -p "$keys" && chmod 700 "$keys"
    for who in alipay merchant wxplatform wxmerchant unionpay upmerchant; do
      openssl genrsa -out "$keys/$who-private.pem" 2048 2>/dev/null
      openssl rsa -in "$keys/$who-private.pem" -pubout -out "$keys/$who-public.pem" 2>/dev/null
    done
    openssl rand -hex 16 | tr -d '\n' >"$keys/apiv3.key"
  fi
  if [ -z "${DJ_PAYMENTS_SETTINGS:-}" ]; then
    export DJ_PAYMENTS_SETTINGS="$var/payments-settings.json"
    python3 - "$keys" "$DJ_SIM_PORT" "$DJ_GATEWAY_PORT" >"$DJ_PAYMENTS_SETTINGS" <<'PY'
import json, sys
keys, sim, gateway = sys.argv[1], f"http://127.0.0.1:{sys.argv[2]}", f"http://127.0.0.1:{sys.argv[3]}"
read = lambda name: open(f"{keys}/{name}").read()
print(json.dumps({
    "alipay": {"appId": "2021000000000001", "sellerId": "2088000000000001", "publicKeyPEM": read("alipay-public.pem"),
               "privateKeyFile": f"{keys}/merchant-private.pem", "gatewayURL": sim + "/gateway.do",
               "notifyURL": gateway + "/api/v1/callbacks/alipay"},
    "wechatpay": {"appId": "wxsimpay000000001", "mchId": "1900000109", "merchantSerialNo": "3775B6A45ACD588826D15E583A95F5DD2BB0F1B2",
                  "merchantPrivateKeyPath": f"{keys}/wxmerchant-private.pem", "apiV3Key": read("apiv3.key"),
                  "platformSerialNo": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1", "platformPublicKeyPEM": read("wxplatform-public.pem"),
                  "notifyURL": gateway + "/api/v1/callbacks/wechatpay", "gatewayURL": sim},
    "unionpay": {"merId": "777290058110048", "certId": "69042905377", "merchantPrivateKeyPath": f"{keys}/upmerchant-private.pem",
                 "unionPayPublicKeyPEM": read("unionpay-public.pem"), "backUrl": gateway + "/api/v1/callbacks/unionpay",
                 "frontUrl": gateway + "/me/payments", "gatewayURL": sim, "fileTransURL": sim + "/filedownload/"},
    # 对账: each day at 10:00 (Beijing) the previous day; run any day now from 党费管理 › 对账报告.
    "reconciliation": {"enabled": True, "time": "10:00"}}, ensure_ascii=False, indent=2))
PY
    chmod 600 "$DJ_PAYMENTS_SETTINGS"
  fi
  start provider-sim "$bin/provider-sim" --port "$DJ_SIM_PORT" \
    --alipay-private-key "$keys/alipay-private.pem" --alipay-merchant-public-key "$keys/merchant-public.pem" \
    --wechatpay-platform-private-key "$keys/wxplatform-private.pem" --wechatpay-merchant-public-key "$keys/wxmerchant-public.pem" \
    --wechatpay-apiv3-key-file "$keys/apiv3.key" \
    --unionpay-private-key "$keys/unionpay-private.pem" --unionpay-merchant-public-key "$keys/upmerchant-public.pem" \
    --smtp-port "${DJ_SIM_SMTP_PORT:-2525}"
  # Its SMTP sink is the mail relay here: what notifications "sent" is at /_sim/smtp/messages.
  export DJ_SMTP_HOST="${DJ_SMTP_HOST:-127.0.0.1}" DJ_SMTP_PORT="${DJ_SMTP_PORT:-${DJ_SIM_SMTP_PORT:-2525}}"
  export DJ_SMTP_FROM="${DJ_SMTP_FROM:-noreply@dangjian.local}"
fi
# notifications consumes the events of every business service that runs here.
export DJ_NOTIFY_SOURCES="${DJ_NOTIFY_SOURCES:-identity$( [ -x "$bin/dues" ] && echo ,dues)$( [ -x "$bin/payments" ] && echo ,payments)$( [ -x "$bin/transfers" ] && echo ,transfers)$( [ -x "$bin/meetings" ] && echo ,meetings)}"
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
  echo "在线交纳（模拟器扮演支付宝/微信支付）: 订单页显示付款码后，打开 http://127.0.0.1:${DJ_SIM_PORT:-8900}/_sim/alipay/pay?out_trade_no=订单号（微信支付：/_sim/wechatpay/pay?out_trade_no=订单号）"
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
