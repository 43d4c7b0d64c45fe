# Sourced by Tests/Schemathesis/run.sh and Tests/Benchmarks/GatewayBench/run.sh: starts broker,
# identity, notifications, dues, payments, transfers, meetings, provider-sim and gateway from $bin on free ports in a temp dir, with a
# demo installation (djctl init + demo), waits until the gateway is ready, gives dues a month to work
# on (the open month of every demo branch; branch 001001001's standards submitted by its administrator
# `duesdemo`, one member's cash recorded), and sets
#   $gateway_url   http://127.0.0.1:PORT
#   $admin_token   an access token of the demo committee administrator (first login done)
#   $member_token  an access token of the demo member (first login with the SMS code done), after the
#                  administrator published a notice to the whole city, so the member's inbox holds it
#   platform_pid   NAME → pid of each process started (broker, provider-sim, identity, notifications,
#                  dues, gateway), e.g. ${platform_pid[gateway]}
# Everything is stopped (by pid) when the calling script exits.
set -euo pipefail

work=$(mktemp -d "${TMPDIR:-/tmp}/dj-platform-XXXXXX")
mkdir -p "$work/data" "$work/log"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

export DJ_BROKER="ipc://$work/broker.sock"
export DJ_EVENTS_IN="ipc://$work/events-in.sock"
export DJ_EVENTS_OUT="ipc://$work/events-out.sock"
export DJ_DATA_DIR="$work/data"
export DJ_LOG_FORMAT=json
sim_port=$(free_port)
gateway_port=$(free_port)
export DJ_SMS_URL="http://127.0.0.1:$sim_port/" DJ_WECHAT_URL="http://127.0.0.1:$sim_port" DJ_REALNAME_URL="http://127.0.0.1:$sim_port"

