"""The administrators' 党组织管理, 党员管理, 信息审核, 通知公告 and 数据导入 in a real browser, as demoadmin
(committee 001), logged in once for the module; members of branches 001002002 and 001002003 only; and
branchadmin (branch 001001001) refused another branch's pages. Every page is checked with check_page."""
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select

from conftest import new_browser, wait_until
from pages import WebDriverWait, check_page, fill, log_in, masked, text_of, wait_path

RUN = str(int(time.time()))[-5:]


@pytest.fixture(scope="module")
def admin(platform):
    """demoadmin's browser, logged in once for every test of this file."""
    browser = new_browser()
    try:
        log_in(browser, platform, "demoadmin")
        wait_path(browser, "/admin")
        yield browser
    finally:
        browser.quit()


def api(platform, method, path, body=None, token=None):
    """The JSON API: (status, reply)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(platform.url + path, data=None if body is None else json.dumps(body).encode(),
                                     method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def api_login(platform, member):
    """A member's access token through the JSON API, through the forced change and the SMS step."""
    identifier = member["idNumber"]
    status, reply = api(platform, "POST", "/api/v1/auth/login",
                        {"identifier": identifier, "password": platform.password(identifier), "deviceId": "oa-test-" + RUN})
    assert status == 200, reply
    for _ in range(3):
        if reply["step"] == "tokens":
            return reply["tokens"]["accessToken"]
        if reply["step"] == "change_password":
            new_password = "Orgadmin2026" + identifier[-4:]
            status, reply = api(platform, "POST", "/api/v1/auth/login/change-password",
                                {"ticket": reply["ticket"], "newPassword": new_password})
            assert status == 200, reply
            platform.passwords[identifier] = new_password
        else:
            status, reply = api(platform, "POST", "/api/v1/auth/login/verify-code",
                                {"ticket": reply["ticket"], "code": platform.next_sms_code(member["phone"])})
            assert status == 200, reply
    raise AssertionError(reply)


def open_page(driver, platform, path):
    driver.get(platform.url + path)
    wait_path(driver, path.split("#")[0])


def find_member_id(driver, platform, member):
    """The member's id, from the search's link to their record."""
    open_page(driver, platform, "/admin/members")
    fill(driver, {"name": member["name"], "orgCode": member["orgCode"]}, form="form.member-search")
    # The unfiltered list may already show the member: wait for the search's own page first.
    WebDriverWait(driver, 20).until(lambda d: "name=" in d.current_url, "the search's result page")
    link = WebDriverWait(driver, 20).until(lambda d: next(
        (a for a in d.find_elements(By.CSS_SELECTOR, "table.members a.member-link") if a.text == member["name"]), None))
    return link.get_attribute("href").rsplit("/", 1)[1]


def test_browse_down_the_tree_and_find_an_organization_with_the_suggestions(platform, admin):
    open_page(admin, platform, "/admin/orgs")
    assert text_of(admin, ".org-name") == "中共示范市委"
    check_page(admin, "admin-orgs")
    admin.find_element(By.LINK_TEXT, "机关第二党总支").click()
    wait_path(admin, "/admin/orgs/001002")
    assert [a.text for a in admin.find_elements(By.CSS_SELECTOR, ".breadcrumb a")] == ["中共示范市委"]
    admin.find_element(By.LINK_TEXT, "机关第二党总支第三党支部").click()
    wait_path(admin, "/admin/orgs/001002003")
    assert text_of(admin, ".org-code") == "001002003"
    assert [a.text for a in admin.find_elements(By.CSS_SELECTOR, ".breadcrumb a")] == ["中共示范市委", "机关第二党总支"]
    check_page(admin, "admin-org-branch")

    # Typing part of a name suggests organizations; a suggestion opens it.
    admin.find_element(By.ID, "org-q").send_keys("第二党总支第二")
    suggestion = WebDriverWait(admin, 20).until(expected_conditions.element_to_be_clickable(
        (By.CSS_SELECTOR, "#org-q-list a.suggestion[data-code='001002002']")))
    check_page(admin, "admin-org-suggestions")
    suggestion.click()
    wait_path(admin, "/admin/orgs/001002002")
    assert text_of(admin, ".org-name") == "机关第二党总支第二党支部"

    # Without the script: the search form lists the matches.
    open_page(admin, platform, "/admin/orgs?q=" + urllib.parse.quote("第二党总支第二"))
    assert "机关第二党总支第二党支部" in text_of(admin, ".search-results")


