"""The real platform (broker, provider simulator, identity, notifications, dues, payments, transfers, gateway) started once for
the browser tests from $DJ_BIN_DIR, with a demo city, and a headless Debian Chromium per test (a fresh
profile each: a new device to identity). Nothing is downloaded: Selenium is pointed at
/usr/bin/chromedriver, so Selenium Manager never runs."""
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
        settings = os.path.join(self.work, "identity-settings.json")
        with open(settings, "w") as f:
            json.dump({"smsResendSeconds": 0, "smsCodesPerHour": 100}, f)
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


@pytest.fixture
def driver():
    browser = new_browser()
    try:
        yield browser
    finally:
        browser.quit()
