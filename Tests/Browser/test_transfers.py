"""组织关系转接 in a real browser (issue 13): a 市内转接 from branch A to branch B through every approval
ends with the member in B (identity and dues); an outbound transfer's 介绍信 prints once (the PDF read with
pdftotext), a second print refused in Chinese; an applicant from outside applies on the login page's
转入 form, the committee assigns, the branch confirms, and the new member logs in with the initial
password (identity's default policy: the ID number's last six). Uses members 15–19 of branch 001001002
and administrators created here for 001001002, 001001 (its 党总支) and 001002002."""
import glob
import os
import subprocess
import tempfile
import time
import urllib.error

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import new_browser, wait_until
from pages import WebDriverWait, api, api_login, check_page, log_in, open_and_submit_month, replaced, text_of, wait_path
from test_member_pay import open_month_now

A, GENERAL, B, COMMITTEE = "001001002", "001001", "001002002", "001"
ADMINS = {A: ("tradmina", "13900000621"), GENERAL: ("tradming", "13900000622"), B: ("tradminb", "13900000623")}
STATE = {}


def admins(platform):
    """The administrator (username, phone) of each organization a transfer passes (the committee's is
    the demo's), created once."""
    if "admins" in STATE:
        return STATE["admins"]
    city = api_login(platform, "demoadmin")
    for org, (username, phone) in ADMINS.items():
        try:
            api(platform, "/api/v1/admins", {"orgCode": org, "username": username, "name": "转接测试", "post": "书记",
                                             "mobile": phone}, city)
        except urllib.error.HTTPError as error:
            assert error.code == 409, error.read()
        platform.passwords.setdefault(username, "123456")
    STATE["admins"] = dict(ADMINS, **{COMMITTEE: ("demoadmin", "")})
    STATE["city"] = city
    return STATE["admins"]


def as_admin(driver, platform, org):
    """The browser logged in as the administrator of `org` (a fresh session)."""
    driver.delete_all_cookies()
    username, phone = admins(platform)[org]
    log_in(driver, platform, username, phone)


def pick(driver, name, query):
    """Searches the picker `name` for `query` and chooses the first suggestion (never a typed code)."""
    box = driver.find_element(By.ID, f"pk-{name}-q")
    box.clear()
    box.send_keys(query)
    driver.find_element(By.CSS_SELECTOR, f"button[name='find'][value='{name}']").click()
    WebDriverWait(driver, 20).until(replaced(box), "the page with the suggestions")

    def chosen(d):
        # The suggestion whose name holds the query (a choice made earlier stays listed beside them).
        # Found and clicked in one try: a page still settling replaces its nodes, and the next try
        # finds the new ones.
        try:
            if d.execute_script("return document.readyState") != "complete":
                return False
            label = next((l for l in d.find_elements(By.CSS_SELECTOR, f"#pk-{name} .pick-options label") if query in l.text), None)
            if label is None:
                return False
            label.click()
            return d.find_element(By.ID, label.get_attribute("for")).is_selected()
        except (StaleElementReferenceException, WebDriverException):
            return False

    WebDriverWait(driver, 20).until(chosen, f"a suggestion for {query} chosen")


CAPITALS = "零壹贰叁肆伍陆柒捌玖"


def capital_count(n):
    """1–99 as the form writes it: 玖, 壹拾, 壹拾壹, 叁拾."""
    tens, ones = divmod(n, 10)
    return (CAPITALS[tens] + "拾" if tens else "") + (CAPITALS[ones] if ones or not tens else "")


def capital_month(month):
    """"2026-11" → 贰零贰陆年壹拾壹月."""
    return "".join(CAPITALS[int(d)] for d in month[:4]) + "年" + capital_count(int(month[5:])) + "月"


def submit(driver, button):
    """Clicks a form's button and waits for the page it leads to (the old page may show a notice too).
    Given a CSS selector, finds and clicks the button in one try, again until it works: a page still
    settling (after a redirect) replaces its nodes between finding and clicking."""
    if isinstance(button, str):
        css, clicked = button, []

        def click(d):
            try:
                if d.execute_script("return document.readyState") != "complete":
                    return False
                found = d.find_element(By.CSS_SELECTOR, css)
                found.click()
                clicked.append(found)
                return True
            except (StaleElementReferenceException, WebDriverException):
                return False

        WebDriverWait(driver, 30).until(click, f"{css} clicked")
        button = clicked[-1]
    else:
        button.click()
    WebDriverWait(driver, 30).until(replaced(button), "the page the form led to")


