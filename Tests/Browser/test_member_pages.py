"""The members' own pages in a real browser: 我的档案 with its edit sent for approval, 修改密码, 我的支部
with the secretary's tel: link, 实名核验, and a notice whose message, once read, lowers the unread badge.
Uses branch 001001002's demo members."""
from selenium.webdriver.common.by import By

from conftest import wait_until
from pages import WebDriverWait, api, api_login, check_page, fill, log_in, masked, text_of, wait_path

BRANCH = "001001002"


def badge(driver):
    found = driver.find_elements(By.CSS_SELECTOR, ".member-nav .unread-count")
    return int(found[0].text) if found else 0


def test_my_record_edit_goes_for_approval_and_shows_pending(platform, driver):
    member = platform.members_of(BRANCH)[3]
    log_in(driver, platform, member["idNumber"], member["phone"])
    wait_path(driver, "/me")
    assert text_of(driver, ".member-name") == member["name"]
    assert member["idNumber"] not in driver.page_source and member["phone"] not in driver.page_source
    check_page(driver, "member-record")
    driver.find_element(By.LINK_TEXT, "编辑").click()
    wait_path(driver, "/me/profile")
    check_page(driver, "member-profile")
    fill(driver, {"ethnicity": "回族"}, form="form.mp-form")
    wait_path(driver, "/me/profile?done=sent")
    history = text_of(driver, ".mp-changes")
    assert "待审核" in history and "民族：回族" in history
    # Not applied before the branch approves it.
    driver.get(platform.url + "/me")
    assert "回族" not in text_of(driver, ".facts")


def test_a_changed_password_is_the_one_that_logs_in(platform, driver):
    member = platform.members_of(BRANCH)[4]
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/password")
    check_page(driver, "member-password")
    fill(driver, {"oldPassword": "wrong-password-1", "newPassword": "Changed2026pass", "confirmPassword": "Changed2026pass"})
    assert text_of(driver, ".field-error, .form-error")  # identity's message, on the page
    fill(driver, {"oldPassword": platform.password(member["idNumber"]), "newPassword": "Changed2026pass",
                  "confirmPassword": "Changed2026pass"})
    wait_path(driver, "/me/password?done=changed")
    platform.passwords[member["idNumber"]] = "Changed2026pass"
    driver.get(platform.url + "/me")  # this session was kept
    wait_path(driver, "/me")
    driver.find_element(By.CSS_SELECTOR, "header form button").click()
    wait_path(driver, "/login?done=logout")
    log_in(driver, platform, member["idNumber"], member["phone"])
    wait_path(driver, "/me")


def test_my_branch_shows_its_secretary_with_a_tel_link(platform, driver):
    people = platform.members_of(BRANCH)
    secretary, member = people[0], people[5]
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/branch")
    assert "第二党支部" in text_of(driver, ".mb-org-name")
    tel = driver.find_element(By.CSS_SELECTOR, ".mb-leaders a.mb-tel")
    assert tel.get_attribute("href") == "tel:" + secretary["phone"]
    assert secretary["name"] in text_of(driver, ".mb-leaders")
    check_page(driver, "member-branch")
    driver.get(platform.url + "/me/realname")
    assert "实名核验" in text_of(driver, "h1")
    check_page(driver, "member-realname")


def test_reading_a_message_lowers_the_unread_badge(platform, driver):
    member = platform.members_of(BRANCH)[6]
    log_in(driver, platform, member["idNumber"], member["phone"])
    before = badge(driver)
    token = api_login(platform, "demoadmin")
    api(platform, "/api/v1/notices", {"title": "关于开展主题党日活动的通知", "content": "请各支部按时组织。", "orgCodes": [BRANCH]}, token)

    unread_notice = "//ul[@class='msg-list']/li[contains(@class,'unread')]//a[contains(., '主题党日')]"

    def arrived():
        # The notice's own message, not merely any new one (other events may reach the inbox too).
        driver.get(platform.url + "/me/messages")
        return badge(driver) > before and driver.find_elements(By.XPATH, unread_notice)
    wait_until(arrived, "the notice's message in the inbox", timeout=30)
    unread = badge(driver)
    check_page(driver, "member-messages")
    driver.find_element(By.XPATH, unread_notice).click()
    assert "主题党日" in text_of(driver, "h1")
    assert badge(driver) == unread - 1
    check_page(driver, "member-message")
    driver.get(platform.url + "/me/notices")
    assert "关于开展主题党日活动的通知" in text_of(driver, ".msg-list")
    check_page(driver, "member-notices")
