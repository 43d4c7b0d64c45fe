"""在线交纳 in a real browser, against the real payments service with Alipay played by the simulator
(its own process, signing with its own openssl-made keys): a member pays two months of arrears and
the open month with an SMS code and Alipay's QR flow, the simulator notifies twice, and the months
are paid once; the same by WeChat Pay (APIv3, encrypted notification); a proxy pays for three members
in one order. Uses branch 001002003's members 10–15 and an administrator created for it here (standards are set by the branch itself)."""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import wait_until
from pages import RELOADING, WebDriverWait, api, api_login, check_page, log_in, open_and_submit_month, text_of, wait_path

BRANCH = "001002003"
ADMIN, ADMIN_PHONE = "payadmin3", "13900000303"
# ¥5,000.00 a month → 1% → ¥50.00 each month (the 2008 brackets, dues' rule).
BASE_FEN = 500000
STATE = {}


def shift(month, delta):
    year, number = (int(x) for x in month.split("-"))
    index = year * 12 + number - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def open_month_now():
    """The month whose paying window is open (from the 16th of a month to the 15th of the next, Beijing)."""
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    month = f"{now.year:04d}-{now.month:02d}"
    return month if now.day >= 16 else shift(month, -1)


def branch_ready(platform):
    """Three months (two of arrears and the open one) with every member's standard submitted; the ids of
    the members by their index in the demo's list. Once per session."""
    if "ids" in STATE:
        return STATE
    city = api_login(platform, "demoadmin")
    try:
        api(platform, "/api/v1/admins", {"orgCode": BRANCH, "username": ADMIN, "name": "支付测试", "post": "书记",
                                         "mobile": ADMIN_PHONE}, city)
    except urllib.error.HTTPError as error:
        assert error.code == 409, error.read()
    platform.passwords.setdefault(ADMIN, "123456")
    token = api_login(platform, ADMIN, ADMIN_PHONE)
    people = platform.members_of(BRANCH)
    names = {p["name"]: i for i, p in enumerate(people)}
    listed = api(platform, "/api/v1/members/search", {"orgCode": BRANCH, "limit": 100}, token)["items"]
    ids = {names[m["name"]]: m["id"] for m in listed if m["name"] in names}
    current = open_month_now()
    for month in (shift(current, -2), shift(current, -1), current):
        open_and_submit_month(platform, BRANCH, month, token, len(people), BASE_FEN)
    STATE.update(ids=ids, months=[shift(current, -2), shift(current, -1), current], admin=token)
    return STATE


def paid_months(platform, member_id):
    """The member's months dues records as paid, with how often each appears."""
    history = api(platform, f"/api/v1/dues/history?memberId={member_id}&limit=50", token=STATE["admin"])["items"]
    return sorted(item["month"] for item in history if item["paid"])


QR_PREFIX = {"alipay": "https://qr.alipay.com/", "wechatpay": "weixin://wxpay/bizpayurl?pr="}


