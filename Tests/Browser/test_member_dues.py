"""我的党费 in a real browser: a member's first login end to end (the SMS code read from the simulator,
the forced change) ending on the amounts the branch set; the range quote; 代交 authorised by one
member and confirmed by the other. Uses branch 001002001's demo members and its administrator
branchadmin2 (who sets the month's standards through the JSON API)."""
from selenium.webdriver.common.by import By

from conftest import wait_until
from pages import WebDriverWait, api, api_login, check_page, fill, finish_login, log_in, text_of, wait_path

BRANCH = "001002001"
# Bases in fen: ¥5,000.00 → 1% → ¥50.00; ¥12,000.00 → 2% → ¥240.00 (the 2008 brackets, dues' rule).
BASES = {1: 500000, 2: 1200000}
EXPECTED = {1: "¥50.00", 2: "¥240.00"}
STATE = {}


def branch_month(platform):
    """The branch's open month with every member's standard set and submitted (once per session)."""
    if "month" in STATE:
        return STATE["month"]
    token = api_login(platform, "branchadmin2")
    month = api(platform, "/api/v1/dues/months/open", {"orgCode": BRANCH}, token)["month"]
    path = f"/api/v1/dues/branches/{BRANCH}/months/{month}/standards"
    people = platform.members_of(BRANCH)
    ids = {}

    def every_member_known():
        view = api(platform, path, token=token)
        known = {item["memberId"] for item in view["items"]} | set(view["missingMemberIds"])
        return view if len(known) >= len(people) else None
    view = wait_until(every_member_known, "dues to know the branch's members", timeout=60)
    # Which member is which: identity's list of the branch (by name; the demo's names are unique there).
    names = {p["name"]: i for i, p in enumerate(people)}
    listed = api(platform, "/api/v1/members/search", {"orgCode": BRANCH, "limit": 100}, token)["items"]
    index_of = {m["id"]: names.get(m["name"]) for m in listed}
    items = []
    for member_id in [item["memberId"] for item in view["items"]] + view["missingMemberIds"]:
        index = index_of.get(member_id)
        items.append({"memberId": member_id, "kind": "employed", "baseFen": BASES.get(index, 300000)})
        if index is not None:
            ids[index] = member_id
    api(platform, path, {"orgCode": BRANCH, "month": month, "items": items}, token)
    api(platform, path + "/submit", {"orgCode": BRANCH, "month": month}, token)
    STATE["month"], STATE["ids"] = month, ids
    return month


def chinese(month):
    year, number = month.split("-")
    return f"{int(year)}年{int(number)}月"


def month_row(driver, month):
    for row in driver.find_elements(By.CSS_SELECTOR, "table.md-table tbody tr"):
        if row.find_element(By.TAG_NAME, "th").text.strip() == chinese(month):
            return row
    raise AssertionError(f"no row for {month}")


def test_a_members_first_login_ends_on_the_amounts_the_branch_set(platform, driver):
    month = branch_month(platform)
    member = platform.members_of(BRANCH)[1]
    driver.get(platform.url + "/login")
    fill(driver, {"identifier": member["idNumber"], "password": member["password"]})
    wait_path(driver, "/login/password")
    assert finish_login(driver, platform, member["phone"], "MyDues2026first")  # the forced change, then the SMS code
    platform.passwords[member["idNumber"]] = "MyDues2026first"
    wait_path(driver, "/me")
    driver.find_element(By.LINK_TEXT, "我的党费").click()
    wait_path(driver, "/me/dues")
    row = month_row(driver, month)
    assert row.find_element(By.CSS_SELECTOR, ".md-amount").text == EXPECTED[1]
    assert row.find_element(By.CSS_SELECTOR, ".md-state").text in ("应交", "待交")
    assert EXPECTED[1] in text_of(driver, ".md-summary")
    check_page(driver, "member-dues")

    # The Shaoxing range quote: this month alone.
    driver.get(f"{platform.url}/me/dues?from={month}&to={month}")
    assert text_of(driver, ".md-quote-total") == EXPECTED[1]
    check_page(driver, "member-dues-quote")


