"""Run inside host C's namespace by test_curve_netns.py: the platform used through the gateway as people
use it. `first`: the demo administrator's first login, a branch administrator made and logged in (SMS
code from the simulator), the month opened, standards submitted, one member's cash recorded.
`again`: the demo administrator logs in again and reads their profile. Prints one JSON line."""
import json
import sys
import time
import urllib.error
import urllib.request

mode, base, sim = sys.argv[1], sys.argv[2], sys.argv[3]


def call(method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, method=method, headers=headers,
                                     data=None if body is None else json.dumps(body).encode())
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def until(what, condition, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = condition()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            sys.exit(f"timed out waiting for {what}")
        time.sleep(0.2)  # poll interval of a deadline wait


def sms_code(phone):
    def latest():
        with urllib.request.urlopen(f"{sim}/_sim/sms/messages?phone={phone}", timeout=10) as response:
            messages = json.loads(response.read()).get("messages", [])
        codes = [m["templateParam"]["code"] for m in messages if isinstance(m.get("templateParam"), dict) and "code" in m["templateParam"]]
        return codes[-1] if codes else None
    return until(f"an SMS code for {phone}", latest, timeout=30)


until("the gateway to be ready", lambda: call("GET", "/readyz")[0] == 200)
if mode == "again":
    status, login = call("POST", "/api/v1/auth/login", {"identifier": "demoadmin", "password": "Demo2026pass", "deviceId": "netns"})
    assert status == 200 and login["step"] == "tokens", (status, login)
    status, me = call("GET", "/api/v1/me", token=login["tokens"]["accessToken"])
    assert status == 200, (status, me)
    print(json.dumps({"me": me}, ensure_ascii=False))
    sys.exit(0)

status, first = call("POST", "/api/v1/auth/login", {"identifier": "demoadmin", "password": "123456", "deviceId": "netns"})
assert status == 200 and first["step"] == "change_password", (status, first)
status, done = call("POST", "/api/v1/auth/login/change-password", {"ticket": first["ticket"], "newPassword": "Demo2026pass"})
assert status == 200 and done["step"] == "tokens", (status, done)
admin = done["tokens"]["accessToken"]
branch = "001001001"
status, created = call("POST", "/api/v1/admins", {"orgCode": branch, "username": "duesdemo", "name": "石磊", "post": "书记",
                                                   "mobile": "17700000021"}, admin)
assert status == 200, (status, created)
status, first = call("POST", "/api/v1/auth/login", {"identifier": "duesdemo", "password": "123456", "deviceId": "netns"})
status, done = call("POST", "/api/v1/auth/login/change-password", {"ticket": first["ticket"], "newPassword": "Demo2026pass"})
assert status == 200 and done["step"] == "sms_code", (status, done)
status, done = call("POST", "/api/v1/auth/login/verify-code", {"ticket": done["ticket"], "code": sms_code("17700000021")})
assert status == 200 and done["step"] == "tokens", (status, done)
clerk = done["tokens"]["accessToken"]


def opened():
    status, body = call("POST", "/api/v1/dues/months/open", {"orgCode": "001"}, admin)
    return body if status == 200 and body["branchesOpened"] > 0 else None


month = until("dues to open the month (it learns the branches from identity's events)", opened)["month"]
path = f"/api/v1/dues/branches/{branch}/months/{month}/standards"


def submitted():
    status, screen = call("GET", path, token=clerk)
    assert status == 200, (status, screen)
    items = [{"memberId": m, "kind": "employed", "baseFen": 400000 + i * 150000} for i, m in enumerate(screen["missingMemberIds"])]
    if items:
        status, saved = call("POST", path, {"items": items}, clerk)
        assert status == 200, (status, saved)
    status, body = call("POST", path + "/submit", token=clerk)
    assert status == 200 or body.get("code") == "dues.standard_missing", (status, body)
    return body if status == 200 else None


payer = until("the standards to be submitted", submitted)["items"][0]
status, cash = call("POST", "/api/v1/dues/cash-records", {"memberId": payer["memberId"], "months": [month], "amountFen": payer["amountFen"]}, clerk)
assert status == 200, (status, cash)
print(json.dumps({"cash": cash, "payer": payer, "month": month}, ensure_ascii=False))
