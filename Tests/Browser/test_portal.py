"""The portal in a real browser (headless Chromium): a member's first login end to end, an
administrator's, the forgotten password, a session identity revokes, a form without its CSRF token
refused; every page visited
without console errors, every input labelled, at 375 and 1280 px, with screenshots."""
import json
import urllib.error
import urllib.request

from selenium.webdriver.common.by import By

from pages import WebDriverWait, check_page, fill, finish_login, log_in, masked, text_of, wait_path, wait_text

MEMBER_PASSWORD = "Browser2026pass"


def test_a_members_first_login_ends_on_their_personal_page(platform, driver):
    member = platform.member
    driver.get(platform.url + "/")
    wait_path(driver, "/login")
    check_page(driver, "login")
    fill(driver, {"identifier": member["idNumber"], "password": member["password"]})
    wait_path(driver, "/login/password")
    finish_login(driver, platform, member["phone"], MEMBER_PASSWORD, shots="member")
    wait_path(driver, "/me")
    assert text_of(driver, ".member-name") == member["name"]
    assert masked(member["phone"]) in driver.page_source and member["phone"] not in driver.page_source
    check_page(driver, "member-home")

    driver.find_element(By.CSS_SELECTOR, "header form button").click()
    wait_path(driver, "/login?done=logout")
    assert "已退出登录" in text_of(driver, ".notice")
    driver.get(platform.url + "/me")
    wait_path(driver, "/login")


def test_an_administrator_lands_on_the_admin_home_with_its_side_menu(platform, driver):
    log_in(driver, platform, "demoadmin", shots="admin")
    wait_path(driver, "/admin")
    assert text_of(driver, ".org-name") == "中共示范市委"
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav.side-menu a")]
    assert links and all(link.startswith(platform.url) for link in links)
    check_page(driver, "admin-home")
    for link in links:  # the menu shows only pages that exist
        driver.get(link)
        assert driver.find_element(By.TAG_NAME, "h1").text != "操作未完成"
        assert driver.current_url == link


def test_a_wrong_password_is_said_on_the_form(platform, driver):
    driver.get(platform.url + "/login")
    fill(driver, {"identifier": "nobody-here", "password": "wrong-password"})
    assert text_of(driver, ".form-error") == "账号或密码错误"
    # The document itself answered 401, which the browser logs; nothing else may.
    check_page(driver, "login-error", console=False)


def test_a_forgotten_password_is_reset_with_the_sms_code(platform, driver):
    member = platform.member
    driver.get(platform.url + "/login")
    driver.find_element(By.LINK_TEXT, "忘记密码？").click()
    wait_path(driver, "/password/forgot")
    check_page(driver, "forgot")
    fill(driver, {"identifier": member["phone"]})
    wait_path(driver, "/password/reset")
    check_page(driver, "reset")
    fill(driver, {"code": platform.next_sms_code(member["phone"]), "newPassword": "Reset2026pass",
                  "confirmPassword": "Reset2026pass"})
    wait_path(driver, "/login?done=reset")
    assert "密码已重置" in text_of(driver, ".notice")
    fill(driver, {"identifier": member["phone"], "password": "Reset2026pass"})
    finish_login(driver, platform, member["phone"], "Reset2026again")
    wait_path(driver, "/me")
    assert text_of(driver, ".member-name") == member["name"]


def test_a_form_posted_without_its_csrf_token_is_refused(platform, driver):
    driver.get(platform.url + "/login")
    driver.execute_script("document.querySelector(\"main form input[name='_csrf']\").remove()")
    fill(driver, {"identifier": "demoadmin", "password": "123456"})
    # The login page has an h1 too: wait for the refusal's, not whichever is there first.
    wait_text(driver, "h1", "请求被拒绝")
    check_page(driver, "csrf-refused", console=False)
    # The same from outside a browser: 403, an HTML page in Chinese.
    request = urllib.request.Request(platform.url + "/login", data=b"identifier=demoadmin&password=123456", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Cookie": "dj_device=device-0001"})
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("a post without the token went through")
    except urllib.error.HTTPError as refused:
        assert refused.code == 403
        assert refused.headers["Content-Type"].startswith("text/html")
        assert "frame-ancestors 'none'" in refused.headers["Content-Security-Policy"]
        assert "请求被拒绝" in refused.read().decode()


def api_reset_password(platform, identifier, phone, new_password):
    """The JSON API's forgotten-password flow, as another client of the same account would use it."""
    def post(path, body):
        request = urllib.request.Request(platform.url + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    post("/api/v1/auth/password/forgot", {"identifier": identifier})
    post("/api/v1/auth/password/reset", {"identifier": identifier, "code": platform.next_sms_code(phone),
                                         "newPassword": new_password})


def test_a_session_identity_revokes_stops_at_once(platform, driver):
    member = platform.member
    api_reset_password(platform, member["idNumber"], member["phone"], "Revoke2026first")
    driver.get(platform.url + "/login")
    fill(driver, {"identifier": member["idNumber"], "password": "Revoke2026first"})
    finish_login(driver, platform, member["phone"], "Revoke2026second")
    wait_path(driver, "/me")
    # A reset elsewhere ends every session of the account inside identity: the page's cookie stops working.
    api_reset_password(platform, member["idNumber"], member["phone"], "Revoke2026third")
    driver.get(platform.url + "/me")
    wait_path(driver, "/login")
