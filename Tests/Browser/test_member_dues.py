"""我的党费 in a real browser: a member's first login end to end (the SMS code read from the simulator,
the forced change) ending on the amounts the branch set; the range quote; 代交 authorised by one
member and confirmed by the other. Uses branch 001002001's demo members and its administrator
branchadmin2 (who sets the month's standards through the JSON API)."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import wait_until
from pages import api, api_login, check_page, fill, finish_login, log_in, text_of, wait_path

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