def download_text(driver, href):
    """A PDF the page links to, fetched with the browser's session, as pdftotext reads it."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookies}), timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/pdf")
        data = response.read()
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "file.pdf")
        with open(path, "wb") as f:
            f.write(data)
        return subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True).stdout


def pay_through_the_order_page(driver, platform, payer, channel="alipay"):
    """On the pay page: the channel, confirm; the SMS code; the QR code; the buyer pays at the simulator. The order id."""
    driver.find_element(By.CSS_SELECTOR, f"input[name='channel'][value='{channel}']").click()
    driver.find_element(By.CSS_SELECTOR, "form[method='post'][action='/me/dues/pay'] button[type='submit']").click()
    try:
        WebDriverWait(driver, 30).until(lambda d: "/me/payments/" in d.current_url or d.find_elements(By.CSS_SELECTOR, ".form-error"))
    except TimeoutException:
        raise AssertionError(driver.current_url + " " + driver.find_element(By.TAG_NAME, "body").text[:500])
    errors = driver.find_elements(By.CSS_SELECTOR, ".form-error")
    assert not errors, errors[0].text
    assert "待确认" in text_of(driver, ".order-status")
    check_page(driver, "member-pay-code")
    code = platform.next_sms_code(payer["phone"])
    driver.find_element(By.ID, "order-code").send_keys(code)
    driver.find_element(By.CSS_SELECTOR, "form.order-code button[type='submit']").click()
    qr = text_of(driver, ".order-qr-text")
    # The code is drawn (libqrencode) for the provider's app to scan.
    image = driver.find_element(By.CSS_SELECTOR, ".order-qr img")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image)
    assert qr.startswith(QR_PREFIX[channel]), qr
    assert "待支付" in text_of(driver, ".order-status")
    check_page(driver, "member-pay-qr")
    order_id = text_of(driver, ".order-id")
    # The buyer scans and pays: Alipay's notification reaches payments through the gateway.
    platform.sim_get(f"/_sim/{channel}/pay?out_trade_no={order_id}")
    # The page looks again by itself and shows the result.
    # (the page reloads itself when the status changes: an element read during the reload is stale)
    WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(
        lambda d: "交纳成功" in d.find_element(By.CSS_SELECTOR, ".order-status").text)
    return order_id


def test_a_member_pays_two_months_of_arrears_and_the_open_month_by_alipay_once(platform, driver):
    state = branch_ready(platform)
    payer = platform.members_of(BRANCH)[10]
    payer_id = state["ids"][10]
    log_in(driver, platform, payer["idNumber"], payer["phone"])
    driver.get(platform.url + "/me/dues")
    assert "¥150.00" in text_of(driver, ".md-summary"), "two months of arrears and the open month"
    driver.find_element(By.CSS_SELECTOR, "a.md-pay").click()
    wait_path(driver, "/me/dues/pay")
    lines = driver.find_elements(By.CSS_SELECTOR, "table.pay-lines tbody tr")
    assert len(lines) == 3
    assert text_of(driver, ".pay-total") == "¥150.00"
    check_page(driver, "member-pay")
    order_id = pay_through_the_order_page(driver, platform, payer)
    check_page(driver, "member-pay-done")
    # The electronic voucher: the payer's name, each month and the total, in yuan and in capitals.
    voucher = download_text(driver, driver.find_element(By.CSS_SELECTOR, "a[href$='/voucher.pdf']").get_attribute("href"))
    assert payer["name"] in voucher and "150.00" in voucher and "壹佰伍拾元整" in voucher, voucher
    assert order_id in voucher
    # The shareable 回执: anyone with the link, a masked name, no ID number or phone.
    receipt = driver.find_element(By.CSS_SELECTOR, "a.order-receipt").get_attribute("href")
    cookies = driver.get_cookies()
    driver.delete_all_cookies()
    driver.get(receipt)
    shown = text_of(driver, "main.receipt")
    assert payer["name"][0] + "*" in shown and payer["name"] not in shown and "¥150.00" in shown
    assert payer["idNumber"] not in driver.page_source and payer["phone"] not in driver.page_source
    check_page(driver, "member-pay-receipt")
    driver.get(platform.url + "/login")
    for cookie in cookies:
        driver.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})

    # The simulator notifies a second time with the same notify_id: acknowledged, applied once.
    assert platform.sim_get(f"/_sim/alipay/notify?out_trade_no={order_id}")["answered"] is True
    trade = [t for t in platform.sim_get("/_sim/alipay/trades")["trades"] if t["out_trade_no"] == order_id][0]
    assert trade["total_amount"] == "150.00" and trade["status"] == "TRADE_SUCCESS"
    assert sum(n["attempts"] for n in trade["notifications"]) >= 2
    assert paid_months(platform, payer_id) == sorted(state["months"]), "each month paid once"

    driver.get(platform.url + "/me/dues")
    assert "暂无应交党费" in text_of(driver, ".md-summary")
    driver.get(platform.url + "/me/payments")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.payment-list tbody tr")
    assert len(rows) == 1 and "交纳成功" in rows[0].text and "150.00" in rows[0].text
    check_page(driver, "member-pay-records")
    # The yearly certificate holds the months of this year that were paid.
    year = int(state["months"][-1][:4])
    certificate = download_text(driver, f"{platform.url}/me/payments/certificate.pdf?year={year}")
    assert payer["name"] in certificate and "缴纳证明" in certificate.replace(" ", "")
    this_year = [m for m in state["months"] if m.startswith(str(year))]
    assert f"{50 * len(this_year)}.00" in certificate, certificate


def test_a_proxy_pays_for_three_members_in_one_order(platform, driver):
    state = branch_ready(platform)
    people = platform.members_of(BRANCH)
    proxy, proxy_id = people[11], state["ids"][11]
    proxy_token = api_login(platform, proxy["idNumber"], proxy["phone"])
    grantors = [12, 13, 14]
    for index in grantors:
        member = people[index]
        token = api_login(platform, member["idNumber"], member["phone"])
        granted = api(platform, "/api/v1/dues/proxies", {"proxyMemberId": proxy_id}, token)
        proxy_ref = [p for p in granted["items"] if p["proxyMemberId"] == proxy_id and p["status"] == "pending"][0]["id"]
        api(platform, f"/api/v1/dues/proxies/{proxy_ref}/confirm", {}, proxy_token)
    log_in(driver, platform, proxy["idNumber"], proxy["phone"])
    members = ",".join(state["ids"][i] for i in grantors)
    driver.get(f"{platform.url}/me/dues/pay?members={members}")
    lines = driver.find_elements(By.CSS_SELECTOR, "table.pay-lines tbody tr")
    assert len(lines) == 9, "three months for each of three members"
    assert text_of(driver, ".pay-total") == "¥450.00"
    for index in grantors:
        assert people[index]["name"] in text_of(driver, "table.pay-lines")
    pay_through_the_order_page(driver, platform, proxy)
    for index in grantors:
        assert paid_months(platform, state["ids"][index]) == sorted(state["months"])
    assert paid_months(platform, proxy_id) == [], "the proxy's own months are not in this order"
    check_page(driver, "member-pay-proxy-done")


def test_a_member_pays_by_wechat_pay_and_a_repeated_notification_changes_nothing(platform, driver):
    state = branch_ready(platform)
    payer = platform.members_of(BRANCH)[15]
    log_in(driver, platform, payer["idNumber"], payer["phone"])
    driver.get(platform.url + "/me/dues/pay")
    assert text_of(driver, ".pay-total") == "¥150.00"
    order_id = pay_through_the_order_page(driver, platform, payer, channel="wechatpay")
    assert len(order_id) <= 32, "WeChat Pay takes at most 32 characters as out_trade_no"
    resent = platform.sim_get(f"/_sim/wechatpay/notify?out_trade_no={order_id}")
    assert resent["answered"] is True, resent
    trade = [t for t in platform.sim_get("/_sim/wechatpay/trades")["trades"] if t["out_trade_no"] == order_id][0]
    assert trade["total"] == 15000 and trade["trade_state"] == "SUCCESS"
    assert paid_months(platform, state["ids"][15]) == sorted(state["months"]), "each month paid once"
    check_page(driver, "member-pay-wechat-done")


def order_by_api(platform, member, token, key):
    """An Alipay order for the member's payable months through the JSON API, confirmed with the SMS code: its id."""
    request = urllib.request.Request(platform.url + "/api/v1/payments/orders", data=json.dumps({"channel": "alipay"}).encode(),
                                     method="POST", headers={"Content-Type": "application/json", "Authorization": "Bearer " + token,
                                                             "Idempotency-Key": key})
    with urllib.request.urlopen(request, timeout=10) as response:
        order = json.loads(response.read())
    assert order["totalFen"] == 15000 and order["confirmation"]["factor"] == "sms"
    confirmed = api(platform, f"/api/v1/payments/orders/{order['orderId']}/confirm", {"code": platform.next_sms_code(member["phone"])}, token)
    assert confirmed["qrCode"].startswith("https://qr.alipay.com/")
    return order["orderId"]


