"""党费管理 in a real browser: a branch administrator's month (标准录入 → 提交并通知交纳 → 线下交纳 → the
member's month paid, the unpaid list and the collection rate changed), another branch's page refused
with 没有权限, and a committee going down the collection rate's tree. Uses branch 001001001's demo
members from index 3 on, its administrator branchadmin, and demoadmin."""
import json
import re
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import wait_until
from pages import WebDriverWait, api, check_page, log_in, text_of, wait_path
from pages import api_login as login_by_api

BRANCH = "001001001"
# Administrators' cookies, kept for the session: each test's browser is new, the login is done once.
SESSIONS = {}


def admin(driver, platform, username):
    """`username` logged in in this browser: the first time through the login, then with its cookies."""
    if username in SESSIONS:
        driver.get(platform.url + "/login")
        for cookie in SESSIONS[username]:
            driver.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
    else:
        log_in(driver, platform, username)
        wait_path(driver, "/admin")
        SESSIONS[username] = driver.get_cookies()


def cookie_header(driver):
    return "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "table.dm-table tbody tr[data-member]")


def row_of(driver, name):
    for row in rows(driver):
        if row.find_element(By.CSS_SELECTOR, "th.dm-name").text.strip() == name:
            return row
    raise AssertionError(f"no row for {name}")


def unpaid_count(driver, platform, query=""):
    driver.get(platform.url + "/admin/dues/unpaid" + query)
    return int(text_of(driver, ".dm-count"))


def rate_numbers(driver, platform):
    """The branch's 合计 row: due, paid, rate."""
    driver.get(platform.url + "/admin/dues/rate")
    total = driver.find_element(By.CSS_SELECTOR, "tr.dm-total-row")
    return (int(total.find_element(By.CSS_SELECTOR, ".dm-due").text), int(total.find_element(By.CSS_SELECTOR, ".dm-paid-count").text),
            total.find_element(By.CSS_SELECTOR, ".dm-rate").text)


def api_login(platform, member):
    """The member's access token through the JSON API's login."""
    return login_by_api(platform, member["idNumber"], member["phone"], device="admin-dues-test-device")


def test_a_branch_administrators_month(platform, driver):
    people = platform.members_of(BRANCH)
    payer = people[3]
    admin(driver, platform, "branchadmin")

    # 标准录入: dues learns the branch's members from identity's events; wait until it lists them all.
    def listed():
        driver.get(platform.url + "/admin/dues/standards")
        return len(rows(driver)) == len(people)
    wait_until(listed, "dues to list the branch's members", timeout=60)
    month = driver.find_element(By.ID, "dm-month").get_attribute("value")
    assert re.fullmatch(r"\d{4}-\d{2}", month)
    check_page(driver, "admin-dues-standards")

    if "已提交" not in text_of(driver, ".dm-status"):
        # A base for every member: 8000 for the payer (1.5% → ¥120.00), 3000 for one (0.5% → ¥15.00), 5000 for the rest.
        for row in rows(driver):
            name = row.find_element(By.CSS_SELECTOR, "th.dm-name").text.strip()
            Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_value("employed")
            base = row.find_element(By.CSS_SELECTOR, "input[name^='base_']")
            base.clear()
            base.send_keys("8000" if name == payer["name"] else ("3000" if name == people[4]["name"] else "5000.00"))
        # While typing, the page's script asks dues what each row comes to (nothing saved yet).
        wait_until(lambda: row_of(driver, payer["name"]).find_element(By.CSS_SELECTOR, ".dm-amount").text == "¥120.00（1.5%）"
                   and not driver.find_elements(By.CSS_SELECTOR, "tr[data-previewing]")
                   and len(driver.find_elements(By.CSS_SELECTOR, "tr.dm-previewed")) == len(people),
                   "the typed amounts previewed", timeout=20)
        assert row_of(driver, people[4]["name"]).find_element(By.CSS_SELECTOR, ".dm-amount").text == "¥15.00（0.5%）"
        assert "未提交" in text_of(driver, ".dm-status") or "尚未开启" in text_of(driver, ".dm-status")
        driver.find_element(By.CSS_SELECTOR, "button.dm-save").click()
        assert "草稿已保存" in text_of(driver, ".notice")
        # The amounts are dues' (the page computes none).
        assert row_of(driver, payer["name"]).find_element(By.CSS_SELECTOR, ".dm-amount").text == "¥120.00（1.5%）"
        assert row_of(driver, people[4]["name"]).find_element(By.CSS_SELECTOR, ".dm-amount").text == "¥15.00（0.5%）"
        assert row_of(driver, people[5]["name"]).find_element(By.CSS_SELECTOR, ".dm-amount").text == "¥50.00（1%）"
        assert "草稿" in text_of(driver, ".dm-status")
        check_page(driver, "admin-dues-standards-draft")
        driver.find_element(By.CSS_SELECTOR, "button.dm-submit").click()
        assert "已提交并通知党员交纳" in text_of(driver, ".notice")
    assert "已提交并通知交纳" in text_of(driver, ".dm-status")
    assert not driver.find_elements(By.CSS_SELECTOR, "button.dm-submit"), "a submitted month is not submitted twice"
    check_page(driver, "admin-dues-standards-submitted")
    amount = row_of(driver, payer["name"]).find_element(By.CSS_SELECTOR, ".dm-amount").text.split("（")[0]

    # Before the cash: the payer is on the unpaid list, and the rate counts them unpaid.
    before = unpaid_count(driver, platform, f"?month={month}")
    assert before > 0 and payer["name"] in [e.text for e in driver.find_elements(By.CSS_SELECTOR, "td.dm-name")]
    check_page(driver, "admin-dues-unpaid")
    due, paid, _ = rate_numbers(driver, platform)
    assert driver.find_elements(By.CSS_SELECTOR, "svg.dm-rate-chart rect.dm-bar-value")
    check_page(driver, "admin-dues-rate")

    # 线下交纳 for the payer's month.
    driver.get(platform.url + "/admin/dues/cash")
    check_page(driver, "admin-dues-cash-pick")
    select = Select(driver.find_element(By.ID, "dm-member"))
    select.select_by_visible_text(next(o.text for o in select.options if o.text.startswith(payer["name"] + "（")))
    driver.find_element(By.CSS_SELECTOR, "form.dm-filters button[type='submit']").click()
    assert text_of(driver, "#dm-cash-member") == payer["name"] + "的党费"
    assert driver.find_element(By.CSS_SELECTOR, f"input[type='checkbox'][value='{month}']").is_selected()
    assert "¥" + driver.find_element(By.ID, "dm-amount").get_attribute("value") == amount
    check_page(driver, "admin-dues-cash")
    driver.find_element(By.CSS_SELECTOR, "form.dm-cash button[type='submit']").click()
    assert "已登记线下现金交纳" in text_of(driver, ".notice")
    assert driver.find_element(By.CSS_SELECTOR, f"tr[data-month='{month}'] .dm-month-state").text == "已交"

    # The member's own 我的党费 page: the month paid, in cash.
    driver.delete_all_cookies()
    log_in(driver, platform, payer["idNumber"], payer["phone"])
    driver.get(platform.url + "/me/dues")
    year, number = month.split("-")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "table.md-table tbody tr")
               if r.find_element(By.TAG_NAME, "th").text.strip() == f"{int(year)}年{int(number)}月")
    assert row.find_element(By.CSS_SELECTOR, ".md-state").text == "已交"
    assert "线下现金交纳" in row.text
    driver.delete_all_cookies()
    admin(driver, platform, "branchadmin")

    # The unpaid list lost the payer, the paid list shows them with the way, the rate went up.
    after = unpaid_count(driver, platform, f"?month={month}")
    assert after == before - 1
    assert payer["name"] not in [e.text for e in driver.find_elements(By.CSS_SELECTOR, "td.dm-name")]
    unpaid_count(driver, platform, f"?month={month}&paid=paid")
    assert "线下现金交纳" in driver.find_element(By.CSS_SELECTOR, "table.dm-records").text
    assert payer["name"] in [e.text for e in driver.find_elements(By.CSS_SELECTOR, "td.dm-name")]
    due_after, paid_after, rate_after = rate_numbers(driver, platform)
    assert (due_after, paid_after) == (due, paid + 1)
    assert rate_after.endswith("%") and rate_after != "0%"

    # The unpaid list downloads as dues exports it, named.
    request = urllib.request.Request(f"{platform.url}/admin/dues/unpaid/export?format=csv&org=&month={month}",
                                     headers={"Cookie": cookie_header(driver)})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        text = response.read().decode("utf-8-sig")
    assert people[5]["name"] in text and payer["name"] not in text
    request = urllib.request.Request(f"{platform.url}/admin/dues/unpaid/export?format=xlsx&month={month}",
                                     headers={"Cookie": cookie_header(driver)})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response.read()[:2] == b"PK"