def transfer_of(platform, token, transfer_id):
    return api(platform, f"/api/v1/transfers/{transfer_id}", token=token)


def waiting_org(view):
    steps = {s["index"]: s for s in view["steps"]}
    return steps[view["currentStep"]]["orgCode"], steps[view["currentStep"]]["action"]


def approve_all(driver, platform, transfer_id, watch_token, shots):
    """Every waiting step acted on by its organization's administrator through the transfer's page
    (found in their 待办), until the transfer leaves `pending`. Returns the organizations in order."""
    passed = []
    for _ in range(8):
        view = transfer_of(platform, watch_token, transfer_id)
        if view["status"] != "pending":
            return passed, view
        org, action = waiting_org(view)
        as_admin(driver, platform, org)
        driver.get(platform.url + "/admin/transfers/todo")
        link = driver.find_element(By.CSS_SELECTOR, f"a[href='/admin/transfers/{transfer_id}']")
        link.click()
        wait_path(driver, f"/admin/transfers/{transfer_id}")
        if not passed:
            check_page(driver, f"{shots}-admin-review")
        if action == "review":
            driver.find_element(By.CSS_SELECTOR, "form.tr-approve button[type='submit']").click()
        elif action == "assign":
            check_page(driver, f"{shots}-admin-assign")
            # The branch the member chose is already picked; 划拨 keeps it.
            assert driver.find_element(By.CSS_SELECTOR, "form.tr-assign input[type='radio']:checked")
            driver.find_element(By.CSS_SELECTOR, "form.tr-assign button[name='submit']").click()
        else:
            driver.find_element(By.CSS_SELECTOR, "form.tr-confirm button[type='submit']").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".notice, .form-error"))
        errors = driver.find_elements(By.CSS_SELECTOR, ".form-error")
        assert not errors, errors[0].text
        passed.append((org, action))
    raise AssertionError(f"transfer {transfer_id} did not leave pending: {passed}")


def member_id(platform, token, org, name):
    listed = api(platform, "/api/v1/members/search", {"orgCode": org, "limit": 100}, token)["items"]
    return next((m["id"] for m in listed if m["name"] == name), None)


def test_an_internal_transfer_moves_the_member_to_branch_b(platform, driver):
    member = platform.members_of(A)[15]
    admins(platform)
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/transfers")
    check_page(driver, "transfers-mine-before")
    a_name = text_of(driver, ".tr-current-branch")
    assert a_name.endswith("第二党支部") and "第一党总支" in a_name, a_name
    driver.find_element(By.CSS_SELECTOR, "a[href='/me/transfers/new']").click()
    wait_path(driver, "/me/transfers/new")
    driver.find_element(By.ID, "tr-kind-within_city").click()
    # Nothing typed is accepted: submitting without choosing is refused beside the picker.
    driver.find_element(By.ID, "tr-reason").send_keys("工作调动到机关第二党总支")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    assert "请从下拉列表中选择" in text_of(driver, "#pk-toOrgCode .field-error")
    check_page(driver, "transfers-apply-refused", console=False)  # the refusal is a 4xx page
    pick(driver, "toOrgCode", "第二党总支第二党支部")
    check_page(driver, "transfers-apply")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    wait_path(driver, "/me/transfers")
    assert "转接申请已提交" in text_of(driver, ".notice")
    transfer_id = text_of(driver, ".tr-card .tr-id")
    assert "待办理" in text_of(driver, ".tr-steps")
    check_page(driver, "transfers-mine-pending")
    token = api_login(platform, member["idNumber"], member["phone"], device="transfers-api")
    passed, view = approve_all(driver, platform, transfer_id, token, "transfers-internal")
    assert [org for org, _ in passed] == [A, GENERAL, COMMITTEE, B], passed
    assert passed[-1][1] == "confirm"
    # Completion follows identity's event: the member's page shows B once identity moved them (a new
    # session, not the one from before the move).
    driver.delete_all_cookies()
    log_in(driver, platform, member["idNumber"], member["phone"], fresh=True)

    def moved():
        driver.get(platform.url + "/me/transfers")
        return "第二党总支第二党支部" in text_of(driver, ".tr-current-branch") and "已完成" in text_of(driver, ".tr-card .tr-status")
    wait_until(moved, "the member's page to show branch B", timeout=60)
    check_page(driver, "transfers-mine-completed")
    steps = text_of(driver, ".tr-steps")
    assert steps.count("已通过") == 4 and "机关第二党总支第二党支部管理员" in steps, steps
    # Dues follows: B's administrator now reads the member's months, A's no longer may.
    member_id_ = view["memberId"]
    b_token = api_login(platform, ADMINS[B][0], ADMINS[B][1], device="transfers-api-b")
    a_token = api_login(platform, ADMINS[A][0], ADMINS[A][1], device="transfers-api-a")

    def dues_under_b():
        try:
            api(platform, f"/api/v1/dues/months?memberId={member_id_}", token=b_token)
        except urllib.error.HTTPError:
            return False
        try:
            api(platform, f"/api/v1/dues/months?memberId={member_id_}", token=a_token)
        except urllib.error.HTTPError as error:
            return error.code in (403, 404)
        return False
    wait_until(dues_under_b, "dues to hold the member under branch B", timeout=60)
    # B's administrator finds it among the branch's records (转入).
    as_admin(driver, platform, B)
    driver.get(platform.url + "/admin/transfers?direction=in")
    assert member["name"] in text_of(driver, ".tr-table")
    check_page(driver, "transfers-records")


