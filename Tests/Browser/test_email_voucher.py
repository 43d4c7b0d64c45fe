"""发送到邮箱: a member pays an order, then emails its 电子凭证 and the year's 缴费证明 to an address; the
provider simulator's SMTP sink (the installation's relay here) received them over real SMTP. The test
decodes the MIME with Python's `email` package, checks the RFC 2047 Subject and the PDF (pdftotext:
the member's name and the amount). Also: an address the form accepts but we do not, one the relay
refuses (550), and one it asks to try later (451: queued by notifications, the member told). Uses branch 001002003's member 3 (test_member_pay.py sets the branch up)."""
import email
import email.policy
import os
import subprocess
import tempfile
import urllib.parse

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By

from conftest import wait_until
from pages import check_page, log_in, text_of, wait_path
from test_member_pay import BRANCH, branch_ready, pay_through_the_order_page

ADDRESS = "dues.member3@example.com"


def messages_to(platform, address):
    return platform.sim_get("/_sim/smtp/messages?to=" + urllib.parse.quote(address))["messages"]


def received(platform, address, count):
    """The sink's messages to the address, parsed, once there are `count`."""
    found = wait_until(lambda: (lambda m: m if len(m) >= count else None)(messages_to(platform, address)),
                       f"{count} message(s) to {address} at the SMTP sink", timeout=30)
    import base64
    return [email.message_from_bytes(base64.b64decode(m["rawBase64"]), policy=email.policy.default) for m in found]


def pdf_text(message):
    """The message's one PDF attachment as pdftotext reads it, and its file name."""
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert len(parts) == 1, [p.get_content_type() for p in message.iter_attachments()]
    data = parts[0].get_payload(decode=True)
    assert data.startswith(b"%PDF-")
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "file.pdf")
        with open(path, "wb") as f:
            f.write(data)
        text = subprocess.run(["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True).stdout
    return text, parts[0].get_filename()


def shown(driver, selector):
    """The element's text once the page the form led to is there ("" while it is still loading)."""
    try:
        return text_of(driver, selector)
    except (StaleElementReferenceException, NoSuchElementException):
        return ""


def send_form(driver, form, address):
    field = driver.find_element(By.CSS_SELECTOR, f"form.{form} input[name='email']")
    field.clear()
    field.send_keys(address)
    driver.find_element(By.CSS_SELECTOR, f"form.{form} button[type='submit']").click()


def test_a_member_emails_the_voucher_and_the_certificate(platform, driver):
    state = branch_ready(platform)
    payer = platform.members_of(BRANCH)[3]
    log_in(driver, platform, payer["idNumber"], payer["phone"])
    driver.get(platform.url + "/me/dues/pay")
    assert text_of(driver, ".pay-total") == "¥150.00"
    order_id = pay_through_the_order_page(driver, platform, payer)

    # An address the browser's own check lets through (no dot in the domain) but ours does not.
    send_form(driver, "voucher-email", "dues.member3@example")
    wait_until(lambda: "邮箱地址格式不正确" in shown(driver, "#voucher-email-error"), "the address refused")
    assert driver.find_element(By.ID, "voucher-email").get_attribute("aria-invalid") == "true"
    check_page(driver, "member-email-invalid", console=False)  # the 400 itself is logged
    # The relay refuses the mailbox (550): said plainly, nothing received.
    send_form(driver, "voucher-email", "reject.member3@example.com")
    wait_until(lambda: "拒收" in shown(driver, "#voucher-email-error"), "the relay's 550 said plainly")
    assert messages_to(platform, "reject.member3@example.com") == []
    driver.get_log("browser")  # the refusals' 4xx pages are logged; what follows must log nothing

    # The relay answers 451 (try later): notifications keeps the message and says it will send it.
    send_form(driver, "voucher-email", "busy.member3@example.com")
    wait_until(lambda: "将自动重发至 busy.member3@example.com" in shown(driver, ".notice"), "the queued notice")

    send_form(driver, "voucher-email", ADDRESS)
    wait_until(lambda: f"已发送至 {ADDRESS}" in shown(driver, ".notice"), "the 已发送至 notice")
    check_page(driver, "member-email-sent")
    [message] = received(platform, ADDRESS, 1)
    assert message["subject"] == f"党费电子缴费凭证（订单 {order_id}）"
    assert message["to"] == ADDRESS and message["from"].addresses[0].addr_spec == "noreply@dangjian.test"
    assert message["message-id"] and message["date"].datetime is not None
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert order_id in body
    text, filename = pdf_text(message)
    assert filename == f"党费电子缴费凭证-{order_id}.pdf"
    assert payer["name"] in text and "150.00" in text and order_id in text, text

    # The year's certificate from 缴费记录.
    year = int(state["months"][-1][:4])
    driver.get(platform.url + "/me/payments")
    year_field = driver.find_element(By.ID, "cert-email-year")
    year_field.clear()
    year_field.send_keys(str(year))
    send_form(driver, "certificate-email", ADDRESS)
    wait_path(driver, "/me/payments")
    wait_until(lambda: f"已发送至 {ADDRESS}" in shown(driver, ".notice"), "the 已发送至 notice")
    messages = received(platform, ADDRESS, 2)
    certificate = messages[1]
    assert certificate["subject"] == f"{year}年度党费缴纳证明"
    text, filename = pdf_text(certificate)
    assert filename == f"党费缴纳证明-{year}.pdf"
    this_year = [m for m in state["months"] if m.startswith(str(year))]
    assert payer["name"] in text and f"{50 * len(this_year)}.00" in text, text