def paid_order(platform, member, token, key):
    """An order paid at the simulator and confirmed in dues: its id."""
    order_id = order_by_api(platform, member, token, key)
    platform.sim_get(f"/_sim/alipay/pay?out_trade_no={order_id}")
    wait_until(lambda: api(platform, f"/api/v1/payments/orders/{order_id}", token=token)["status"] == "confirmed",
               "the order to be paid and confirmed", timeout=30)
    return order_id


def test_months_paid_in_cash_after_the_order_expired_are_refunded_and_the_member_told(platform):
    """The buyer pays an order late, after it expired and the branch took the months in cash: dues refuses
    them, the money goes back through Alipay (out_request_no once), and the member gets an inbox message."""
    state = branch_ready(platform)
    member = platform.members_of(BRANCH)[16]
    member_id = state["ids"][16]
    token = api_login(platform, member["idNumber"], member["phone"])
    order_id = order_by_api(platform, member, token, "late-cash-1")

    def status():
        return api(platform, f"/api/v1/payments/orders/{order_id}", token=token)["status"]
    wait_until(lambda: status() == "expired", "the order to expire (orderSeconds 60)", timeout=120)
    api(platform, "/api/v1/dues/cash-records", {"memberId": member_id, "months": state["months"], "amountFen": 15000}, state["admin"])
    # Alipay accepts the payment at the very edge of its window (its clock behind ours): money for an expired order.
    platform.sim_get(f"/_sim/alipay/pay?out_trade_no={order_id}&late=1")
    wait_until(lambda: status() == "refunded", "the late payment to be refunded", timeout=60)
    refunded = api(platform, f"/api/v1/payments/orders/{order_id}", token=token)
    assert "现金" in refunded["refund"]["reason"]
    trade = [t for t in platform.sim_get("/_sim/alipay/trades")["trades"] if t["out_trade_no"] == order_id][0]
    assert trade["refund_fee"] == "150.00" and trade["refunds"] == 1
    history = api(platform, f"/api/v1/dues/history?memberId={member_id}&limit=50", token=state["admin"])["items"]
    paid = [item for item in history if item["paid"]]
    assert sorted(item["month"] for item in paid) == sorted(state["months"]) and all(item["way"] == "cash" for item in paid)
    inbox = wait_until(lambda: [m for m in api(platform, "/api/v1/inbox", token=token)["items"] if m["title"] == "党费退款通知"],
                       "the refund message in the member's inbox", timeout=30)
    assert "150.00" in inbox[0]["body"]