def test_an_outbound_letter_prints_once(platform, driver):
    member = platform.members_of(A)[16]
    admins(platform)
    a_token = api_login(platform, ADMINS[A][0], ADMINS[A][1], device="transfers-api-a")
    # A paid month, so that the letter has a 党费交到.
    month = open_month_now()
    member_id_ = member_id(platform, a_token, A, member["name"])
    if "paid" not in STATE:
        try:
            open_and_submit_month(platform, A, month, a_token, 18, 500000)
        except urllib.error.HTTPError as error:
            assert error.code == 409, error.read()
        STATE["paid"] = True
    line = wait_until(lambda: next((l for l in api(platform, f"/api/v1/dues/months?memberId={member_id_}", token=a_token)["lines"]
                                    if l["month"] == month and l["amountFen"] > 0), None), "the member's month", timeout=60)
    api(platform, "/api/v1/dues/cash-records", {"memberId": member_id_, "months": [month], "amountFen": line["amountFen"]}, a_token)
    # The member applies to go out of the city.
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/transfers/new")
    driver.find_element(By.ID, "tr-kind-outbound").click()
    driver.find_element(By.ID, "tr-toOrgTitle").send_keys("中共杭州市委组织部")
    driver.find_element(By.ID, "tr-toOrgName").send_keys("杭州市某局机关党支部")
    driver.find_element(By.ID, "tr-toUnit").send_keys("杭州市某局")
    driver.find_element(By.ID, "tr-reason").send_keys("工作调动到杭州")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    wait_path(driver, "/me/transfers")
    transfer_id = text_of(driver, ".tr-card .tr-id")
    passed, view = approve_all(driver, platform, transfer_id, STATE["city"], "transfers-outbound")
    assert [org for org, _ in passed] == [A, GENERAL, COMMITTEE], passed
    # The letter is made once the approval is applied (identity marks the member transferred out).
    view = wait_until(lambda: (lambda v: v if v.get("letter") else None)(transfer_of(platform, STATE["city"], transfer_id)),
                      "the introduction letter", timeout=60)
    assert view["letter"]["state"] == "issued", view
    # The committee that issued it prints it: a PDF download.
    as_admin(driver, platform, COMMITTEE)
    downloads = tempfile.mkdtemp(prefix="dj-letter-")
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.get(platform.url + f"/admin/transfers/{transfer_id}")
    check_page(driver, "transfers-outbound-letter")
    driver.find_element(By.CSS_SELECTOR, "form.tr-print button[type='submit']").click()
    pdf = wait_until(lambda: [f for f in glob.glob(os.path.join(downloads, "*.pdf"))], "the letter's PDF download", timeout=30)[0]
    wait_until(lambda: not glob.glob(os.path.join(downloads, "*.crdownload")) and os.path.getsize(pdf) > 0, "the download to finish")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    compact = text.replace(" ", "")
    assert member["name"] in compact, text
    # Year, month and days in capital numerals, as on the printed form.
    assert "党费已交到" + capital_month(month) in compact, text
    assert "有效期" + capital_count(view["letter"]["validDays"]) + "天" in compact, text
    # Printed: the button is greyed with the seed's hint; a second print (posted anyway) is refused in Chinese.
    driver.get(platform.url + f"/admin/transfers/{transfer_id}")
    button = driver.find_element(By.CSS_SELECTOR, "form.tr-print button[type='submit']")
    assert not button.is_enabled()
    assert "作废后重新开具" in text_of(driver, ".tr-print-hint")
    check_page(driver, "transfers-outbound-printed")
    driver.execute_script("document.querySelector('form.tr-print').submit()")
    assert "介绍信只能打印一次" in text_of(driver, "form.tr-print .form-error")
    check_page(driver, "transfers-outbound-second-print", console=False)
    assert len(glob.glob(os.path.join(downloads, "*.pdf"))) == 1
    # The committee voids it and issues a new one (a new number): it prints again.
    first_number = view["letter"]["number"]
    driver.find_element(By.ID, "vd-reason").send_keys("打印时卡纸，作废重开")
    driver.find_element(By.CSS_SELECTOR, "form.tr-void button[type='submit']").click()
    assert "重新开具" in text_of(driver, ".notice")
    assert driver.find_element(By.CSS_SELECTOR, "form.tr-print button[type='submit']").is_enabled()
    assert f"已作废介绍信 {first_number}" in text_of(driver, ".tr-admin-acts")
    assert first_number not in text_of(driver, ".tr-letter")
    # The 回执: a text file is refused in Chinese, a PNG photo is kept and can be viewed.
    wrong = os.path.join(downloads, "receipt.txt")
    with open(wrong, "w") as f:
        f.write("not a picture")
    driver.find_element(By.ID, "rc-file").send_keys(wrong)
    driver.find_element(By.CSS_SELECTOR, "form.tr-upload button[type='submit']").click()
    assert "回执只能上传 JPG、PNG 图片或 PDF 文件" in text_of(driver, ".page-error")
    check_page(driver, "transfers-receipt-refused", console=False)
    photo = os.path.join(downloads, "receipt.png")
    driver.save_screenshot(photo)
    driver.find_element(By.ID, "rc-file").send_keys(photo)
    driver.find_element(By.CSS_SELECTOR, "form.tr-upload button[type='submit']").click()
    assert "回执已上传" in text_of(driver, ".notice")
    assert "已上传回执" in text_of(driver, ".tr-receipt")
    check_page(driver, "transfers-receipt-uploaded")
    driver.find_element(By.CSS_SELECTOR, f"a[href='/admin/transfers/{transfer_id}/receipt']").click()
    wait_path(driver, f"/admin/transfers/{transfer_id}/receipt")
    assert driver.execute_script("return document.contentType") == "image/png"


