"""银行缴费协议 in a real browser: a member signs their own card (the SMS code from the simulator; the
holder's name and ID number are identity's, never typed); the branch opens and submits a month and the
member's dues are debited through UnionPay 代收 without any action; a second member's card the
simulator's bank refuses (余额不足) gets the inbox notice once and the month stays unpaid. Uses branch
001001003's members 0–3 and an administrator created for it here."""
import urllib.error

from selenium.webdriver.common.by import By

from conftest import wait_until
from pages import WebDriverWait, api, api_login, check_page, log_in, open_and_submit_month, text_of
from test_member_pay import open_month_now

BRANCH = "001001003"
ADMIN, ADMIN_PHONE = "debitadmin", "13900000413"
BASE_FEN = 500000  # 1% → ¥50.00 a month
CARDS = {1: "6216261000000001011", 2: "6216261000000001029"}


def admin_token(platform):
    city = api_login(platform, "demoadmin")
    try:
        api(platform, "/api/v1/admins", {"orgCode": BRANCH, "username": ADMIN, "name": "代扣测试", "post": "书记",
                                         "mobile": ADMIN_PHONE}, city)
    except urllib.error.HTTPError as error:
        assert error.code == 409, error.read()
    platform.passwords.setdefault(ADMIN, "123456")
    return api_login(platform, ADMIN, ADMIN_PHONE)


def member_ids(platform, token):
    people = platform.members_of(BRANCH)
    names = {p["name"]: i for i, p in enumerate(people)}
    listed = api(platform, "/api/v1/members/search", {"orgCode": BRANCH, "limit": 100}, token)["items"]
    return {names[m["name"]]: m["id"] for m in listed if m["name"] in names}


def submit_card(driver, platform, member, card):
    """On the agreements page: the card, the SMS code the bank sends to the member's phone, then 签约."""
    driver.find_element(By.ID, "ag-card").send_keys(card)
    driver.find_element(By.CSS_SELECTOR, "button.ag-send").click()
    code = platform.next_sms_code(member["phone"])
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "ag-code")).send_keys(code)
    driver.find_element(By.CSS_SELECTOR, "button.ag-submit").click()


def sign(driver, platform, member, card):
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/dues")
    driver.find_element(By.CSS_SELECTOR, "a[href='/me/payments/agreements']").click()
    assert "尚未签订" in text_of(driver, "main")
    assert member["idNumber"] not in driver.page_source, "the holder's ID number is shown masked"
    submit_card(driver, platform, member, card)
    WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice, .form-error"))
    errors = driver.find_elements(By.CSS_SELECTOR, ".form-error")
    assert not errors, errors[0].text
    assert "生效中" in text_of(driver, ".ag-status")
    assert text_of(driver, ".ag-last4") == card[-4:]
    assert card not in driver.page_source, "the card number is masked once signed"
    check_page(driver, "bank-debit-signed")


def test_a_signed_member_is_debited_and_a_refused_one_is_told(platform, driver):
    token = admin_token(platform)
    ids = member_ids(platform, token)
    people = platform.members_of(BRANCH)
    payer, poor, stranger = people[1], people[2], people[3]
    # The simulator's bank: each card's holder (ID number) and balance.
    platform.sim_get(f"/_sim/unionpay/cards?card={CARDS[1]}&certifId={payer['idNumber']}&balance=1000000")
    platform.sim_get(f"/_sim/unionpay/cards?card={CARDS[2]}&certifId={poor['idNumber']}&balance=100")

    # Someone else's card: the bank refuses it (the holder sent is the member's own).
    log_in(driver, platform, stranger["idNumber"], stranger["phone"])
    driver.get(platform.url + "/me/payments/agreements")
    submit_card(driver, platform, stranger, CARDS[1])
    assert "本人" in text_of(driver, ".form-error")
    check_page(driver, "bank-debit-refused", console=False)  # the refusal's 422 is logged as a failed load
    driver.delete_all_cookies()

    sign(driver, platform, payer, CARDS[1])
    driver.delete_all_cookies()
    sign(driver, platform, poor, CARDS[2])

    # The branch opens the month and submits its standards: payable now, debited without the members.
    month = open_month_now()
    open_and_submit_month(platform, BRANCH, month, token, len(people), BASE_FEN)

    def paid(member_id):
        history = api(platform, f"/api/v1/dues/history?memberId={member_id}&limit=50", token=token)["items"]
        return sorted(item["month"] for item in history if item["paid"])
    assert wait_until(lambda: paid(ids[1]) == [month], "the signed member's month paid by the debit", timeout=60)

    # The refused member: told once in the inbox; the month stays unpaid, nothing retried.
    driver.get(platform.url + "/me/messages")
    wait_until(lambda: driver.get(platform.url + "/me/messages") or "党费代扣未成功" in driver.page_source,
               "the debit-failed message", timeout=60)
    assert driver.page_source.count("党费代扣未成功") == 1
    check_page(driver, "bank-debit-failed-inbox")
    driver.find_element(By.XPATH, "//a[contains(., '党费代扣未成功')]").click()
    assert "余额不足" in text_of(driver, "main") and CARDS[2][-4:] in text_of(driver, "main")
    # The debit's row follows payments' own record of the refusal, which may land after the message.
    wait_until(lambda: driver.get(platform.url + "/me/payments/agreements") or "扣款失败" in text_of(driver, ".ag-debits"),
               "the refused debit shown as 扣款失败", timeout=30)
    assert paid(ids[2]) == []
    trades = platform.sim_get("/_sim/unionpay/trades")["trades"]
    debits = [t for t in trades if t.get("txnType") == "11"]
    assert sorted(t["paid"] for t in debits) == [False, True], debits
    assert sum(1 for t in debits if not t["paid"]) == 1, "the refused debit is not tried again"
