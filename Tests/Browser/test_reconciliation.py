"""对账报告 in a real browser: a member pays by Alipay (the simulator takes the money), then the city's
administrator (demoadmin, root organization 001) runs today's reconciliation from 党费管理 › 对账报告:
the member's order is matched, not a difference; a payment injected into Alipay's statement that no
order of ours knows is listed as 长款 with its action; the report is exported as CSV. A branch
administrator has no such menu entry and is refused the page. Uses branch 001002003's member 4."""
import datetime
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By

from pages import api_login, check_page, log_in, text_of, wait_path
from test_member_pay import BRANCH, branch_ready, paid_order


def today():
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d")


def download(driver, href):
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookies}), timeout=30) as response:
        return response.headers["Content-Type"], response.headers.get("Content-Disposition", ""), response.read()


def run_today(driver, platform):
    """The run form with today's date; the day's page it leads to."""
    driver.get(platform.url + "/admin/payments/reconciliation")
    day = driver.find_element(By.ID, "rc-day")
    driver.execute_script("arguments[0].value = arguments[1]", day, today())
    driver.find_element(By.ID, "rc-run").click()
    wait_path(driver, f"/admin/payments/reconciliation/{today()}?done=run")


def test_the_city_administrator_reconciles_today_sees_a_long_payment_and_exports_it(platform, driver):
    state = branch_ready(platform)
    member = platform.members_of(BRANCH)[4]
    token = api_login(platform, member["idNumber"], member["phone"])
    order_id = paid_order(platform, member, token, "reconciliation-1")

    log_in(driver, platform, "demoadmin")
    driver.get(platform.url + "/admin")
    menu = driver.find_element(By.CSS_SELECTOR, "a[href='/admin/payments/reconciliation']")
    assert menu.text == "对账报告"
    menu.click()
    wait_path(driver, "/admin/payments/reconciliation")
    check_page(driver, "admin-reconciliation")

    run_today(driver, platform)
    assert "对账报告" in text_of(driver, "h1")
    assert "支付宝" in text_of(driver, ".rc-summary")
    # Our paid order is in the statement and in dues: matched, not among the differences (within
    # five minutes of Beijing midnight it may rightly be 跨日 instead).
    rows = driver.find_elements(By.CSS_SELECTOR, f"tr.rc-difference[data-order='{order_id}']")
    assert all(row.get_attribute("data-kind") == "cutOver" for row in rows), [r.text for r in rows]
    if not rows:
        assert int(text_of(driver, ".rc-matched")) >= 1
    check_page(driver, "admin-reconciliation-day")

    # A payment at Alipay that no order of ours knows: 长款, listed with both amounts and what to do.
    stranger = "po" + "9" * 30
    request = urllib.request.Request(f"{platform.sim}/_sim/alipay/statement-extra?out_trade_no={stranger}&amount_fen=2345",
                                     data=b"", method="POST")
    urllib.request.urlopen(request, timeout=10).read()
    driver.find_element(By.CSS_SELECTOR, "form.rc-rerun button").click()
    wait_path(driver, f"/admin/payments/reconciliation/{today()}?done=run")
    assert "第 2 次" in text_of(driver, ".notice")
    row = driver.find_element(By.CSS_SELECTOR, f"tr.rc-difference[data-order='{stranger}']")
    assert "长款" in row.text and "支付宝" in row.text and "23.45" in row.text and "补单或原路退款" in row.text, row.text
    assert driver.find_element(By.CSS_SELECTOR, "tr[data-kind='longPayment'] .rc-count").text != "0"
    check_page(driver, "admin-reconciliation-long")

    # 导出 CSV: the same differences, UTF-8 with a BOM, Chinese headers.
    kind, disposition, data = download(driver, driver.find_element(By.ID, "rc-export").get_attribute("href"))
    assert kind.startswith("text/csv"), kind
    assert "attachment" in disposition, disposition
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("对账日,类型,渠道,商户订单号"), text[:200]
    assert f"{today()},长款,支付宝,{stranger}" in text, text
    assert order_id not in text or ",跨日," in text

    # The list shows the day with its 长款 counted.
    driver.get(platform.url + "/admin/payments/reconciliation")
    day_row = driver.find_element(By.CSS_SELECTOR, f"tr.rc-day[data-day='{today()}']")
    assert day_row.find_element(By.CSS_SELECTOR, "td[data-kind='longPayment']").text != "0"
    # Leave the statement as the simulator took it for other tests.
    urllib.request.urlopen(urllib.request.Request(f"{platform.sim}/_sim/alipay/statement-reset", data=b"", method="POST"), timeout=10).read()


def test_a_branch_administrator_has_no_reconciliation(platform, driver):
    state = branch_ready(platform)
    from test_member_pay import ADMIN
    token = api_login(platform, ADMIN)
    try:
        request = urllib.request.Request(platform.url + "/api/v1/payments/reconciliation", headers={"Authorization": "Bearer " + token})
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a branch administrator read the reconciliation")
    except urllib.error.HTTPError as error:
        assert error.code == 403, error.code