def test_a_refund_application_approved_by_the_branch_returns_the_money_and_the_months_are_unpaid_again(platform, driver):
    state = branch_ready(platform)
    member, member_id = platform.members_of(BRANCH)[17], state["ids"][17]
    token = api_login(platform, member["idNumber"], member["phone"])
    order_id = paid_order(platform, member, token, "refund-approved-1")
    assert paid_months(platform, member_id) == sorted(state["months"])

    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(f"{platform.url}/me/payments/{order_id}")
    driver.find_element(By.CSS_SELECTOR, ".order-refund-apply summary").click()
    driver.find_element(By.ID, "order-refund-reason").send_keys("重复交纳，申请退回")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/refund'] button[type='submit']").click()
    wait_path(driver, f"/me/payments/{order_id}?done=refund")
    assert "审核中" in text_of(driver, ".order-refund-pending")
    check_page(driver, "member-refund-applied")

    driver.delete_all_cookies()
    log_in(driver, platform, ADMIN, ADMIN_PHONE)
    driver.get(platform.url + "/admin/payments/refunds")
    rows = [r for r in driver.find_elements(By.CSS_SELECTOR, ".rr-list .rr-item") if member["name"] in r.text]
    assert len(rows) == 1 and "重复交纳" in rows[0].text and "¥150.00" in rows[0].text
    check_page(driver, "admin-refund-review")
    rows[0].find_element(By.CSS_SELECTOR, ".rr-approve").click()
    wait_path(driver, "/admin/payments/refunds?done=approved")

    # 在线支付订单: the branch sees the order (and, once through, the refund and why).
    def listed():
        driver.get(f"{platform.url}/admin/payments/orders?status=refunded")
        return [r for r in driver.find_elements(By.CSS_SELECTOR, "table.ao-table tbody tr") if member["name"] in r.text]
    row = wait_until(listed, "the refunded order in the administrator's list", timeout=30)[0]
    assert "¥150.00" in row.text and "已退款" in row.text and "退费申请已批准" in row.text
    check_page(driver, "admin-payment-orders")

    wait_until(lambda: api(platform, f"/api/v1/payments/orders/{order_id}", token=token)["status"] == "refunded",
               "the approved refund to go through Alipay", timeout=30)
    assert paid_months(platform, member_id) == [], "the months are unpaid again"
    trade = [t for t in platform.sim_get("/_sim/alipay/trades")["trades"] if t["out_trade_no"] == order_id][0]
    assert trade["refund_fee"] == "150.00" and trade["refunds"] == 1


