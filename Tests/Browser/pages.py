"""What every page must satisfy, checked at a phone's and a desktop's width, with screenshots."""
import json
import os
import urllib.request

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support import ui

from conftest import SCREENSHOTS


class WebDriverWait(ui.WebDriverWait):
    """Selenium's wait, looking every 0.1 s rather than every 0.5 s (its default): a page that is
    already there is seen sooner. The deadline is the caller's, as before."""

    def __init__(self, driver, timeout, poll_frequency=0.1, ignored_exceptions=None):
        super().__init__(driver, timeout, poll_frequency=poll_frequency, ignored_exceptions=ignored_exceptions)


STEPS = ("login/password", "login/sms")
HOMES = ("me", "admin")

WIDTHS = ((375, 812, True), (1280, 900, False))

# Inputs a person sees with no <label> naming them (nor aria-label / aria-labelledby).
UNLABELLED = """
return Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(e => e.type !== 'hidden')
  .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
  .map(e => e.name || e.id || e.outerHTML);
"""


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def check_page(driver, name, console=True):
    """No console error, every input labelled, nothing wider than the screen at 375 and 1280 px."""
    if console:
        errors = console_errors(driver)
        assert errors == [], (name, errors)
    else:
        driver.get_log("browser")
    assert driver.execute_script(UNLABELLED) == [], name
    os.makedirs(SCREENSHOTS, exist_ok=True)
    for width, height, mobile in WIDTHS:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.innerWidth") == width)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
        driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}-{width}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


# What a wait on a page that reloads itself ignores: a node read during the reload is gone, which
# Chromium reports either as a stale reference or as an "unknown error" about the detached node.
RELOADING = (StaleElementReferenceException, WebDriverException)


def replaced(element):
    """A wait condition: the element has left the document (the next page replaced it). Chromium sometimes
    reports a detached node as an "unknown error" rather than a stale reference; both mean gone."""

    def gone(_driver):
        try:
            element.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error) or "No node with given id" in str(error):
                return True
            raise

    return gone


def wait_path(driver, path, timeout=30):
    """Waits until the browser is on `path` (query ignored unless given)."""
    def there(d):
        current = d.current_url.split("://", 1)[1]
        current = current[current.index("/"):]
        return current == path or ("?" not in path and current.split("?")[0] == path)
    WebDriverWait(driver, timeout).until(there, f"waiting for {path}, at {driver.current_url}")


def fill(driver, values, form="main form"):
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"{form} [name='{name}']")
        field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, f"{form} button[type='submit']").click()


def text_of(driver, selector):
    """The text of `selector` once it is visible. It is read inside the wait: a node found just before the
    next page replaced it is looked for again rather than failing the test (RELOADING)."""
    def read(d):
        element = expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector))(d)
        return [element.text] if element else False  # a list: an empty text is an answer too
    return WebDriverWait(driver, 20, ignored_exceptions=RELOADING).until(read)[0]


def wait_text(driver, selector, text, timeout=20):
    """Waits until `selector`'s text is `text`: for a page that replaces one with the same element."""
    WebDriverWait(driver, timeout, ignored_exceptions=RELOADING).until(
        lambda d: d.find_element(By.CSS_SELECTOR, selector).text == text, f"waiting for {selector} to read {text}")


def masked(phone):
    return phone[:3] + "****" + phone[-4:]


def current_path(driver):
    return driver.current_url.split("?")[0].split("/", 3)[-1]


def finish_login(driver, platform, phone, new_password, shots=None):
    """After the password was posted: whatever steps identity asks (the forced change, the SMS code),
    until the browser is on a home page. Returns whether the forced change happened."""
    changed = False
    for _ in range(4):
        # The post that led here may still be under way: wait for the page it leads to.
        path = WebDriverWait(driver, 30).until(lambda d: (lambda p: p if p in STEPS + HOMES else None)(current_path(d)),
                                               f"a login step or a home page, at {driver.current_url}")
        if path in HOMES:
            return changed
        if path == "login/password":
            if shots:
                check_page(driver, f"{shots}-change-password")
            fill(driver, {"newPassword": new_password, "confirmPassword": new_password})
            changed = True
        else:
            assert masked(phone) in text_of(driver, ".phone")
            if shots:
                check_page(driver, f"{shots}-sms-code")
            fill(driver, {"code": platform.next_sms_code(phone)})
        WebDriverWait(driver, 30).until(lambda d: current_path(d) != path, f"leaving {path}")
    raise AssertionError(f"the login did not end, at {driver.current_url}")