def test_an_inbound_applicant_becomes_a_member_who_logs_in(platform, driver):
    admins(platform)
    id_number = "330106199203150019"
    phone = "13700000777"
    driver.get(platform.url + "/login")
    assert "组织关系转入" in text_of(driver, ".login-side")
    check_page(driver, "transfers-login")
    driver.find_element(By.CSS_SELECTOR, ".login-side a[href='/transfer-in']").click()
    wait_path(driver, "/transfer-in")
    for name, value in {"name": "赵转入", "ethnicity": "汉族", "idNumber": id_number, "phone": phone, "fromOrgName": "中共杭州市某局机关党支部",
                        "letterNumber": "杭组转2026001", "unit": "示范市直机关"}.items():
        driver.find_element(By.ID, f"in-{name}").send_keys(value)
    driver.execute_script("document.getElementById('in-joinDate').value = '2015-07-01'")
    driver.find_element(By.ID, "in-reason").send_keys("工作调动到示范市")
    pick(driver, "toCommitteeCode", "示范市委")
    pick(driver, "toOrgCode", "第二党总支第二党支部")
    check_page(driver, "transfers-inbound-form")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    transfer_id = text_of(driver, ".tr-key-id")
    code = text_of(driver, ".tr-key-code")
    assert transfer_id and code
    check_page(driver, "transfers-inbound-applied")
    # Looked up with the number and the code: the progress, waiting for the committee.
    driver.get(platform.url + "/transfer-in/lookup")
    driver.find_element(By.ID, "lk-id").send_keys(transfer_id)
    driver.find_element(By.ID, "lk-code").send_keys(code)
    driver.find_element(By.CSS_SELECTOR, "form.tr-lookup button").click()
    assert "待办理" in text_of(driver, ".tr-steps")
    assert id_number not in driver.page_source, "the ID number is masked"
    check_page(driver, "transfers-inbound-progress")
    city = STATE["city"]
    passed, view = approve_all(driver, platform, transfer_id, city, "transfers-inbound")
    assert [action for _, action in passed] == ["assign", "confirm"], passed
    # identity creates the member: they log in with the initial password (the ID number's last six).
    platform.passwords[id_number] = id_number[-6:]
    wait_until(lambda: member_id(platform, city, B, "赵转入"), "identity to create the member in branch B", timeout=60)
    driver.delete_all_cookies()
    log_in(driver, platform, id_number, phone)
    driver.get(platform.url + "/me/transfers")
    assert "第二党总支第二党支部" in text_of(driver, ".tr-current-branch")
    check_page(driver, "transfers-inbound-member")