def test_a_rejected_refund_application_tells_the_member_why(platform):
    state = branch_ready(platform)
    member = platform.members_of(BRANCH)[18]
    token = api_login(platform, member["idNumber"], member["phone"])
    order_id = paid_order(platform, member, token, "refund-rejected-1")
    application = api(platform, f"/api/v1/payments/orders/{order_id}/refund-application", {"reason": "想退回"}, token)
    assert application["status"] == "pending"
    # A second application while the first waits is refused.
    try:
        api(platform, f"/api/v1/payments/orders/{order_id}/refund-application", {"reason": "再申请一次"}, token)
        raise AssertionError("a second pending application was accepted")
    except urllib.error.HTTPError as error:
        assert error.code == 409 and json.loads(error.read())["code"] == "payments.refund_pending"
    listed = api(platform, "/api/v1/payments/refund-applications", token=state["admin"])["items"]
    assert application["applicationId"] in [a["applicationId"] for a in listed]
    reviewed = api(platform, f"/api/v1/payments/refund-applications/{application['applicationId']}/review",
                   {"approve": False, "comment": "党费已按规定交纳，不予退回"}, state["admin"])
    assert reviewed["status"] == "rejected"
    assert api(platform, f"/api/v1/payments/orders/{order_id}", token=token)["status"] == "confirmed"
    assert paid_months(platform, state["ids"][18]) == sorted(state["months"])
    # Scope: the branch's administrator lists the order; another branch's neither lists it nor may ask for this branch.
    mine = api(platform, "/api/v1/payments/admin/orders", token=state["admin"])["items"]
    assert order_id in [o["orderId"] for o in mine]
    other = api_login(platform, "branchadmin2")
    assert order_id not in [o["orderId"] for o in api(platform, "/api/v1/payments/admin/orders", token=other)["items"]]
    try:
        api(platform, f"/api/v1/payments/admin/orders?orgCode={BRANCH}", token=other)
        raise AssertionError("another branch's administrator listed this branch's orders")
    except urllib.error.HTTPError as error:
        assert error.code == 403, error.code
    inbox = wait_until(lambda: [m for m in api(platform, "/api/v1/inbox", token=token)["items"] if m["title"] == "退费申请未通过"],
                       "the rejection in the member's inbox", timeout=30)
    assert "不予退回" in inbox[0]["body"]


WECHAT_BRIDGE = """
window.WeixinJSBridge = { invoke: function (name, params, callback) { window.__wxpay = { name: name, params: params };
                                                                       window.__wxpayCallback = callback; } };
"""


