import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// Dues through the gateway with real processes and real HTTP: broker, identity, notifications, dues,
/// the provider simulator and the gateway; an installation made by djctl init + import. A branch
/// administrator created by the city administrator over HTTP does the branch's month.
final class DuesGatewaySystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()
    var base = ""
    /// The month whose paying window is open now (Asia/Shanghai, default window: the 16th of M to the 15th of M+1).
    /// Dues's clock is the process's, so the test works in whichever month is payable today.
    let month = DuesGatewaySystemTests.openMonth(at: Date())

    static func openMonth(at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        var year = c.year!, month = c.month!
        if c.day! < 16 { month -= 1 }
        if month == 0 { month = 12; year -= 1 }
        return String(format: "%04d-%02d", year, month)
    }

    override func setUp() async throws {
        cluster = try Cluster()
        try await cluster.startSimulator()
        try cluster.install(demo)
        try cluster.startBroker()
        try cluster.startService("identity")
        // notifications tells members when their branch submits the month's standards.
        try cluster.startService("notifications", extraEnvironment: ["DJ_NOTIFY_SOURCES": "identity,dues"])
        try cluster.startService("dues")
        let port = Cluster.freePort()
        base = "http://127.0.0.1:\(port)"
        try cluster.startService("gateway", arguments: ["--port", String(port)])
        try await eventually("gateway ready") { (try? await self.request("GET", "/readyz"))?.status == 200 }
        try await cluster.waitUntilServing("dues")
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }


    typealias Reply = GatewayReply

    private func request(_ method: String, _ path: String, json: [String: Any]? = nil, token: String? = nil,
                         idempotencyKey: String? = nil) async throws -> Reply {
        try await gatewayRequest(base, method, path, json: json, token: token, idempotencyKey: idempotencyKey)
    }

    /// An administrator's first login: username + initial password → change → tokens.
    private func adminFirstLogin(_ username: String, mobile: String? = nil) async throws -> String {
        let first = try await request("POST", "/api/v1/auth/login", json: ["identifier": username, "password": "123456", "deviceId": "pc-\(username)"])
        XCTAssertEqual(first.status, 200, "\(first.json)")
        XCTAssertEqual(first["step"] as? String, "change_password")
        var changed = try await request("POST", "/api/v1/auth/login/change-password",
                                        json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": "Guanli2026"])
        if changed["step"] as? String == "sms_code", let mobile {   // an account created through the API has a mobile
            var code: String?
            try await eventually("the administrator's code reached the SMS simulator", timeout: .seconds(20)) {
                code = try await simulatorSMSCodes(self.cluster.simulatorURL!, to: mobile).last
                return code != nil
            }
            changed = try await request("POST", "/api/v1/auth/login/verify-code",
                                        json: ["ticket": try XCTUnwrap(changed["ticket"] as? String), "code": try XCTUnwrap(code)])
        }
        XCTAssertEqual(changed["step"] as? String, "tokens", "\(changed.json)")
        let tokens = try XCTUnwrap(changed["tokens"] as? [String: Any])
        return try XCTUnwrap(tokens["accessToken"] as? String)
    }

    private var branch: String { demo.branches[0] }
    private var standardsPath: String { "/api/v1/dues/branches/\(branch)/months/\(month)/standards" }
    /// Bases in fen and what 2008's brackets make of them: ≤3000 0.5%, ≤5000 1%, ≤10000 1.5%, above 2%.
    private let bases: [Int] = [300_000, 500_001, 1_000_000, 1_000_001]
    private let amounts: [Int] = [1_500, 7_500, 15_000, 20_000]

    /// The city administrator creates the branch's administrator over HTTP, who logs in for the first time;
    /// dues has learnt the branch's four members from identity's events; the month is opened and the
    /// standards saved (draft) and submitted. Returns (city token, branch token, member ids in bases order, names by id).
    private func branchSubmitsStandards() async throws -> (city: String, branch: String, ids: [String], names: [String: String]) {
        let city = try await adminFirstLogin("cityadmin")
        let created = try await request("POST", "/api/v1/admins", json: ["orgCode": branch, "username": "duesadmin1", "name": "石磊",
                                                                         "post": "书记", "mobile": "17700000011"], token: city)
        XCTAssertEqual(created.status, 200, "\(created.json)")
        let branchToken = try await adminFirstLogin("duesadmin1", mobile: "17700000011")

        var screen: Reply?
        try await eventually("dues learnt the branch's members from identity", timeout: .seconds(30)) {
            screen = try await self.request("GET", self.standardsPath, token: branchToken)
            return (screen?["missingMemberIds"] as? [String])?.count == 4
        }
        XCTAssertEqual(screen?.status, 200)
        XCTAssertEqual(screen?["orgName"] as? String, "第一党支部")
        XCTAssertNil(screen?["status"], "not open yet")
        let ids = try XCTUnwrap(screen?["missingMemberIds"] as? [String])

        let opened = try await request("POST", "/api/v1/dues/months/open", json: ["orgCode": branch], token: branchToken)
        XCTAssertEqual(opened.status, 200, "\(opened.json)")
        XCTAssertEqual(opened["month"] as? String, month, "dues's open month is the one whose window holds now")
        XCTAssertEqual(opened["branchesOpened"] as? Int, 1)

        let items = zip(ids, bases).map { ["memberId": $0, "kind": "employed", "baseFen": $1] as [String: Any] }
        // Only a branch sets standards: the city administrator above it cannot.
        let refused = try await request("POST", standardsPath, json: ["items": items], token: city)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.code, "dues.forbidden")

        let draft = try await request("POST", standardsPath, json: ["items": items], token: branchToken)
        XCTAssertEqual(draft.status, 200, "\(draft.json)")
        XCTAssertEqual(draft["status"] as? String, "draft")
        XCTAssertEqual(draft["totalFen"] as? Int, amounts.reduce(0, +))
        var names: [String: String] = [:]
        for item in draft.items {
            let id = try XCTUnwrap(item["memberId"] as? String)
            names[id] = item["memberName"] as? String
            XCTAssertEqual(item["amountFen"] as? Int, amounts[try XCTUnwrap(ids.firstIndex(of: id))], "fen, integer")
        }
        XCTAssertEqual(names.count, 4)

        let submitted = try await request("POST", standardsPath + "/submit", token: branchToken)
        XCTAssertEqual(submitted.status, 200, "\(submitted.json)")
        XCTAssertEqual(submitted["status"] as? String, "submitted")
        XCTAssertNotNil(submitted["submittedAt"] as? String)
        let again = try await request("POST", standardsPath + "/submit", token: branchToken)
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.code, "dues.already_submitted")
        return (city, branchToken, ids, names)
    }

    func testBranchAdministratorSubmitsStandardsRecordsCashAndExports() async throws {
        let (city, branchToken, ids, names) = try await branchSubmitsStandards()
        let total = amounts.reduce(0, +)

        let unpaidBefore = try await request("GET", "/api/v1/dues/unpaid?orgCode=\(demo.rootCode)&month=\(month)", token: city)
        XCTAssertEqual(unpaidBefore.status, 200)
        XCTAssertEqual(unpaidBefore["total"] as? Int, 4)
        let rateBefore = try await request("GET", "/api/v1/dues/collection-rate?orgCode=\(demo.rootCode)&month=\(month)", token: city)
        let before = try XCTUnwrap(rateBefore["total"] as? [String: Any])
        XCTAssertEqual(before["dueMembers"] as? Int, 4)
        XCTAssertEqual(before["paidMembers"] as? Int, 0)
        XCTAssertEqual(before["dueFen"] as? Int, total)
        XCTAssertEqual(before["rateBasisPoints"] as? Int, 0)

        // Cash for the second member (¥75.00), recorded by the branch administrator.
        let payer = ids[1]
        let cash = try await request("POST", "/api/v1/dues/cash-records",
                                     json: ["memberId": payer, "months": [month], "amountFen": 7_500, "note": "交支部书记"], token: branchToken)
        XCTAssertEqual(cash.status, 200, "\(cash.json)")
        XCTAssertEqual(cash["way"] as? String, "cash")
        XCTAssertEqual(cash["status"] as? String, "confirmed")
        XCTAssertEqual(cash["totalFen"] as? Int, 7_500)
        // The same month again is a conflict with what is recorded; the next month is paying ahead (a rule).
        let twice = try await request("POST", "/api/v1/dues/cash-records",
                                      json: ["memberId": payer, "months": [month], "amountFen": 7_500], token: branchToken)
        XCTAssertEqual(twice.status, 409)
        XCTAssertEqual(twice.code, "dues.already_paid")
        let nextMonth = Self.openMonth(at: Date().addingTimeInterval(40 * 86_400))
        let ahead = try await request("POST", "/api/v1/dues/cash-records",
                                      json: ["memberId": ids[0], "months": [nextMonth], "amountFen": 1_500], token: branchToken)
        XCTAssertEqual(ahead.status, 422)
        XCTAssertEqual(ahead.code, "dues.window_not_open")

        let unpaidAfter = try await request("GET", "/api/v1/dues/unpaid?orgCode=\(demo.rootCode)&month=\(month)", token: city)
        XCTAssertEqual(unpaidAfter["total"] as? Int, 3)
        XCTAssertEqual(Set(unpaidAfter.items.compactMap { $0["memberId"] as? String }), Set(ids).subtracting([payer]))
        let rateAfter = try await request("GET", "/api/v1/dues/collection-rate?orgCode=\(demo.rootCode)&month=\(month)", token: city)
        let after = try XCTUnwrap(rateAfter["total"] as? [String: Any])
        XCTAssertEqual(after["dueMembers"] as? Int, 4)
        XCTAssertEqual(after["paidMembers"] as? Int, 1)
        XCTAssertEqual(after["paidFen"] as? Int, 7_500)
        XCTAssertEqual(after["dueFen"] as? Int, total)
        XCTAssertEqual(after["rateBasisPoints"] as? Int, 2_500)

        let paidRecords = try await request("GET", "/api/v1/dues/records?orgCode=\(branch)&month=\(month)&paid=true", token: branchToken)
        XCTAssertEqual(paidRecords["total"] as? Int, 1)
        XCTAssertEqual(paidRecords.items.first?["memberId"] as? String, payer)
        XCTAssertEqual(paidRecords.items.first?["way"] as? String, "cash")

        // The branch's month for public posting, as CSV: the file itself, an attachment named in Chinese.
        let csv = try await request("GET", "/api/v1/dues/exports/branch-month?orgCode=\(branch)&month=\(month)&format=csv", token: branchToken)
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.headers["content-type"], "text/csv; charset=utf-8")
        let disposition = try XCTUnwrap(csv.headers["content-disposition"])
        XCTAssertTrue(disposition.hasPrefix("attachment;"), disposition)
        let encodedName = try XCTUnwrap(disposition.components(separatedBy: "filename*=UTF-8''").last)
        XCTAssertEqual(encodedName.removingPercentEncoding, "党费交纳情况_第一党支部_\(month).csv")
        var text = String(decoding: csv.data, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\u{FEFF}"), "a byte-order mark for spreadsheet programs")
        text.removeFirst()
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        XCTAssertEqual(rows.first, ["党组织", "第一党支部"])
        XCTAssertEqual(rows.count, 3 + 4)
        let dataRows = rows.dropFirst(3)
        for (id, amount) in zip(ids, amounts) {
            let row = try XCTUnwrap(dataRows.first { $0[1] == names[id] }, "a row for \(names[id] ?? id)")
            XCTAssertEqual(row[2], month)
            XCTAssertEqual(row[3], String(format: "%d.%02d", amount / 100, amount % 100))
            XCTAssertEqual(row[4], id == payer ? "已交" : "未交")
            XCTAssertEqual(row[6], id == payer ? "线下现金交纳" : "")
        }

        // The same as XLSX: a zip whose sheet holds a row per member with names and amounts.
        let xlsx = try await request("GET", "/api/v1/dues/exports/branch-month?orgCode=\(branch)&month=\(month)&format=xlsx", token: branchToken)
        XCTAssertEqual(xlsx.status, 200)
        XCTAssertEqual(xlsx.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        XCTAssertEqual(try XCTUnwrap(xlsx.headers["content-disposition"]).components(separatedBy: "filename*=UTF-8''").last?.removingPercentEncoding,
                       "党费交纳情况_第一党支部_\(month).xlsx")
        XCTAssertEqual(Array(xlsx.data.prefix(2)), Array("PK".utf8))
        let file = cluster.directory.appendingPathComponent("export.xlsx")
        try xlsx.data.write(to: file)
        let sheet = try unzip(file, "xl/worksheets/sheet1.xml")
        let strings = try unzip(file, "xl/sharedStrings.xml")
        XCTAssertEqual(sheet.components(separatedBy: "<row ").count - 1, 3 + 4, "title rows, the header, four members")
        for (id, amount) in zip(ids, amounts) {
            XCTAssertTrue(strings.contains("<t>\(names[id]!)</t>"), names[id]!)
            XCTAssertTrue(strings.contains("<t>\(String(format: "%d.%02d", amount / 100, amount % 100))</t>"))
        }
        XCTAssertTrue(strings.contains("<t>线下现金交纳</t>"))

        // Errors stay JSON: an unknown branch is 404 with dues's code.
        let missing = try await request("GET", "/api/v1/dues/exports/branch-month?orgCode=999&month=\(month)&format=csv", token: city)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.code, "dues.org_not_found")
        XCTAssertEqual(missing.headers["content-type"], "application/json; charset=utf-8")
    }

    /// EXPECTED TO FAIL until notifications consumes `dues.standards.submitted` (being built in parallel):
    /// after 提交并通知交纳 every member of the branch gets a message, seen at the provider simulator.
    /// No member logs in here, so no other SMS reaches these phones.
    /// A client that retries a cash record with its Idempotency-Key records it once and gets the first
    /// reply; the same key for another body is refused (422) and records nothing.
    func testARetriedCommandWithItsIdempotencyKeyIsAppliedOnce() async throws {
        let (city, branchToken, ids, _) = try await branchSubmitsStandards()
        let body: [String: Any] = ["memberId": ids[0], "months": [month], "amountFen": 1_500]
        let first = try await request("POST", "/api/v1/dues/cash-records", json: body, token: branchToken, idempotencyKey: "cash-7f3a")
        XCTAssertEqual(first.status, 200, "\(first.json)")
        let retry = try await request("POST", "/api/v1/dues/cash-records", json: body, token: branchToken, idempotencyKey: "cash-7f3a")
        XCTAssertEqual(retry.status, 200, "the retry gets the first reply, not dues.already_paid: \(retry.json)")
        XCTAssertEqual(retry["paymentId"] as? String, first["paymentId"] as? String)
        let other = try await request("POST", "/api/v1/dues/cash-records",
                                      json: ["memberId": ids[1], "months": [month], "amountFen": 7_500],
                                      token: branchToken, idempotencyKey: "cash-7f3a")
        XCTAssertEqual(other.status, 422)
        XCTAssertEqual(other.code, "request.idempotency_mismatch")
        let records = try await request("GET", "/api/v1/dues/records?orgCode=\(branch)&month=\(month)&paid=true", token: city)
        XCTAssertEqual(records.status, 200, "\(records.json)")
        XCTAssertEqual(records["total"] as? Int, 1, "one payment: the retry and the refused body recorded nothing")
    }

    func testSubmittingStandardsNotifiesMembers() async throws {
        _ = try await branchSubmitsStandards()
        let members = demo.people.filter { $0.branch == branch }
        XCTAssertEqual(members.count, 4)
        for person in members {
            try await eventually("a dues notice reached \(person.name)", timeout: .seconds(30)) {
                try await self.messages(to: person.phone) > 0
            }
        }
    }

    /// Issue 10: a member names a proxy (dues.proxy.changed, pending) and notifications asks the proxy to
    /// confirm, by SMS (the proxy has no WeChat) — dues → notifications → the provider, real processes.
    func testANamedProxyIsAskedToConfirm() async throws {
        let (_, _, ids, names) = try await branchSubmitsStandards()
        let members = demo.people.filter { $0.branch == branch }
        let grantor = try XCTUnwrap(members.first { $0.name == names[ids[0]] })
        let proxy = try XCTUnwrap(members.first { $0.name == names[ids[1]] })
        let token = try await memberFirstLogin(grantor)
        let granted = try await request("POST", "/api/v1/dues/proxies", json: ["proxyMemberId": ids[1]], token: token)
        XCTAssertEqual(granted.status, 200, "\(granted.json)")
        XCTAssertEqual(granted.items.first?["status"] as? String, "pending")
        try await eventually("the proxy was asked to confirm", timeout: .seconds(30)) {
            try await self.smsRecords(to: proxy.phone).contains { $0["templateCode"] as? String == "SMS_DJ_DUES_PROXY" }
        }
        let asked = try await smsRecords(to: proxy.phone).first { $0["templateCode"] as? String == "SMS_DJ_DUES_PROXY" }
        XCTAssertEqual((asked?["templateParam"] as? [String: Any])?["name"] as? String, grantor.name)
        let grantorRecords = try await smsRecords(to: grantor.phone)
        XCTAssertFalse(grantorRecords.contains { $0["templateCode"] as? String == "SMS_DJ_DUES_PROXY" }, "the one who asked is not asked")
    }

    /// A member's first login: initial password → new password → the SMS code from the simulator → tokens.
    private func memberFirstLogin(_ person: DemoData.Person) async throws -> String {
        let first = try await request("POST", "/api/v1/auth/login", json: [
            "identifier": person.idNumber, "password": String(person.idNumber.suffix(6)), "deviceId": "phone"])
        let changed = try await request("POST", "/api/v1/auth/login/change-password",
                                        json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": "Dangjian2026"])
        XCTAssertEqual(changed["step"] as? String, "sms_code", "\(changed.json)")
        var code: String?
        try await eventually("the login code reached the simulator", timeout: .seconds(20)) {
            code = try await self.smsRecords(to: person.phone).compactMap { ($0["templateParam"] as? [String: Any])?["code"] as? String }.last
            return code != nil
        }
        let done = try await request("POST", "/api/v1/auth/login/verify-code",
                                     json: ["ticket": try XCTUnwrap(changed["ticket"] as? String), "code": try XCTUnwrap(code)])
        return try XCTUnwrap((done["tokens"] as? [String: Any])?["accessToken"] as? String, "\(done.json)")
    }

    private func smsRecords(to phone: String) async throws -> [[String: Any]] {
        let url = URL(string: "\(cluster.simulatorURL!)/_sim/sms/messages?phone=\(phone)")!
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return object?["messages"] as? [[String: Any]] ?? []
    }

    private func messages(to phone: String) async throws -> Int {
        let url = URL(string: "\(cluster.simulatorURL!)/_sim/sms/messages?phone=\(phone)")!
        let (data, _) = try await URLSession.shared.data(from: url)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (object?["messages"] as? [Any])?.count ?? 0
    }

    private func unzip(_ file: URL, _ member: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = ["-p", file.path, member]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "unzip \(member)")
        return String(decoding: data, as: UTF8.self)
    }
}