def test_a_returned_application_is_corrected_resubmitted_and_withdrawn(platform, driver):
    member = platform.members_of(A)[17]
    admins(platform)
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/transfers/new")
    driver.find_element(By.ID, "tr-kind-within_unit").click()
    driver.find_element(By.ID, "tr-reason").send_keys("调整到本单位第三党支部")
    pick(driver, "toOrgCode", "第一党总支第三党支部")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    wait_path(driver, "/me/transfers")
    transfer_id = text_of(driver, ".tr-card .tr-id")
    # Branch A sends it back with a reason; a return without one is refused beside the field.
    as_admin(driver, platform, A)
    driver.get(platform.url + f"/admin/transfers/{transfer_id}")
    driver.find_element(By.CSS_SELECTOR, "form.tr-return button[type='submit']").click()
    assert "退回修改时请填写理由" in text_of(driver, "form.tr-return .field-error")
    check_page(driver, "transfers-return-refused", console=False)
    driver.find_element(By.ID, "rt-comment").send_keys("请改为第一党支部")
    driver.find_element(By.CSS_SELECTOR, "form.tr-return button[type='submit']").click()
    assert "已退回修改" in text_of(driver, ".notice")
    # The member sees the reason on the timeline, corrects the branch and submits again.
    driver.delete_all_cookies()
    log_in(driver, platform, member["idNumber"], member["phone"])
    driver.get(platform.url + "/me/transfers")
    assert "请改为第一党支部" in text_of(driver, ".tr-steps")
    check_page(driver, "transfers-mine-returned")
    driver.find_element(By.CSS_SELECTOR, f"a[href='/me/transfers/{transfer_id}/edit']").click()
    wait_path(driver, f"/me/transfers/{transfer_id}/edit")
    assert driver.find_element(By.CSS_SELECTOR, "input[name='toOrgCode']:checked").get_attribute("value").startswith("001001003|")
    pick(driver, "toOrgCode", "第一党总支第一党支部")
    check_page(driver, "transfers-edit")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    wait_path(driver, "/me/transfers")
    assert "重新提交" in text_of(driver, ".notice")
    assert "第一党总支第一党支部" in text_of(driver, ".tr-card .tr-to")
    # Withdrawn before it completes: closed, and a new application may be made.
    submit(driver, ".tr-card button.tr-withdraw")
    assert "已撤回" in text_of(driver, ".notice")
    assert "已撤回" in text_of(driver, ".tr-card .tr-status")
    assert driver.find_elements(By.CSS_SELECTOR, "a[href='/me/transfers/new']")


def test_the_committee_sets_its_letterhead_and_a_branch_applies_for_a_member(platform, driver):
    admins(platform)
    as_admin(driver, platform, COMMITTEE)
    driver.get(platform.url + "/admin/transfers/letterhead")
    for name, value in {"address": "示范市人民路 1 号", "phone": "0571-88000000", "fax": "0571-88000001", "postcode": "310000"}.items():
        field = driver.find_element(By.ID, f"lh-{name}")
        field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "form.tr-letterhead button[type='submit']").click()
    assert "已保存" in text_of(driver, ".notice")
    assert driver.find_element(By.ID, "lh-postcode").get_attribute("value") == "310000"
    check_page(driver, "transfers-letterhead")
    # Branch A's administrator applies on behalf of one of its members, then withdraws it.
    member = platform.members_of(A)[18]
    a_token = api_login(platform, ADMINS[A][0], ADMINS[A][1], device="transfers-api-a")
    member_id_ = member_id(platform, a_token, A, member["name"])
    as_admin(driver, platform, A)
    driver.get(platform.url + "/admin/transfers/new")
    driver.find_element(By.ID, "tr-memberId").send_keys(member_id_)
    driver.find_element(By.ID, "tr-kind-within_unit").click()
    driver.find_element(By.ID, "tr-reason").send_keys("支部调整，代为申请")
    pick(driver, "toOrgCode", "第一党总支第三党支部")
    check_page(driver, "transfers-admin-apply")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    assert "代党员提交" in text_of(driver, ".notice")
    assert member["name"] in text_of(driver, ".tr-member")
    # It is the branch's own first step: 审核通过 is offered, and 撤回 since the branch opened it.
    assert driver.find_elements(By.CSS_SELECTOR, "form.tr-approve")
    # Sent back, the administrator who opened it corrects it and submits again.
    driver.find_element(By.ID, "rt-comment").send_keys("请改为第一党支部")
    submit(driver, "form.tr-return button[type='submit']")
    assert "已退回修改" in text_of(driver, ".notice")
    driver.find_element(By.CSS_SELECTOR, "a[href$='/edit']").click()
    pick(driver, "toOrgCode", "第一党总支第一党支部")
    check_page(driver, "transfers-admin-edit")
    submit(driver, "button.tr-submit")
    assert "重新提交" in text_of(driver, ".notice")
    assert "第一党总支第一党支部" in text_of(driver, ".tr-to")
    submit(driver, f"form[action$='/withdraw'] button")
    assert "已撤回" in text_of(driver, ".notice")
    assert "已撤回" in text_of(driver, ".tr-status")