def test_inside_the_wechat_browser_a_bound_member_pays_with_wechat_pay_in_place(platform):
    """JSAPI: the pay page knows WeChat's browser by its User-Agent, payments orders with the member's openid,
    and the page hands the signed parameters to WeixinJSBridge; the simulator (playing WeChat) checks paySign
    and pays. The bridge is injected here as WeChat's browser injects it."""
    state = branch_ready(platform)
    member = platform.members_of(BRANCH)[19]
    api_login(platform, member["idNumber"], member["phone"])  # the forced change first: binding refuses an initial password
    with urllib.request.urlopen(f"{platform.sim}/_sim/wechat/authorize?user=pay-{member['idNumber']}", timeout=5) as response:
        code = json.loads(response.read())["code"]
    api(platform, "/api/v1/wechat/bind", {"wechatCode": code, "idNumber": member["idNumber"],
                                         "password": platform.password(member["idNumber"])})
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=375,800",
                     "--user-agent=Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Mobile MicroMessenger/8.0.47.2560"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WECHAT_BRIDGE})
        log_in(driver, platform, member["idNumber"], member["phone"])
        driver.get(platform.url + "/me/dues/pay")
        driver.find_element(By.CSS_SELECTOR, "input[name='channel'][value='wechatpay']").click()
        driver.find_element(By.CSS_SELECTOR, "form[method='post'][action='/me/dues/pay'] button[type='submit']").click()
        WebDriverWait(driver, 30).until(lambda d: "/me/payments/" in d.current_url)
        driver.find_element(By.ID, "order-code").send_keys(platform.next_sms_code(member["phone"]))
        driver.find_element(By.CSS_SELECTOR, "form.order-code button[type='submit']").click()
        button = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".order-wxpay"))[0]
        assert not driver.find_elements(By.CSS_SELECTOR, ".order-qr img"), "no QR code inside WeChat"
        button.click()
        handed = WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.__wxpay"))
        assert handed["name"] == "getBrandWCPayRequest" and handed["params"]["package"].startswith("prepay_id=")
        request = urllib.request.Request(platform.sim + "/_sim/wechatpay/jsapi-pay", data=json.dumps(handed["params"]).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
        assert answer["err_msg"] == "get_brand_wcpay_request:ok"
        driver.execute_script("window.__wxpayCallback({err_msg: 'get_brand_wcpay_request:ok'})")
        WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(
            lambda d: "交纳成功" in d.find_element(By.CSS_SELECTOR, ".order-status").text)
        assert paid_months(platform, state["ids"][19]) == sorted(state["months"])
        check_page(driver, "member-pay-wechat-jsapi")
    finally:
        driver.quit()


def post_order(platform, token, body, key):
    """POST /api/v1/payments/orders with an Idempotency-Key: (status, decoded body)."""
    request = urllib.request.Request(platform.url + "/api/v1/payments/orders", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token,
                                              "Idempotency-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_idempotency_keys_through_the_gateway(platform):
    """Stripe semantics on the real executables: the same key and body → the same order; another body →
    422; eight concurrent requests with one key → one order (the others the same order or 409)."""
    import concurrent.futures
    branch_ready(platform)
    member = platform.members_of(BRANCH)[9]
    token = api_login(platform, member["idNumber"], member["phone"])
    first = post_order(platform, token, {"channel": "alipay"}, "same-key-1")
    again = post_order(platform, token, {"channel": "alipay"}, "same-key-1")
    assert first[0] == 200 and again == first, (first, again)
    other = post_order(platform, token, {"channel": "wechatpay"}, "same-key-1")
    assert other[0] == 422 and other[1]["code"] == "payments.idempotency_mismatch", other
    orders = api(platform, "/api/v1/payments/orders", token=token)["items"]
    assert [o["orderId"] for o in orders] == [first[1]["orderId"]], "one order for the key"

    # Eight at once with one key (another member, whose months are free): one order; each answer is it or 409.
    burster = platform.members_of(BRANCH)[8]
    burst_token = api_login(platform, burster["idNumber"], burster["phone"])
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: post_order(platform, burst_token, {"channel": "alipay", "remark": "并发"}, "burst-key-1"),
                                range(8)))
    made = {body["orderId"] for status, body in results if status == 200}
    assert len(made) == 1, results
    assert all(status == 200 or (status == 409 and body["code"] in ("payments.request_in_progress", "request.in_progress"))
               for status, body in results), results
    listed = api(platform, "/api/v1/payments/orders", token=burst_token)["items"]
    assert [o["orderId"] for o in listed] == list(made)