def test_create_and_rename_an_organization_and_give_it_an_administrator(platform, admin):
    open_page(admin, platform, "/admin/orgs/001002")
    # identity's refusal is shown beside the field it names.
    fill(admin, {"code": "999", "name": "浏览器测试支部"}, form="form.org-create")
    assert text_of(admin, "#create-code-error")
    assert admin.find_element(By.ID, "create-name").get_attribute("value") == "浏览器测试支部"
    check_page(admin, "admin-org-create-error", console=False)

    code = "001002" + str(100 + int(RUN) % 800)
    fill(admin, {"code": code, "name": "浏览器测试支部" + RUN}, form="form.org-create")
    wait_path(admin, f"/admin/orgs/{code}")
    assert "已新建" in text_of(admin, ".notice")
    assert text_of(admin, ".org-name") == "浏览器测试支部" + RUN

    fill(admin, {"name": "浏览器更名支部" + RUN}, form="form.org-update")
    wait_path(admin, f"/admin/orgs/{code}")
    assert "已保存" in text_of(admin, ".notice")
    assert text_of(admin, ".org-name") == "浏览器更名支部" + RUN
    assert [a.text for a in admin.find_elements(By.CSS_SELECTOR, ".breadcrumb a")] == ["中共示范市委", "机关第二党总支"]

    # 管理员信息: a new administrator, its mobile masked in the list.
    admin.find_element(By.CSS_SELECTOR, "details.subform summary").click()
    mobile = "137" + RUN.rjust(8, "0")
    fill(admin, {"username": "oa" + RUN, "name": "测试管理员", "post": "组织委员", "mobile": mobile}, form="form.admin-create")
    wait_path(admin, f"/admin/orgs/{code}")
    assert text_of(admin, ".admin-username") == "oa" + RUN
    assert text_of(admin, ".admin-mobile") == masked(mobile)
    assert mobile not in admin.page_source
    check_page(admin, "admin-org-renamed")


def test_move_an_organization_picked_from_the_suggestions_then_dissolve_it(platform, admin):
    code = "001002" + str(100 + (int(RUN) + 200) % 800)
    open_page(admin, platform, "/admin/orgs/001002")
    fill(admin, {"code": code, "name": "浏览器调整支部" + RUN}, form="form.org-create")
    wait_path(admin, f"/admin/orgs/{code}")
    # A suggestion fills the new parent's code.
    admin.find_element(By.ID, "move-newParentCode").send_keys("机关第一党总支")
    WebDriverWait(admin, 20).until(expected_conditions.element_to_be_clickable(
        (By.CSS_SELECTOR, "#move-newParentCode-list a.suggestion[data-code='001001']"))).click()
    assert admin.find_element(By.ID, "move-newParentCode").get_attribute("value") == "001001"
    check_page(admin, "admin-org-move")
    admin.find_element(By.CSS_SELECTOR, "form.org-move button[type='submit']").click()
    wait_path(admin, f"/admin/orgs/{code}?done=moved")
    assert [a.text for a in admin.find_elements(By.CSS_SELECTOR, ".breadcrumb a")] == ["中共示范市委", "机关第一党总支"]

    admin.find_element(By.CSS_SELECTOR, "form.org-dissolve button").click()
    wait_path(admin, "/admin/orgs/001001?done=dissolved")
    assert "已撤销" in text_of(admin, ".notice")
    assert "浏览器调整支部" + RUN not in text_of(admin, "table.children")
    # A general branch with branches and members is not dissolved: identity's refusal on the page.
    open_page(admin, platform, "/admin/orgs/001002")
    admin.find_element(By.CSS_SELECTOR, "form.org-dissolve button").click()
    assert "不能撤销" in text_of(admin, "section.danger .form-error")
    check_page(admin, "admin-org-dissolve-refused", console=False)