# The session each identifier's last login through the form ended with: (the password it was made
# with, the home page it landed on, its cookies). See log_in.
SESSIONS = {}


def resume(driver, platform, identifier):
    """Puts back the cookies of `identifier`'s last login through the form, if it was made with the
    password they have now, and opens their home page: True if the portal still takes that session
    (not ended by a logout, a reset or identity), so the browser is on the home page, signed in."""
    kept = SESSIONS.get(identifier)
    if kept is None or kept[0] != platform.password(identifier):
        return False
    _, home, cookies = kept
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    for cookie in cookies:
        driver.execute_cdp_cmd("Network.setCookie", {
            "url": platform.url, "name": cookie["name"], "value": cookie["value"], "path": cookie.get("path", "/"),
            "httpOnly": cookie.get("httpOnly", False), "secure": cookie.get("secure", False),
            **({"sameSite": cookie["sameSite"]} if cookie.get("sameSite") in ("Strict", "Lax", "None") else {}),
            **({"expires": cookie["expiry"]} if "expiry" in cookie else {})})
    driver.get(platform.url + "/")
    if current_path(driver) == home:
        # Kept as the portal left them (it may have refreshed the tokens on the way).
        SESSIONS[identifier] = (kept[0], home, driver.get_cookies())
        return True
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    return False


def log_in(driver, platform, identifier, phone="", shots=None, fresh=False):
    """Logs `identifier` in (an ID number, phone or administrator's username) with the password the
    suite last gave it (the demo's initial one at first), through whatever steps identity asks. A
    forced change sets a known new password, remembered for the next test that logs in as them.
    Once through the form, the next log_in as them reuses that session (its cookies, checked on their
    home page) while it lasts and the password is unchanged; with `shots` (the login's own pages
    photographed) or `fresh` (a session made now, e.g. after identity moved the member) it always goes
    through the form. Tests about logging in itself fill the form."""
    if shots is None and not fresh and resume(driver, platform, identifier):
        return
    driver.get(platform.url + "/login")
    fill(driver, {"identifier": identifier, "password": platform.password(identifier)})
    new_password = "Portal2026" + "".join(c for c in identifier if c.isalnum())[-4:]
    if finish_login(driver, platform, phone, new_password, shots=shots):
        platform.passwords[identifier] = new_password
    SESSIONS[identifier] = (platform.password(identifier), current_path(driver), driver.get_cookies())


def api(platform, path, body=None, token=None):
    """One JSON API call (GET without a body, POST with one); the decoded answer."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(platform.url + path, data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def api_login(platform, identifier, phone="", device="browser-tests-api"):
    """An access token through the JSON API's login: the forced change (remembered, as log_in does)
    and the SMS step as identity asks."""
    reply = api(platform, "/api/v1/auth/login", {"identifier": identifier, "password": platform.password(identifier),
                                                 "deviceId": device})
    for _ in range(4):
        if reply["step"] == "tokens":
            return reply["tokens"]["accessToken"]
        if reply["step"] == "change_password":
            new_password = "Api2026" + "".join(c for c in identifier if c.isalnum())[-4:]
            reply = api(platform, "/api/v1/auth/login/change-password", {"ticket": reply["ticket"], "newPassword": new_password})
            platform.passwords[identifier] = new_password
            if phone:
                platform.passwords[phone] = new_password
        else:
            reply = api(platform, "/api/v1/auth/login/verify-code", {"ticket": reply["ticket"], "code": platform.next_sms_code(phone)})
    raise AssertionError(f"the login did not end: {reply}")


def open_and_submit_month(platform, branch, month, token, members, base_fen):
    """The branch administrator opens `month`, enters every member's standard (employed, `base_fen`) and
    submits it (提交并通知交纳), once dues knows all `members` of the branch; the members may then pay it."""
    from conftest import wait_until
    api(platform, "/api/v1/dues/months/open", {"orgCode": branch, "month": month}, token)
    path = f"/api/v1/dues/branches/{branch}/months/{month}/standards"

    def every_member_known():
        view = api(platform, path, token=token)
        known = {item["memberId"] for item in view["items"]} | set(view["missingMemberIds"])
        return view if len(known) >= members else None
    view = wait_until(every_member_known, "dues to know the branch's members", timeout=60)
    items = [{"memberId": m, "kind": "employed", "baseFen": base_fen}
             for m in [item["memberId"] for item in view["items"]] + view["missingMemberIds"]]
    api(platform, path, {"orgCode": branch, "month": month, "items": items}, token)
    api(platform, path + "/submit", {"orgCode": branch, "month": month}, token)