def test_an_inbound_applicant_corrects_a_returned_application_and_withdraws_it(platform, driver):
    admins(platform)
    id_number = "330106199305200021"
    driver.get(platform.url + "/transfer-in")
    for name, value in {"name": "钱退回", "ethnicity": "汉族", "idNumber": id_number, "phone": "13700000778",
                        "fromOrgName": "中共杭州市某区机关党支部"}.items():
        driver.find_element(By.ID, f"in-{name}").send_keys(value)
    driver.execute_script("document.getElementById('in-joinDate').value = '2016-07-01'")
    # The sex must agree with the ID number (its 17th digit is even: 女); a mismatch is named beside 性别.
    driver.find_element(By.ID, "in-reason").send_keys("随配偶迁入示范市")
    pick(driver, "toCommitteeCode", "示范市委")
    pick(driver, "toOrgCode", "第二党总支第三党支部")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    assert "申请人信息填写有误" in text_of(driver, "#in-sex ~ .field-error")
    check_page(driver, "transfers-inbound-refused", console=False)
    Select(driver.find_element(By.ID, "in-sex")).select_by_value("female")
    corrected = driver.find_element(By.CSS_SELECTOR, "button.tr-submit")
    corrected.click()
    # The refused page above has errors of its own: wait for the next page before reading it.
    WebDriverWait(driver, 20).until(replaced(corrected), "the page after submitting")
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tr-key-id, .form-error, .field-error"))
    refused = driver.find_elements(By.CSS_SELECTOR, ".form-error, .field-error")
    assert not refused, refused[0].text
    transfer_id, code = text_of(driver, ".tr-key-id"), text_of(driver, ".tr-key-code")
    # The committee sends it back.
    as_admin(driver, platform, COMMITTEE)
    driver.get(platform.url + f"/admin/transfers/{transfer_id}")
    assert id_number not in driver.page_source, "the applicant's ID number is masked for the committee"
    driver.find_element(By.ID, "rt-comment").send_keys("请补充介绍信编号")
    driver.find_element(By.CSS_SELECTOR, "form.tr-return button[type='submit']").click()
    assert "已退回修改" in text_of(driver, ".notice")
    # The applicant looks it up, sees why, corrects it (修改申请) and submits again.
    driver.delete_all_cookies()
    driver.get(platform.url + "/transfer-in/lookup")
    driver.find_element(By.ID, "lk-id").send_keys(transfer_id)
    driver.find_element(By.ID, "lk-code").send_keys(code)
    driver.find_element(By.CSS_SELECTOR, "form.tr-lookup button").click()
    assert "请补充介绍信编号" in text_of(driver, ".tr-steps")
    check_page(driver, "transfers-inbound-returned")
    driver.find_element(By.XPATH, "//button[text()='修改申请']").click()
    number = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "in-letterNumber"))
    assert driver.find_element(By.ID, "in-idNumber").get_attribute("value") == id_number
    number.send_keys("杭区组转2026009")
    check_page(driver, "transfers-inbound-edit")
    driver.find_element(By.CSS_SELECTOR, "button.tr-submit").click()
    assert "重新提交" in text_of(driver, ".notice")
    assert "待办理" in text_of(driver, ".tr-steps")
    submit(driver, "button.tr-withdraw")
    assert "已撤回" in text_of(driver, ".notice")
    assert "已撤回" in text_of(driver, ".tr-status")