def test_search_a_member_by_name_and_see_masked_numbers(platform, admin):
    member = platform.members_of("001002002")[1]
    member_id = find_member_id(admin, platform, member)
    row = next(r for r in admin.find_elements(By.CSS_SELECTOR, "table.members tbody tr")
               if r.find_element(By.CSS_SELECTOR, "a.member-link").text == member["name"])
    id_shown = row.find_element(By.CSS_SELECTOR, ".id-number").text
    assert "*" in id_shown and id_shown.endswith(member["idNumber"][-4:]) and id_shown != member["idNumber"]
    assert row.find_element(By.CSS_SELECTOR, ".phone").text == masked(member["phone"])
    assert member["idNumber"] not in admin.page_source and member["phone"] not in admin.page_source
    check_page(admin, "admin-members")

    # The record, in scope: the whole number.
    open_page(admin, platform, f"/admin/members/{member_id}")
    assert text_of(admin, ".member-name") == member["name"]
    assert text_of(admin, "dd.id-number") == member["idNumber"]
    check_page(admin, "admin-member")


def test_reset_a_members_password(platform, admin):
    member = platform.members_of("001002003")[1]
    api_login(platform, member)  # the member has a password of their own now
    changed = platform.password(member["idNumber"])
    member_id = find_member_id(admin, platform, member)
    open_page(admin, platform, f"/admin/members/{member_id}")
    admin.find_element(By.CSS_SELECTOR, "form.member-reset button").click()
    wait_path(admin, f"/admin/members/{member_id}?done=reset")
    assert "密码已重置" in text_of(admin, ".notice")
    check_page(admin, "admin-member-reset")

    # Their own password no longer works; the initial one does, and must be changed.
    status, _ = api(platform, "POST", "/api/v1/auth/login",
                    {"identifier": member["idNumber"], "password": changed, "deviceId": "oa-test-" + RUN})
    assert status == 401
    status, reply = api(platform, "POST", "/api/v1/auth/login",
                        {"identifier": member["idNumber"], "password": member["password"], "deviceId": "oa-test-" + RUN})
    assert status == 200 and reply["step"] == "change_password", reply
    platform.passwords.pop(member["idNumber"], None)


def test_review_approves_a_members_pending_change(platform, admin):
    member = platform.members_of("001002002")[2]
    token = api_login(platform, member)
    status, change = api(platform, "POST", "/api/v1/profile-changes", {"changes": {"ethnicity": "回族"}}, token=token)
    assert status == 200 and change["status"] == "pending", change

    open_page(admin, platform, "/admin/reviews")
    section = admin.find_element(By.ID, "change-" + change["id"])
    assert section.find_element(By.CSS_SELECTOR, ".review-member").text == member["name"]
    assert "回族" in section.find_element(By.CSS_SELECTOR, ".change-value").text
    check_page(admin, "admin-reviews")
    section.find_element(By.CSS_SELECTOR, "button.approve").click()
    wait_path(admin, "/admin/reviews?done=approved")
    assert "已通过" in text_of(admin, ".notice")
    assert not admin.find_elements(By.ID, "change-" + change["id"])

    open_page(admin, platform, f"/admin/members/{change['memberId']}")
    assert text_of(admin, "dd.ethnicity") == "回族"


