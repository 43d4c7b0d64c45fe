"""What every page must satisfy, checked at a phone's and a desktop's width, with screenshots."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SCREENSHOTS

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
        assert console_errors(driver) == [], name
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
    return WebDriverWait(driver, 20).until(expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, selector))).text