platform_pids=()
declare -gA platform_pid=()
platform_stop() {
  for ((i = ${#platform_pids[@]} - 1; i >= 0; i--)); do kill -TERM "${platform_pids[$i]}" 2>/dev/null || true; done
  for pid in "${platform_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_WORK:-}" ]; then echo "logs kept in $work/log"; else rm -rf "$work"; fi
}
trap platform_stop EXIT
platform_start() {  # NAME EXECUTABLE ARGS…
  local name=$1; shift
  "$@" >>"$work/log/$name.log" 2>&1 &
  platform_pids+=($!)
  platform_pid[$name]=$!
}

"$bin/djctl" init --code 001 --name 中共示范市委 --admin cityadmin --data-dir "$work/data" >/dev/null
# `djctl demo` prints the demo member's login: 身份证号 <ID>，初始密码 …
demo_login=$("$bin/djctl" demo --data-dir "$work/data" | grep 身份证号)
demo_member=$(sed -n 's/.*身份证号 \([0-9X]*\).*/\1/p' <<<"$demo_login")
demo_phone=$(sed -n 's/.*手机 \([0-9]*\).*/\1/p' <<<"$demo_login")
platform_start broker "$bin/broker" --bind "$DJ_BROKER" --events-in "$DJ_EVENTS_IN" --events-out "$DJ_EVENTS_OUT"
platform_start provider-sim "$bin/provider-sim" --port "$sim_port"
platform_start identity "$bin/identity"
platform_start notifications "$bin/notifications"
platform_start dues "$bin/dues"
[ -x "$bin/payments" ] && platform_start payments "$bin/payments"
[ -x "$bin/transfers" ] && platform_start transfers "$bin/transfers"
[ -x "$bin/meetings" ] && platform_start meetings "$bin/meetings"
platform_start gateway "$bin/gateway" --port "$gateway_port" ${GATEWAY_ARGS:-}
gateway_url="http://127.0.0.1:$gateway_port"

# Ready within a deadline, and the demo administrator's first login (initial password → changed).
tokens=$(python3 - "$gateway_url" "http://127.0.0.1:$sim_port" "$demo_member" "$demo_phone" <<'PY'
import json, sys, time, urllib.request, urllib.error
base, sim, member, member_phone = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")
deadline = time.time() + 60
while True:
    try:
        if call("GET", "/readyz")[0] == 200:
            break
    except OSError:
        pass
    if time.time() > deadline:
        sys.exit("gateway not ready within 60 s")
    time.sleep(0.2)
status, first = call("POST", "/api/v1/auth/login", {"identifier": "demoadmin", "password": "123456", "deviceId": "bench"})
assert status == 200 and first["step"] == "change_password", (status, first)
status, done = call("POST", "/api/v1/auth/login/change-password", {"ticket": first["ticket"], "newPassword": "Demo2026pass"})
assert status == 200 and done["step"] == "tokens", (status, done)
token = done["tokens"]["accessToken"]

# Dues data: the committee opens the month for every branch; a branch administrator enters and submits
# its standards (dues learns the members from identity's events, so entering is repeated until none is
# missing) and records one member's cash.
def authed(method, path, body=None, tok=token):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + tok})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")
branch = "001001001"
def sms_code(phone):  # the latest code the simulator recorded for phone, waited for
    deadline = time.time() + 20
    while True:
        with urllib.request.urlopen(sim + "/_sim/sms/messages?phone=" + phone, timeout=10) as r:
            messages = json.loads(r.read()).get("messages", [])
        codes = [m["templateParam"]["code"] for m in messages if isinstance(m.get("templateParam"), dict) and "code" in m["templateParam"]]
        if codes:
            return codes[-1]
        if time.time() > deadline:
            sys.exit("no SMS code for %s within 20 s" % phone)
        time.sleep(0.1)
# An administrator is a person: name, post, and the mobile its login code goes to.
status, created = authed("POST", "/api/v1/admins", {"orgCode": branch, "username": "duesdemo", "name": "石磊", "post": "书记",
                                                     "mobile": "17700000021"})
assert status == 200, (status, created)
status, first = call("POST", "/api/v1/auth/login", {"identifier": "duesdemo", "password": "123456", "deviceId": "bench"})
assert status == 200, (status, first)
status, done = call("POST", "/api/v1/auth/login/change-password", {"ticket": first["ticket"], "newPassword": "Demo2026pass"})
assert status == 200 and done["step"] == "sms_code", (status, done)
status, done = call("POST", "/api/v1/auth/login/verify-code", {"ticket": done["ticket"], "code": sms_code("17700000021")})
assert status == 200 and done["step"] == "tokens", (status, done)
branch_token = done["tokens"]["accessToken"]
deadline = time.time() + 60
while True:
    status, opened = authed("POST", "/api/v1/dues/months/open", {"orgCode": "001"})
    if status == 200 and opened["branchesOpened"] > 0:
        break
    assert time.time() < deadline, ("dues did not open the month", status, opened)
    time.sleep(0.2)
month = opened["month"]
path = "/api/v1/dues/branches/%s/months/%s/standards" % (branch, month)
while True:
    status, screen = authed("GET", path, tok=branch_token)
    assert status == 200, (status, screen)
    items = [{"memberId": m, "kind": "employed", "baseFen": 400000 + i * 150000} for i, m in enumerate(screen["missingMemberIds"])]
    if items:
        status, saved = authed("POST", path, {"items": items}, tok=branch_token)
        assert status == 200, (status, saved)
    status, submitted = authed("POST", path + "/submit", tok=branch_token)
    if status == 200:
        break
    assert submitted.get("code") == "dues.standard_missing" and time.time() < deadline, (status, submitted)
    time.sleep(0.2)
payer = submitted["items"][0]
status, cash = authed("POST", "/api/v1/dues/cash-records",
                      {"memberId": payer["memberId"], "months": [month], "amountFen": payer["amountFen"]}, tok=branch_token)
assert status == 200, (status, cash)
admin = token
# A notice to the whole city, so inbox and notice operations have something to answer with.
status, notice = call("POST", "/api/v1/notices", {"title": "演示通知", "content": "请按时参加组织生活。", "orgCodes": ["001"]}, admin)
assert status == 200, (status, notice)
# The demo member's first login: initial password → changed → the SMS code the simulator recorded.
status, first = call("POST", "/api/v1/auth/login", {"identifier": member, "password": member[-6:], "deviceId": "bench-phone"})
assert status == 200 and first["step"] == "change_password", (status, first)
status, second = call("POST", "/api/v1/auth/login/change-password", {"ticket": first["ticket"], "newPassword": "Demo2026member"})
assert status == 200 and second["step"] == "sms_code", (status, second)
# The member's own code (the administrator's login code went to another phone).
status, third = call("POST", "/api/v1/auth/login/verify-code", {"ticket": second["ticket"], "code": sms_code(member_phone)})
assert status == 200 and third["step"] == "tokens", (status, third)
print(admin, third["tokens"]["accessToken"])
PY
)
admin_token=${tokens%% *}
member_token=${tokens##* }