def test_publish_a_notice_and_see_its_receipts(platform, admin):
    open_page(admin, platform, "/admin/notices")
    check_page(admin, "admin-notices")
    title = "浏览器测试通知" + RUN
    admin.find_element(By.ID, "notice-title").send_keys(title)
    admin.find_element(By.ID, "notice-content").send_keys("请第三党支部全体党员按时参加学习。")
    codes = admin.find_element(By.ID, "notice-orgCodes")
    codes.clear()
    codes.send_keys("001002003")
    admin.find_element(By.CSS_SELECTOR, "form.notice-publish button[type='submit']").click()
    WebDriverWait(admin, 30).until(lambda d: "/admin/notices/" in d.current_url and "done=published" in d.current_url)
    assert text_of(admin, ".notice-title") == title
    names = {m["name"] for m in platform.members_of("001002003")}

    def receipts_listed():
        admin.refresh()
        shown = [td.text for td in admin.find_elements(By.CSS_SELECTOR, "table.not-read tbody td:first-child")]
        return int(text_of(admin, ".recipients")) >= len(names) and names <= set(shown)
    wait_until(receipts_listed, "the notice's recipients in its receipts", timeout=60)
    assert text_of(admin, ".read") == "0"
    check_page(admin, "admin-notice-receipts")
    open_page(admin, platform, "/admin/notices")
    assert title in text_of(admin, "table.notices")


def upload(admin, platform, organizations_csv):
    path = os.path.join(tempfile.mkdtemp(prefix="oa-import-"), "组织.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(organizations_csv)
    open_page(admin, platform, "/admin/imports")
    admin.find_element(By.ID, "import-organizations").send_keys(path)
    admin.find_element(By.CSS_SELECTOR, "form.import-form button[type='submit']").click()
    WebDriverWait(admin, 30).until(lambda d: d.current_url.split("?")[0].rstrip("/").rsplit("/", 2)[-2] == "imports")


def test_import_a_small_csv_and_watch_the_progress_reach_100(platform, admin):
    open_page(admin, platform, "/admin/imports")
    check_page(admin, "admin-imports")
    code = "001002" + str(100 + (int(RUN) + 400) % 800)
    header = "组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区\n"
    upload(admin, platform, header + f"{code},浏览器导入支部{RUN},党支部,001002,示范市直机关,否\n")
    WebDriverWait(admin, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, ".job-percent").text == "100")
    assert admin.find_element(By.ID, "job-progress").get_attribute("value") == "100"
    assert text_of(admin, ".job-status") == "导入成功"
    check_page(admin, "admin-import-done")
    open_page(admin, platform, f"/admin/orgs/{code}")
    assert text_of(admin, ".org-name") == "浏览器导入支部" + RUN

    # A bad row: nothing imported, the report by line and column downloadable.
    upload(admin, platform, header + f"{code}9,坏行,党小队,001002,示范市直机关,否\n")
    WebDriverWait(admin, 60).until(lambda d: d.find_element(By.CSS_SELECTOR, ".job-percent").text == "100")
    assert "导入失败" in text_of(admin, ".job-status")
    link = admin.find_element(By.CSS_SELECTOR, "a.errors-download").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in admin.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie}), timeout=15) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        report = response.read().decode("utf-8-sig")
    assert "组织类型" in report
    check_page(admin, "admin-import-failed")


def test_a_branch_administrator_gets_no_permission_for_another_branch(platform, admin, driver):
    other = platform.members_of("001002002")[0]
    member_id = find_member_id(admin, platform, other)
    log_in(driver, platform, "branchadmin")
    wait_path(driver, "/admin")
    open_page(driver, platform, "/admin/orgs")
    assert text_of(driver, ".org-code") == "001001001"
    for path in ("/admin/orgs/001002", f"/admin/members/{member_id}"):
        open_page(driver, platform, path)
        assert text_of(driver, "h1") == "没有权限", path
        assert other["name"] not in driver.page_source
        # The document itself answered 403, which the browser logs.
        check_page(driver, "admin-no-permission", console=False)