def test_citizen_card_opened_with_a_code_topped_up_and_spent_on_dues_never_below_zero(platform, driver):
    """市民卡 (Shaoxing): opened with an SMS code; ¥100 by Alipay is not enough for ¥150 of dues (refused,
    nothing moves); another ¥100 by WeChat Pay; dues paid from the balance with the SMS code; ¥50 left,
    the sum of three movements."""
    state = branch_ready(platform)
    member = platform.members_of(BRANCH)[7]
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/wallet")
    driver.find_element(By.CSS_SELECTOR, "form.wl-send button").click()
    code_field = WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "wl-code"))[0]
    code_field.send_keys(platform.next_sms_code(member["phone"]))
    driver.find_element(By.CSS_SELECTOR, "form.wl-code button").click()
    wait_path(driver, "/me/wallet?done=opened")
    assert text_of(driver, ".wl-balance") == "¥0.00"

    def top_up(amount, channel):
        driver.get(platform.url + "/me/wallet")
        driver.find_element(By.ID, "wl-amount").send_keys(amount)
        driver.find_element(By.CSS_SELECTOR, f".wl-topup input[name='channel'][value='{channel}']").click()
        driver.find_element(By.CSS_SELECTOR, ".wl-topup button[type='submit']").click()
        WebDriverWait(driver, 30).until(lambda d: "/me/payments/" in d.current_url)
        order_id = text_of(driver, ".order-id")
        assert text_of(driver, ".order-qr-text"), "a top-up is paid by scanning the provider's code"
        platform.sim_get(f"/_sim/{channel}/pay?out_trade_no={order_id}")
        WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(
            lambda d: "充值成功" in d.find_element(By.CSS_SELECTOR, ".order-status").text)

    top_up("100", "alipay")
    driver.get(platform.url + "/me/wallet")
    assert text_of(driver, ".wl-balance") == "¥100.00"

    # ¥150 of dues from ¥100: refused, and nothing moves.
    driver.get(platform.url + "/me/dues/pay")
    driver.find_element(By.CSS_SELECTOR, "input[name='channel'][value='citizencard']").click()
    driver.find_element(By.CSS_SELECTOR, "form[method='post'][action='/me/dues/pay'] button[type='submit']").click()
    WebDriverWait(driver, 30).until(lambda d: "/me/payments/" in d.current_url)
    order_url = driver.current_url
    driver.find_element(By.ID, "order-code").send_keys(platform.next_sms_code(member["phone"]))
    driver.find_element(By.CSS_SELECTOR, "form.order-code button[type='submit']").click()
    assert "余额不足" in text_of(driver, ".form-error")
    driver.get_log("browser")  # the refused payment's 409 is logged by the browser: expected here
    driver.get(platform.url + "/me/wallet")
    assert text_of(driver, ".wl-balance") == "¥100.00"

    top_up("100", "wechatpay")
    # The order waits, its factor given: paying again takes the money now the balance covers it.
    driver.get(order_url)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/confirm'] button[type='submit']").click()
    WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(
        lambda d: "交纳成功" in d.find_element(By.CSS_SELECTOR, ".order-status").text)
    assert paid_months(platform, state["ids"][7]) == sorted(state["months"])
    driver.get(platform.url + "/me/wallet")
    assert text_of(driver, ".wl-balance") == "¥50.00"
    amounts = [r.find_elements(By.TAG_NAME, "td")[2].text for r in driver.find_elements(By.CSS_SELECTOR, "table.wl-movements tbody tr")]
    assert amounts == ["−¥150.00", "+¥100.00", "+¥100.00"], amounts
    check_page(driver, "member-wallet")


