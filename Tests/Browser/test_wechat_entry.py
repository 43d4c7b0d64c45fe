"""微信绑定 and the 公众号 menu entry in a real browser, the simulator playing WeChat: an unbound
member sees the login page and binds after it; then the entry logs them in at once. Uses branch
001001003's demo members."""
import json
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from pages import check_page, fill, finish_login, log_in, text_of, wait_path

BRANCH = "001001003"


def sim_post(platform, path, body):
    request = urllib.request.Request(platform.sim + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def wechat_code(platform, user):
    """What WeChat's OAuth redirect would bring: the simulator stands in for the member's phone."""
    with urllib.request.urlopen(f"{platform.sim}/_sim/wechat/authorize?user={user}", timeout=5) as response:
        return json.loads(response.read())["code"]


def menu_link(platform, state):
    """The 公众号 menu's link: WeChat's 网页授权 (snsapi_base) leading back to the portal's entry."""
    query = urllib.parse.urlencode({"appid": "wxsim", "redirect_uri": platform.url + "/wechat/entry", "response_type": "code",
                                    "scope": "snsapi_base", "state": state})
    # WeChat's in-app browser wants `#wechat_redirect` at the end; a desktop browser would carry that
    # fragment through every redirect, so the test opens the link without it.
    return f"{platform.sim}/connect/oauth2/authorize?{query}"


def test_unbound_member_logs_in_binds_then_the_menu_logs_them_in_at_once(platform, driver):
    member = platform.members_of(BRANCH)[2]
    sim_post(platform, "/_sim/wechat/browser", {"user": "wx-entry-" + member["idNumber"]})
    driver.get(menu_link(platform, "notices"))
    wait_path(driver, "/wechat/entry")
    assert "尚未绑定" in text_of(driver, ".notice")
    check_page(driver, "wechat-entry-unbound")
    fill(driver, {"identifier": member["idNumber"], "password": platform.password(member["idNumber"])})
    new_password = "Portal2026" + member["idNumber"][-4:]
    if finish_login(driver, platform, member["phone"], new_password):
        platform.passwords[member["idNumber"]] = new_password
    wait_path(driver, "/me")
    driver.find_element(By.CSS_SELECTOR, ".wx-offer a").click()
    wait_path(driver, "/me/wechat")
    assert "尚未绑定微信" in text_of(driver, ".wx-state")
    check_page(driver, "member-wechat-offer")
    fill(driver, {"password": platform.password(member["idNumber"])}, form="form.wx-bind")
    wait_path(driver, "/me/wechat?done=bound")
    assert "已绑定微信" in text_of(driver, ".wx-state")
    check_page(driver, "member-wechat-bound")
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    wait_path(driver, "/login")
    # Bound, on a device identity already knows: in at once, on the page the menu item names.
    driver.get(menu_link(platform, "notices"))
    wait_path(driver, "/me/notices")
    assert driver.find_elements(By.CSS_SELECTOR, "form[action='/logout']")


def test_wechat_binding_with_the_password_then_unbinding(platform, driver):
    member = platform.members_of(BRANCH)[1]
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/wechat")
    assert "尚未绑定微信" in text_of(driver, ".wx-state")
    assert not driver.find_elements(By.CSS_SELECTOR, "form.wx-bind")
    check_page(driver, "member-wechat")
    driver.get(platform.url + "/me/wechat?code=" + wechat_code(platform, "wx-" + member["idNumber"]) + "&state=bind")
    fill(driver, {"password": "not-my-password-1"}, form="form.wx-bind")
    assert text_of(driver, "#f-password-error")  # identity's refusal, beside the password; the code is kept
    check_page(driver, "member-wechat-bind", console=False)  # the refusal's 401 status is logged by the browser
    fill(driver, {"password": platform.password(member["idNumber"])}, form="form.wx-bind")
    wait_path(driver, "/me/wechat?done=bound")
    assert "已绑定微信" in text_of(driver, ".wx-state")
    driver.find_element(By.CSS_SELECTOR, "form.wx-unbind button").click()
    wait_path(driver, "/me/wechat?done=unbound")
    assert "尚未绑定微信" in text_of(driver, ".wx-state")
