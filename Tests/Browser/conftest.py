"""The real platform (broker, provider simulator, identity, notifications, dues, payments, transfers, gateway) started once for
the browser tests from $DJ_BIN_DIR, with a demo city, and one headless Debian Chromium kept for the
session, emptied before each test (cookies, storage, downloads, console log: a new device to
identity, as a fresh profile would be, without a second's launch per test). Nothing is downloaded:
Selenium is pointed at /usr/bin/chromedriver, so Selenium Manager never runs.

The files run in two groups side by side (pytest-xdist, `-n 2 --dist loadgroup` in pytest.ini): each
worker process starts a platform of its own (its own ports, data directory, simulator), so the
groups share no data; inside a group the files keep their order. GROUPS balances them: the two long
waits on the clock (the assembly that must begin, the order that must expire) fall in different
groups, beside work that keeps the other worker busy."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service

BIN = os.path.abspath(os.environ.get("DJ_BIN_DIR", ".build/debug"))
SCREENSHOTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "screenshots")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, what, timeout=30.0):
    """Polls `condition` until it returns something truthy, or fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)  # poll interval of a deadline wait


class Platform:
    def __init__(self, work):
        self.work = work
        self.sim_port = free_port()
        self.gateway_port = free_port()
        self.url = f"http://127.0.0.1:{self.gateway_port}"
        self.sim = f"http://127.0.0.1:{self.sim_port}"
        # The simulator's SMTP sink: the installation's mail relay for notifications.
        self.smtp_port = free_port()
        self.processes = []
        self.member = {}
        self.taken = {}
        # Passwords the tests changed, by the identifier they log in with (see pages.log_in).
        self.passwords = {}

    def start(self):
        data, log = os.path.join(self.work, "data"), os.path.join(self.work, "log")
        os.makedirs(data)
        os.makedirs(log)
        # The tests send one member several codes within a minute (login, then forgot password): the
        # installation's pauses between codes to one phone (identity's, notifications') would hold the
        # second back, as they must for real phones.
        # scrypt at N = 2^10 rather than the installation's 2^14: every password is still hashed and
        # verified with scrypt (its cost is the Passwords unit tests' subject), but each of the
        # suite's ~200 hashes takes milliseconds, not a quarter second of a core in the debug build
        # (which, with the two workers sharing the cores, pushed logins towards the bus timeout).
        settings = os.path.join(self.work, "identity-settings.json")
        with open(settings, "w") as f:
            json.dump({"smsResendSeconds": 0, "smsCodesPerHour": 100, "scryptLog2N": 10}, f)
        self.alipay_keys()
        payments_settings = os.path.join(self.work, "payments-settings.json")
        with open(payments_settings, "w") as f:
            # Alipay played by the simulator; a quick sweep so the tests see expiry, the active query
            # and refunds within seconds.
            # Orders live a minute: long enough for every flow here, short enough to watch one expire.
            json.dump({"sweepSeconds": 1, "orderSeconds": 60, "citizenCard": True, "queryBeforeExpirySeconds": 20,
                       # UnionPay confirms with the 交易密码 (Suqian), the others with an SMS code.
                       "factors": {"alipay": "sms", "unionpay": "password"}, "alipay": {
                "appId": "2021000000000001", "sellerId": "2088000000000001",
                "publicKeyPEM": open(os.path.join(self.work, "alipay-public.pem")).read(),
                "privateKeyFile": os.path.join(self.work, "merchant-private.pem"),
                "gatewayURL": self.sim + "/gateway.do", "notifyURL": self.url + "/api/v1/callbacks/alipay"},
                "wechatpay": {
                    "appId": "wxsimpay000000001", "mchId": "1900000109", "merchantSerialNo": "3775B6A45ACD588826D15E583A95F5DD2BB0F1B2",
                    "merchantPrivateKeyPath": os.path.join(self.work, "wxmerchant-private.pem"), "apiV3Key": self.apiv3_key,
                    "platformSerialNo": "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                    "platformPublicKeyPEM": open(os.path.join(self.work, "wxplatform-public.pem")).read(),
                    "notifyURL": self.url + "/api/v1/callbacks/wechatpay", "gatewayURL": self.sim},
                "unionpay": {
                    "merId": "777290058110048", "certId": "69042905377",
                    "merchantPrivateKeyPath": os.path.join(self.work, "upmerchant-private.pem"),
                    "unionPayPublicKeyPEM": open(os.path.join(self.work, "unionpay-public.pem")).read(),
                    "backUrl": self.url + "/api/v1/callbacks/unionpay", "frontUrl": self.url + "/me/payments", "gatewayURL": self.sim,
                    "fileTransURL": self.sim + "/filedownload/"}}, f)
        meetings_settings = os.path.join(self.work, "meetings-settings.json")
        with open(meetings_settings, "w") as f:
            # The check-in code opens this gateway's page.
            json.dump({"portalURL": self.url}, f)
        notify_settings = os.path.join(self.work, "notifications-settings.json")
        with open(notify_settings, "w") as f:
            json.dump({"codeLimits": {"perMinute": 0, "perHour": 100, "perDay": 100}}, f)
        env = dict(os.environ, DJ_BROKER=f"ipc://{self.work}/broker.sock", DJ_EVENTS_IN=f"ipc://{self.work}/in.sock",
                   DJ_EVENTS_OUT=f"ipc://{self.work}/out.sock", DJ_DATA_DIR=data, DJ_LOG_FORMAT="json",
                   DJ_SMS_URL=self.sim + "/", DJ_WECHAT_URL=self.sim, DJ_REALNAME_URL=self.sim,
                   DJ_NOTIFY_SOURCES="identity,dues,payments,transfers,meetings", DJ_IDENTITY_SETTINGS=settings,
                   DJ_MEETINGS_SETTINGS=meetings_settings,
                   DJ_PAYMENTS_SETTINGS=payments_settings,
                   DJ_NOTIFY_SETTINGS=notify_settings,
                   DJ_SMTP_HOST="127.0.0.1", DJ_SMTP_PORT=str(self.smtp_port), DJ_SMTP_FROM="noreply@dangjian.test",
                   # Every test's browser comes from 127.0.0.1: the per-address limits would count the
                   # whole suite as one visitor (the per-account limits still apply).
                   DJ_GATEWAY_LOGIN_PER_IP="1000", DJ_GATEWAY_SMS_PER_IP="1000")
        subprocess.run([f"{BIN}/djctl", "init", "--code", "001", "--name", "中共示范市委", "--admin", "cityadmin",
                        "--data-dir", data], env=env, check=True, capture_output=True)
        logins = os.path.join(self.work, "logins.json")
        demo = subprocess.run([f"{BIN}/djctl", "demo", "--data-dir", data, "--logins-json", logins], env=env, check=True,
                              capture_output=True, text=True).stdout
        found = re.search(r"身份证号 (\w+)，初始密码 (\w+)（(.+?)，手机 (\d+)）", demo)
        assert found, demo
        self.member = {"idNumber": found[1], "password": found[2], "name": found[3], "phone": found[4]}
        with open(logins) as f:
            demo_logins = json.load(f)
        # Every demo member ({name, idNumber, phone, orgCode, post, password}) and administrator
        # ({username, orgCode, password}). Each test file uses members of its own branch, so that no
        # test depends on a password another changed.
        self.people = demo_logins["members"]
        self.admins = {a["username"]: a for a in demo_logins["admins"]}
        commands = [
            ("broker", [f"{BIN}/broker", "--bind", env["DJ_BROKER"], "--events-in", env["DJ_EVENTS_IN"],
                        "--events-out", env["DJ_EVENTS_OUT"]]),
            ("provider-sim", [f"{BIN}/provider-sim", "--port", str(self.sim_port),
                              "--alipay-private-key", os.path.join(self.work, "alipay-private.pem"),
                              "--alipay-merchant-public-key", os.path.join(self.work, "merchant-public.pem"),
                              "--wechatpay-platform-private-key", os.path.join(self.work, "wxplatform-private.pem"),
                              "--wechatpay-merchant-public-key", os.path.join(self.work, "wxmerchant-public.pem"),
                              "--wechatpay-apiv3-key-file", os.path.join(self.work, "apiv3.key"),
                              "--unionpay-private-key", os.path.join(self.work, "unionpay-private.pem"),
                              "--unionpay-merchant-public-key", os.path.join(self.work, "upmerchant-public.pem"),
                              "--smtp-port", str(self.smtp_port)]),
            ("identity", [f"{BIN}/identity"]),
            ("notifications", [f"{BIN}/notifications"]),
            ("dues", [f"{BIN}/dues"]),
            ("payments", [f"{BIN}/payments"]),
            ("transfers", [f"{BIN}/transfers"]),
            ("meetings", [f"{BIN}/meetings"]),
            ("gateway", [f"{BIN}/gateway", "--port", str(self.gateway_port)]),
        ]
        for name, command in commands:
            out = open(os.path.join(log, name + ".log"), "ab")
            self.processes.append(subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT))
        wait_until(self.ready, "the gateway to be ready", timeout=60)
        # Ready is the broker and identity reachable; just after the start the services are still
        # catching up on the demo's events, and on a busy machine (the other worker starting its own
        # platform and Chromium beside) a first test's first login outlasted the gateway's 3 s bus
        # timeout (504). The tests begin once identity answers a login through the gateway.
        wait_until(self.answers_logins, "identity to answer a login through the gateway", timeout=60)

    def alipay_keys(self):
        """RSA key pairs made with openssl for each provider (the simulator signs with it) and for the
        merchant at each (payments signs its requests), and WeChat Pay's 32-byte APIv3 key."""
        for who in ("alipay", "merchant", "wxplatform", "wxmerchant", "unionpay", "upmerchant"):
            private, public = (os.path.join(self.work, f"{who}-{part}.pem") for part in ("private", "public"))
            subprocess.run(["openssl", "genrsa", "-out", private, "2048"], check=True, capture_output=True)
            subprocess.run(["openssl", "rsa", "-in", private, "-pubout", "-out", public], check=True, capture_output=True)
        self.apiv3_key = subprocess.run(["openssl", "rand", "-hex", "16"], check=True, capture_output=True, text=True).stdout.strip()
        with open(os.path.join(self.work, "apiv3.key"), "w") as f:
            f.write(self.apiv3_key)

    def sim_get(self, path):
        with urllib.request.urlopen(self.sim + path, timeout=10) as response:
            return json.loads(response.read())

    def ready(self):
        try:
            with urllib.request.urlopen(self.url + "/readyz", timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.HTTPError):
            return False

    def answers_logins(self):
        """A login for an account that does not exist answered (401), not timed out at the gateway."""
        request = urllib.request.Request(self.url + "/api/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"identifier": "readiness-probe", "password": "not-a-password",
                                                          "deviceId": "readiness-probe"}).encode())
        try:
            with urllib.request.urlopen(request, timeout=10):
                return True
        except urllib.error.HTTPError as error:
            return error.code < 500
        except OSError:
            return False

    def password(self, identifier):
        """The password `identifier` has now: the last one a test set, else the demo's initial one."""
        if identifier in self.passwords:
            return self.passwords[identifier]
        if identifier in self.admins:
            return self.admins[identifier]["password"]
        for person in self.people:
            if identifier in (person["idNumber"], person["phone"]):
                return person["password"]
        raise KeyError(identifier)

    def members_of(self, org_code):
        """The demo members of one branch, in the demo's order (the first is its 书记)."""
        return [p for p in self.people if p["orgCode"] == org_code]

    def stop(self):
        for process in reversed(self.processes):
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def sms_codes(self, phone):
        with urllib.request.urlopen(f"{self.sim}/_sim/sms/messages?phone={phone}", timeout=5) as response:
            messages = json.loads(response.read()).get("messages", [])
        return [m["templateParam"]["code"] for m in messages
                if isinstance(m.get("templateParam"), dict) and "code" in m["templateParam"]]

    def next_sms_code(self, phone):
        """The newest code sent to `phone` since the last one taken, waited for."""
        seen = self.taken.get(phone, 0)
        codes = wait_until(lambda: (lambda c: c if len(c) > seen else None)(self.sms_codes(phone)),
                           f"an SMS code for {phone}", timeout=30)
        self.taken[phone] = len(codes)
        return codes[-1]