def test_a_branch_administrator_opening_another_branchs_page_has_no_permission(platform, driver):
    admin(driver, platform, "branchadmin")
    driver.get(platform.url + "/admin/dues/standards?org=001001002")
    assert text_of(driver, "h1") == "没有权限"
    # The document itself answered 403, which the browser logs; nothing else may.
    check_page(driver, "admin-dues-no-permission", console=False)
    request = urllib.request.Request(platform.url + "/admin/dues/standards?org=001001002&month=2026-11",
                                     headers={"Cookie": cookie_header(driver)})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("another branch's standards were shown")
    except urllib.error.HTTPError as refused:
        assert refused.code == 403
        assert "没有权限" in refused.read().decode()


def test_a_committee_goes_down_the_collection_rate(platform, driver):
    admin(driver, platform, "demoadmin")
    driver.get(platform.url + "/admin/dues/rate")
    assert text_of(driver, ".dm-org-name") == "中共示范市委"
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.dm-rate-chart g.dm-bar")
    assert [b.get_attribute("data-org") for b in bars] == ["001001", "001002"]
    check_page(driver, "admin-dues-rate-committee")
    driver.find_element(By.CSS_SELECTOR, "table.dm-rates tbody tr[data-org='001001'] a").click()
    WebDriverWait(driver, 20).until(lambda d: "org=001001&" in d.current_url)
    assert text_of(driver, ".dm-org-name") == "机关第一党总支"
    assert [b.get_attribute("data-org") for b in driver.find_elements(By.CSS_SELECTOR, "svg.dm-rate-chart g.dm-bar")] == \
        ["001001001", "001001002", "001001003"]
    assert driver.find_element(By.CSS_SELECTOR, "a.dm-up")
    # A committee sets no standards: its own page says so and offers the branch filter.
    driver.get(platform.url + "/admin/dues/standards")
    assert text_of(driver, "h1") == "标准录入"
    assert "只有党支部才能设置党费标准" in text_of(driver, ".form-error")
    check_page(driver, "admin-dues-standards-committee", console=False)
    driver.get(platform.url + "/admin/dues/unpaid")
    check_page(driver, "admin-dues-unpaid-committee")
