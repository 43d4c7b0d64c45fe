"""组织生活 in a real browser (issue 14). A village branch of 20 members made here (001002007, under the
demo's 机关第二党总支): its administrator publishes a 支部党员大会 to the 20 on the form, each is told at the
SMS simulator; 12 register and 2 ask for leave; 11 check in (one by the QR code's page, seven by the code's
token, three by hand); an online assembly's topic is voted and its result shown, with no voter in it;
the meeting is recorded afterwards with a photo; the year's ledger PDF lists it (pdftotext) and the
compliance page counts both. Then 三务公开 and 党员关爱 through both sides."""
import base64
import datetime
import glob
import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import struct
import zlib

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import wait_until
from pages import api, api_login, check_page, current_path, fill, log_in, text_of
from test_transfers import submit

BRANCH, GENERAL = "001002007", "001002"
ADMIN, ADMIN_PHONE = "mtadmin", "13900000631"
GENERAL_ADMIN, GENERAL_PHONE = "mtadming", "13900000632"
BEIJING = datetime.timezone(datetime.timedelta(hours=8))
STATE = {}


def id_number(serial):
    """A valid GB 11643 number (its check character computed), unique per serial."""
    first = f"33010219{80 + serial % 20:02d}0{1 + serial % 9}1{serial % 10}{700 + serial:03d}"[:17]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, weights)) % 11]