def test_a_fellow_authorised_as_proxy_confirms_and_it_is_active(platform, driver):
    branch_month(platform)
    people = platform.members_of(BRANCH)
    giver, proxy = people[4], people[5]
    log_in(driver, platform, giver["idNumber"], giver["phone"])
    driver.get(platform.url + "/me/dues?fellow=" + proxy["name"] + "#proxies")
    fellows = driver.find_elements(By.CSS_SELECTOR, ".md-fellows li")
    chosen = [li for li in fellows if li.find_elements(By.CSS_SELECTOR, ".md-fellow-name")
              and li.find_element(By.CSS_SELECTOR, ".md-fellow-name").text == proxy["name"]]
    assert chosen, [li.text for li in fellows]
    chosen[0].find_element(By.CSS_SELECTOR, "button").click()
    wait_path(driver, "/me/dues?done=granted#proxies")
    granted = text_of(driver, ".md-granted")
    assert proxy["name"] in granted and "待对方确认" in granted
    check_page(driver, "member-dues-proxy-granted")

    driver.delete_all_cookies()
    log_in(driver, platform, proxy["idNumber"], proxy["phone"])
    driver.get(platform.url + "/me/dues")
    received = text_of(driver, ".md-received")
    assert giver["name"] in received and "待对方确认" in received
    driver.find_element(By.XPATH, "//ul[contains(@class,'md-received')]//button[text()='确认代交']").click()
    wait_path(driver, "/me/dues?done=confirmed#proxies")
    assert "已生效" in text_of(driver, ".md-received")


ADMIN_SESSION = {}


def as_branch_admin(driver, platform):
    """branchadmin2 logged in in this browser (through the login once, then with its cookies)."""
    if "cookies" in ADMIN_SESSION:
        driver.get(platform.url + "/login")
        for cookie in ADMIN_SESSION["cookies"]:
            driver.add_cookie({"name": cookie["name"], "value": cookie["value"], "path": "/"})
    else:
        log_in(driver, platform, "branchadmin2")
        wait_path(driver, "/admin")
        ADMIN_SESSION["cookies"] = driver.get_cookies()


def test_the_records_page_lists_a_cash_payment_and_exports_the_branch_month(platform, driver):
    month = branch_month(platform)
    people = platform.members_of(BRANCH)
    payer = people[6]
    token = api_login(platform, "branchadmin2")
    api(platform, "/api/v1/dues/cash-records", {"memberId": STATE["ids"][6], "months": [month], "amountFen": 1500}, token)
    as_branch_admin(driver, platform)
    driver.get(f"{platform.url}/admin/dues/payments?org={BRANCH}&month={month}&paid=1&name={payer['name']}")
    table = text_of(driver, "table.dr-table")
    assert payer["name"] in table and "线下现金交纳" in table and "¥15.00" in table
    check_page(driver, "admin-dues-records")
    link = driver.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    import urllib.request
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookies}), timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        assert payer["name"] in response.read().decode("utf-8-sig")


def test_a_members_proposed_amount_is_approved_on_the_approvals_page(platform, driver):
    branch_month(platform)
    member = platform.members_of(BRANCH)[7]
    token = api_login(platform, member["idNumber"], member["phone"])
    api(platform, "/api/v1/dues/proposals", {"amountFen": 10000, "note": "自愿多交"}, token)
    as_branch_admin(driver, platform)
    driver.get(platform.url + "/admin/dues/approvals")
    proposals = text_of(driver, ".da-proposals")
    assert member["name"] in proposals and "¥100.00" in proposals
    check_page(driver, "admin-dues-approvals")
    item = driver.find_element(By.XPATH, f"//ul[contains(@class,'da-proposals')]/li[contains(., '{member['name']}')]")
    item.find_element(By.CSS_SELECTOR, "button[value='approve']").click()
    wait_path(driver, "/admin/dues/approvals?done=approved")
    assert member["name"] not in driver.find_element(By.CSS_SELECTOR, ".da-proposals").text


def test_a_bulk_authorisation_makes_one_payer_proxy_for_several(platform, driver):
    branch_month(platform)
    people = platform.members_of(BRANCH)
    payer, first, second = people[8], people[9], people[10]
    as_branch_admin(driver, platform)
    driver.get(f"{platform.url}/admin/dues/proxies?org={BRANCH}")
    check_page(driver, "admin-dues-proxies")
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "dp-payer")).select_by_value(STATE["ids"][8])
    for index in (9, 10):
        driver.find_element(By.CSS_SELECTOR, f"input[name='m_{STATE['ids'][index]}']").click()
    driver.find_element(By.CSS_SELECTOR, "form.dp-bulk-form button[type='submit']").click()
    wait_path(driver, f"/admin/dues/proxies?org={BRANCH}&done=granted")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table.dp-table tbody tr")]
    for member in (first, second):
        assert any(member["name"] in r and payer["name"] in r and "已生效" in r for r in rows), rows