def test_unionpay_debit_card_pays_and_a_credit_card_is_refunded_with_a_clear_message(platform, driver):
    """UnionPay 全渠道, confirmed with the 交易密码 (set first with an SMS code; a wrong one is counted): the
    order page sends the payer to UnionPay's cashier (a signed front form); a debit card pays once; a
    credit card's payment is recorded, never confirmed in dues, and refunded with why."""
    state = branch_ready(platform)
    people = platform.members_of(BRANCH)
    for index, card in ((6, "debit"), (5, "credit")):
        member = people[index]
        driver.delete_all_cookies()
        log_in(driver, platform, member["idNumber"], member["phone"])
        driver.get(platform.url + "/me/payments/password")
        driver.find_element(By.CSS_SELECTOR, "form.tp-send button").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.ID, "tp-code"))
        driver.find_element(By.ID, "tp-code").send_keys(platform.next_sms_code(member["phone"]))
        driver.find_element(By.ID, "tp-password").send_keys("135790")
        driver.find_element(By.ID, "tp-again").send_keys("135790")
        driver.find_element(By.CSS_SELECTOR, "form.tp-set button").click()
        wait_path(driver, "/me/payments/password?done=set")
        if index == 6:
            check_page(driver, "member-transaction-password")
        driver.get(platform.url + "/me/dues/pay")
        driver.find_element(By.CSS_SELECTOR, "input[name='channel'][value='unionpay']").click()
        driver.find_element(By.CSS_SELECTOR, "form[method='post'][action='/me/dues/pay'] button[type='submit']").click()
        WebDriverWait(driver, 30).until(lambda d: "/me/payments/" in d.current_url)
        assert "交易密码" in text_of(driver, "label[for='order-code']")
        driver.find_element(By.ID, "order-code").send_keys("246801")
        driver.find_element(By.CSS_SELECTOR, "form.order-code button[type='submit']").click()
        assert "交易密码错误" in text_of(driver, "#order-code-error")
        driver.get_log("browser")  # the wrong password's 400 is logged by the browser: expected here
        driver.find_element(By.ID, "order-code").send_keys("135790")
        driver.find_element(By.CSS_SELECTOR, "form.order-code button[type='submit']").click()
        link = WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "a.order-unionpay"))[0].get_attribute("href")
        assert link.startswith(platform.sim + "/gateway/api/frontTransReq.do?") and "signature=" in link
        order_id = text_of(driver, ".order-id")
        # The cashier page opens (the simulator checked the signed form), and the buyer pays with that card.
        driver.get(link)
        assert driver.find_element(By.TAG_NAME, "body").text
        platform.sim_get(f"/_sim/unionpay/pay?orderId={order_id}&card={card}")
        driver.get(f"{platform.url}/me/payments/{order_id}")
        if card == "debit":
            WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(
                lambda d: "交纳成功" in d.find_element(By.CSS_SELECTOR, ".order-status").text)
            assert paid_months(platform, state["ids"][index]) == sorted(state["months"])
            check_page(driver, "member-pay-unionpay-done", console=False)
        else:
            WebDriverWait(driver, 30, ignored_exceptions=RELOADING).until(
                lambda d: "已退款" in d.find_element(By.CSS_SELECTOR, ".order-status").text)
            assert "不接受信用卡" in text_of(driver, ".order-refund")
            assert paid_months(platform, state["ids"][index]) == [], "a credit card never pays dues"
            # The months are free again at once: a new order (by Alipay) reserves them.
            token = api_login(platform, member["idNumber"], member["phone"])
            status, again = post_order(platform, token, {"channel": "alipay"}, "after-credit-1")
            assert status == 200 and again["totalFen"] == 15000, (status, again)
            trades = [t for t in platform.sim_get("/_sim/unionpay/trades")["trades"] if t.get("orderId") == order_id]
            assert trades, platform.sim_get("/_sim/unionpay/trades")
            check_page(driver, "member-pay-unionpay-credit-refunded", console=False)