def village(platform):
    """The branch, its 20 members (17 full, 3 probationary) and two administrators, made once through
    the API as the city's administrator; every member logged in once (their API tokens kept)."""
    if STATE:
        return STATE
    city = api_login(platform, "demoadmin")
    api(platform, "/api/v1/orgs", {"code": BRANCH, "name": "示范村党支部", "type": "branch", "parentCode": GENERAL,
                                   "unit": "示范村", "isVillage": True}, city)
    for org, username, phone in ((BRANCH, ADMIN, ADMIN_PHONE), (GENERAL, GENERAL_ADMIN, GENERAL_PHONE)):
        api(platform, "/api/v1/admins", {"orgCode": org, "username": username, "name": "组织生活测试", "post": "书记", "mobile": phone}, city)
        platform.passwords[username] = "123456"
    members = []
    for i in range(20):
        person = {"name": "村民党员" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + str(i // 10 + 1), "idNumber": id_number(i),
                  "phone": f"137000007{i:02d}", "type": "probationary" if i >= 17 else "full"}
        created = api(platform, "/api/v1/members", {"idNumber": person["idNumber"], "name": person["name"], "phone": person["phone"],
                                                    "memberType": person["type"], "joinDate": "2010-07-01", "orgCode": BRANCH}, city)
        person["id"] = created["id"]
        # identity's default initial password: the ID number's last six.
        platform.passwords[person["idNumber"]] = person["idNumber"][-6:]
        members.append(person)
    for person in members:
        person["token"] = api_login(platform, person["idNumber"], person["phone"], device="meetings-api-" + person["phone"])
    # meetings knows the last of them, in a village branch: 我的三务公开 answers (it refuses anyone else).
    last = members[-1]["token"]
    wait_until(lambda: ok(lambda: api(platform, "/api/v1/affairs", token=last)), "meetings to know the branch's members", timeout=60)
    STATE.update(members=members, city=city)
    return STATE


def ok(call):
    try:
        call()
        return True
    except urllib.error.HTTPError:
        return False


def as_admin(driver, platform, username, phone):
    driver.delete_all_cookies()
    log_in(driver, platform, username, phone)


def as_member(driver, platform, person):
    driver.delete_all_cookies()
    log_in(driver, platform, person["idNumber"], person["phone"])


def local(moment):
    """A datetime-local input's value, Beijing time."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")


def publish_on_form(driver, platform, values):
    driver.get(platform.url + "/admin/meetings/new")
    for name, value in values.items():
        field = driver.find_element(By.ID, "mp-" + name)
        if field.tag_name == "select" or field.get_attribute("type") == "datetime-local":
            # A datetime-local input types by locale: its value is set as the form sends it.
            driver.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
    submit(driver, "button.mt-submit")
    assert "会议已发布" in text_of(driver, ".notice")
    return current_path(driver).split("/")[-1]


def sms(platform, code):
    with urllib.request.urlopen(f"{platform.sim}/_sim/sms/messages", timeout=5) as response:
        messages = json.loads(response.read()).get("messages", [])
    counts = {}
    for m in messages:
        if m.get("templateCode") == code:
            counts[m["phone"]] = counts.get(m["phone"], 0) + 1
    return counts


def meeting(platform, token, meeting_id):
    return api(platform, f"/api/v1/meetings/{meeting_id}", token=token)


def test_an_assembly_of_twenty_is_published_replied_checked_in_voted_recorded_and_counted(platform, driver):
    people = village(platform)["members"]
    admin = api_login(platform, ADMIN, ADMIN_PHONE, device="meetings-api-admin")
    year = datetime.datetime.now(BEIJING).year
    held_before = api(platform, f"/api/v1/meetings/compliance?orgCode={BRANCH}&year={year}", token=admin)["meetingsHeld"]
    before = sms(platform, "SMS_DJ_MEETING")

    # Published on the form to the branch's 20 (all ticked by default), starting in one to two minutes
    # (the first whole minute a minute from now: the form takes minutes). Replies and the reminder,
    # which close when it begins, take some seconds; the record below waits for it to begin.
    as_admin(driver, platform, ADMIN, ADMIN_PHONE)
    starts = (datetime.datetime.now(BEIJING) + datetime.timedelta(minutes=1)).replace(second=0, microsecond=0) \
        + datetime.timedelta(minutes=1)
    driver.get(platform.url + "/admin/meetings/new")
    check_page(driver, "meetings-publish")
    assert len(driver.find_elements(By.CSS_SELECTOR, "input[name='inviteeIds']:checked")) == 20
    meeting_id = publish_on_form(driver, platform, {
        "kind": "assembly", "name": "第四季度支部党员大会", "startsAt": local(starts), "endsAt": local(starts + datetime.timedelta(hours=2)),
        "mode": "offline", "place": "村党员活动室", "topic": "讨论发展党员和村级重大事项"})
    assert text_of(driver, ".mt-invited") == "20"
    assert text_of(driver, ".mt-unconfirmed") == "20"
    check_page(driver, "meetings-admin-detail")

    # Each of the 20 is told by SMS (no one is bound to WeChat), and no one else.
    def told():
        now = sms(platform, "SMS_DJ_MEETING")
        return now if all(now.get(p["phone"], 0) - before.get(p["phone"], 0) == 1 for p in people) else None
    now = wait_until(told, "an SMS invitation to each of the 20", timeout=60)
    assert sum(now.values()) - sum(before.values()) == 20

    # 12 register and 2 ask for leave: the first of each on the member's pages, the rest by the API.
    as_member(driver, platform, people[0])
    driver.get(platform.url + "/me/meetings")
    check_page(driver, "meetings-mine")
    driver.find_element(By.PARTIAL_LINK_TEXT, "第四季度支部党员大会").click()
    submit(driver, "form.mt-register button")
    assert "已报名" in text_of(driver, ".notice")
    assert text_of(driver, ".mt-my-state") == "已报名"
    check_page(driver, "meetings-member-detail")
    as_member(driver, platform, people[12])
    driver.get(f"{platform.url}/me/meetings/{meeting_id}")
    submit(driver, "form.mt-leave button")
    assert "请假请填写原因" in text_of(driver, ".form-error")
    driver.get_log("browser")  # the refused post's 422, expected
    driver.find_element(By.ID, "mt-reason").send_keys("外出务工")
    submit(driver, "form.mt-leave button")
    assert text_of(driver, ".mt-my-state") == "已请假"
    for p in people[1:12]:
        api(platform, f"/api/v1/meetings/{meeting_id}/reply", {"answer": "register"}, p["token"])
    api(platform, f"/api/v1/meetings/{meeting_id}/reply", {"answer": "leave", "reason": "生病住院"}, people[13]["token"])

    # The administrator sees the six who have not answered, and reminds them.
    as_admin(driver, platform, ADMIN, ADMIN_PHONE)
    driver.get(f"{platform.url}/admin/meetings/{meeting_id}")
    assert text_of(driver, ".mt-registered") == "12"
    assert text_of(driver, ".mt-on-leave") == "2"
    names = text_of(driver, ".mt-unconfirmed-names").split()
    assert sorted(names) == sorted(p["name"] for p in people[14:])
    reminded = sms(platform, "SMS_DJ_MEETING_REMIND")
    submit(driver, "form.mt-remind button")
    assert "已提醒 6 名" in text_of(driver, ".notice")
    wait_until(lambda: all(sms(platform, "SMS_DJ_MEETING_REMIND").get(p["phone"], 0) > reminded.get(p["phone"], 0) for p in people[14:]),
               "a reminder to each of the six", timeout=60)

    # The code (its publisher's page only) decodes to the check-in page's URL, with a token in it.
    driver.find_element(By.CSS_SELECTOR, "a.mt-code-link").click()
    src = driver.find_element(By.CSS_SELECTOR, "img.mt-qr").get_attribute("src")
    check_page(driver, "meetings-code")
    work = tempfile.mkdtemp(prefix="dj-meetings-")
    png = os.path.join(work, "code.png")
    with open(png, "wb") as f:
        f.write(base64.b64decode(src.split(",", 1)[1]))
    url = subprocess.run(["zbarimg", "--quiet", "--raw", png], check=True, capture_output=True, text=True).stdout.strip()
    assert url.startswith(f"{platform.url}/meetings/{meeting_id}/checkin?t="), url
    token = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)["t"][0]

    # A member scans it without a session: the login, then back to the check-in page, and 确认签到.
    as_member(driver, platform, people[0])
    driver.delete_cookie("dj_session")
    driver.get(url)
    wait_until(lambda: current_path(driver) == "login", "the login page")
    fill(driver, {"identifier": people[0]["idNumber"], "password": platform.password(people[0]["idNumber"])})
    wait_until(lambda: current_path(driver).startswith("meetings/"), "back on the check-in page")
    check_page(driver, "meetings-checkin")
    submit(driver, "form.mt-checkin button")
    assert "签到成功" in text_of(driver, ".notice")
    assert text_of(driver, ".mt-my-state") == "已签到"
    # A forged token is refused with a clear message, and changes nothing.
    as_member(driver, platform, people[1])
    driver.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB"))
    submit(driver, "form.mt-checkin button")
    assert "二维码" in text_of(driver, ".form-error")
    driver.get_log("browser")  # the refused post's 403, expected
    # Seven more by the code's token, three by hand: eleven.
    for p in people[1:8]:
        api(platform, f"/api/v1/meetings/{meeting_id}/checkin", {"token": token}, p["token"])
    as_admin(driver, platform, ADMIN, ADMIN_PHONE)
    driver.get(f"{platform.url}/admin/meetings/{meeting_id}")
    for p in people[8:11]:
        driver.find_element(By.ID, "mc-" + p["id"]).click()
    submit(driver, "form.mt-manual button")
    assert "已手动签到" in text_of(driver, ".notice")
    assert text_of(driver, ".mt-checked-in") == "11"
    # 17 full members may vote; 11 of them present: more than half.
    assert text_of(driver, ".mt-present") == "11"
    assert "已达到法定人数" in text_of(driver, ".mt-quorum")

    # An online assembly's topic: 12 take part and vote, 11 agree.
    online_id = publish_on_form(driver, platform, {
        "kind": "assembly", "name": "线上支部党员大会", "mode": "online", "topic": "表决村级重大事项",
        "startsAt": local(datetime.datetime.now(BEIJING).replace(second=0, microsecond=0)),
        "endsAt": local(datetime.datetime.now(BEIJING) + datetime.timedelta(hours=1))})
    driver.find_element(By.ID, "tp-title").send_keys("关于村集体经济项目的决议")
    submit(driver, "form.mt-add-topic button")
    topic_id = meeting(platform, admin, online_id)["topics"][0]["topicId"]
    as_member(driver, platform, people[0])
    driver.get(f"{platform.url}/me/meetings/{online_id}")
    submit(driver, "form.mt-attend button")
    assert text_of(driver, ".mt-my-state") == "已签到"
    driver.find_element(By.ID, f"v-{topic_id}-agree").click()
    submit(driver, "form.mt-vote button")
    assert "不记名" in text_of(driver, ".notice")
    assert driver.find_elements(By.CSS_SELECTOR, ".mt-i-voted")
    assert not driver.find_elements(By.CSS_SELECTOR, "form.mt-vote")
    driver.find_element(By.ID, f"c-{topic_id}").send_keys("同意，建议尽快实施")
    submit(driver, "form.mt-comment button")
    assert people[0]["name"] in text_of(driver, ".mt-comments")
    check_page(driver, "meetings-topic-member")
    for i, p in enumerate(people[1:12]):
        api(platform, f"/api/v1/meetings/{online_id}/attend", {}, p["token"])
        api(platform, f"/api/v1/meetings/{online_id}/topics/{topic_id}/vote", {"choice": "disagree" if i == 0 else "agree"}, p["token"])
    as_admin(driver, platform, ADMIN, ADMIN_PHONE)
    driver.get(f"{platform.url}/admin/meetings/{online_id}")
    submit(driver, "form.mt-close button")
    assert text_of(driver, ".mt-outcome") == "通过"
    assert (text_of(driver, ".mt-agree"), text_of(driver, ".mt-disagree"), text_of(driver, ".mt-abstain")) == ("11", "1", "0")
    check_page(driver, "meetings-topic-admin")
    # Nobody's vote is anywhere in what the administrator gets: only counts.
    view = meeting(platform, admin, online_id)
    for attendee in view["attendees"]:
        assert not {"choice", "vote", "ballot"} & set(attendee), attendee
    assert "agree" not in json.dumps(view["attendees"])

    # 会后补录 once the assembly has begun: minutes, decisions and a photo.
    wait_until(lambda: datetime.datetime.now(BEIJING) >= starts, "the assembly to begin", timeout=240)
    driver.get(f"{platform.url}/admin/meetings/{meeting_id}")
    driver.find_element(By.ID, "rc-minutes").send_keys("会议由书记主持，讨论了发展党员工作。")
    driver.find_element(By.ID, "rc-decisions").send_keys("同意确定两名发展对象。")
    submit(driver, "form[action$='/record'] button")
    assert "会议记录已保存" in text_of(driver, ".notice")
    driver.find_element(By.ID, "rc-photo").send_keys(png)
    submit(driver, "form.mt-photo-form button")
    assert "照片已上传" in text_of(driver, ".notice")
    photo = driver.find_element(By.CSS_SELECTOR, ".mt-photos img")
    driver.execute_script("arguments[0].scrollIntoView()", photo)  # it loads lazily, once in view
    wait_until(lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", photo), "the photo to load")
    assert "发展对象" in text_of(driver, ".mt-decisions")
    check_page(driver, "meetings-recorded")

    # The year's ledger lists it (the PDF read back with pdftotext).
    downloads = tempfile.mkdtemp(prefix="dj-ledger-")
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    driver.get(platform.url + "/admin/meetings/ledger")
    check_page(driver, "meetings-ledger")
    driver.find_element(By.CSS_SELECTOR, "button[value='pdf']").click()
    pdf = wait_until(lambda: glob.glob(os.path.join(downloads, "*.pdf")), "the ledger's PDF download", timeout=30)[0]
    wait_until(lambda: not glob.glob(os.path.join(downloads, "*.crdownload")) and os.path.getsize(pdf) > 0, "the download to finish")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    assert "第四季度支部党员大会" in text and "示范村党支部" in text and "发展对象" in text, text[:2000]

    # The compliance page counts both meetings held this year (check-ins, the record).
    driver.get(platform.url + "/admin/meetings/compliance")
    assert int(text_of(driver, ".mt-held")) == held_before + 2
    check_page(driver, "meetings-compliance")
    # The member's 我的组织生活 shows what the branch held, with its record.
    as_member(driver, platform, people[15])
    driver.get(platform.url + "/me/meetings/branch")
    titles = text_of(driver, ".mt-items")
    assert "第四季度支部党员大会" in titles and "线上支部党员大会" in titles
    driver.find_element(By.PARTIAL_LINK_TEXT, "第四季度支部党员大会").click()
    assert "发展党员" in text_of(driver, ".mt-minutes")
    check_page(driver, "meetings-branch-life")


def test_affairs_and_care_through_both_sides(platform, driver):
    people = village(platform)["members"]
    # 三务公开: the village branch publishes with a photo; its member reads it; a member elsewhere cannot.
    as_admin(driver, platform, ADMIN, ADMIN_PHONE)
    driver.get(platform.url + "/admin/affairs")
    check_page(driver, "affairs-admin")
    choose(driver, "af-category", "finance")
    driver.find_element(By.ID, "af-title").send_keys("2026年第三季度村级财务收支公开")
    driver.find_element(By.ID, "af-content").send_keys("收入 12.5 万元，支出 9.8 万元，明细见附件照片。")
    work = tempfile.mkdtemp(prefix="dj-affairs-")
    png = os.path.join(work, "ledger.png")
    with open(png, "wb") as f:
        f.write(png_image())
    driver.find_element(By.ID, "af-photo1").send_keys(png)
    submit(driver, "form.mt-affairs-form button")
    assert "已发布" in text_of(driver, ".notice")
    as_member(driver, platform, people[16])
    driver.get(platform.url + "/me/affairs")
    assert "村级财务收支公开" in text_of(driver, ".mt-post")
    image = driver.find_element(By.CSS_SELECTOR, ".mt-post img")
    driver.execute_script("arguments[0].scrollIntoView()", image)
    wait_until(lambda: driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image), "the photo to load")
    check_page(driver, "affairs-mine")
    outsider = platform.members_of("001002001")[5]
    as_member(driver, platform, outsider)
    driver.get(platform.url + "/me/affairs")
    assert "村" in text_of(driver, ".mt-not-village")
    assert not driver.find_elements(By.CSS_SELECTOR, ".mt-post")

    # 党员关爱: the branch records a visit and files a hardship request; the 党总支 approves and handles it;
    # the member follows it.
    member = people[16]
    as_admin(driver, platform, ADMIN, ADMIN_PHONE)
    driver.get(platform.url + "/admin/care")
    choose(driver, "cr-member", member["id"])
    choose(driver, "cr-kind", "visit")
    driver.find_element(By.ID, "cr-content").send_keys("重阳节走访慰问")
    submit(driver, "form.mt-care-record-form button")
    assert "关爱活动已登记" in text_of(driver, ".notice")
    choose(driver, "cf-member", member["id"])
    choose(driver, "cf-kind", "hardship")
    submit(driver, "form.mt-care-file-form button")
    assert "请填写关爱内容或原因" in text_of(driver, ".form-error")
    driver.get_log("browser")  # the refused post's 422, expected
    choose(driver, "cf-member", member["id"])
    choose(driver, "cf-kind", "hardship")
    driver.find_element(By.ID, "cf-reason").send_keys("家中遭受水灾，生活困难")
    submit(driver, "form.mt-care-file-form button")
    assert "等待上级党组织审批" in text_of(driver, ".notice")
    check_page(driver, "care-admin")
    as_admin(driver, platform, GENERAL_ADMIN, GENERAL_PHONE)
    driver.get(platform.url + "/admin/care")
    assert member["name"] in text_of(driver, ".mt-care-waiting")
    submit(driver, "form.mt-care-decide button[value='1']")
    assert "已审批" in text_of(driver, ".notice")
    driver.find_elements(By.CSS_SELECTOR, "form.mt-care-handle input[name='handling']")[0].send_keys("困难补助 2000 元已发放")
    submit(driver, "form.mt-care-handle button")
    assert "办理结果已登记" in text_of(driver, ".notice")
    as_member(driver, platform, member)
    driver.get(platform.url + "/me/care")
    assert "已办理" in text_of(driver, ".mt-care-request")
    assert "2000 元" in text_of(driver, ".care-handling")
    assert "重阳节走访慰问" in text_of(driver, ".mt-care-record")
    check_page(driver, "care-mine")


def choose(driver, element_id, value):
    Select(driver.find_element(By.ID, element_id)).select_by_value(value)


def png_image(width=8, height=8):
    """A small grey PNG, made here (signature, IHDR, IDAT, IEND with their CRCs)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