@pytest.fixture(scope="session")
def platform():
    work = tempfile.mkdtemp(prefix="dj-browser-")
    running = Platform(work)
    try:
        running.start()
        yield running
    finally:
        running.stop()
        if os.environ.get("KEEP_WORK"):
            print("logs kept in", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


# Which worker runs each file (see the docstring), for roughly equal wall time (~270 s each on two
# quiet cores): meetings (~110 s, its assembly begins 1–2 minutes after it is published) with the
# member pages, the portal's logins and the organization pages; payments (~150 s, an order left to
# expire for a minute) with transfers and dues administration. A file not named here joins "b".
GROUPS = {
    "test_meetings.py": "a", "test_member_dues.py": "a", "test_member_pages.py": "a", "test_wechat_entry.py": "a",
    "test_email_voucher.py": "a", "test_bank_debit.py": "a", "test_reconciliation.py": "a", "test_portal.py": "a",
    "test_admin_org.py": "a",
    "test_member_pay.py": "b", "test_transfers.py": "b", "test_admin_dues.py": "b",
}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the marks (--dist loadgroup)
def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        item.add_marker(pytest.mark.xdist_group(GROUPS.get(item.path.name, "b")))


def new_browser():
    """A headless Debian Chromium with a fresh profile (a new device to identity), its console logged."""
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=1280,900"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    browser.set_page_load_timeout(30)
    return browser


def fresh_device(browser, platform):
    """The browser as a fresh profile would be to the portal: one blank tab, no cookies (so no
    dj_device: identity sees a new device), no storage for the portal, downloads and the screen size
    as launched, and the console log of earlier tests read away. (The HTTP cache of the portal's
    static files is kept: nothing a test checks depends on it.)"""
    for handle in browser.window_handles[1:]:
        browser.switch_to.window(handle)
        browser.close()
    browser.switch_to.window(browser.window_handles[0])
    browser.get("about:blank")
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.execute_cdp_cmd("Storage.clearDataForOrigin", {"origin": platform.url, "storageTypes": "all"})
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "default"})
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.get_log("browser")


@pytest.fixture(scope="session")
def session_browser():
    """The session's Chromium (launched by the first test that asks for `driver`)."""
    kept = []
    try:
        yield kept
    finally:
        for browser in kept:
            browser.quit()


@pytest.fixture
def driver(platform, session_browser):
    """The session's Chromium emptied for this test; a new one if the last test left it unusable."""
    browser = session_browser[0] if session_browser else None
    if browser is not None:
        try:
            fresh_device(browser, platform)
        except Exception:  # a crashed or wedged browser (WebDriverException, or its driver gone)
            session_browser.clear()
            try:
                browser.quit()
            except Exception:
                pass
            browser = None
    if browser is None:
        browser = new_browser()
        session_browser.append(browser)
    yield browser
