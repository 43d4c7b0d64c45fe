import Foundation
import Identity
import XCTest

/// The directory over HTTP with real processes: organizations and members created, renamed, moved,
/// dissolved and assigned through the gateway, the 党统 import as a job, and dues following a move.
final class DirectoryGatewaySystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()
    var base = ""

    override func setUp() async throws {
        cluster = try Cluster()
        try await cluster.startSimulator()
        try cluster.install(demo)
        try cluster.startBroker()
        try cluster.startService("identity")
        try cluster.startService("notifications", extraEnvironment: ["DJ_NOTIFY_SOURCES": "identity,dues"])
        try cluster.startService("dues")
        let port = Cluster.freePort()
        base = "http://127.0.0.1:\(port)"
        try cluster.startService("gateway", arguments: ["--port", String(port)])
        try await eventually("gateway ready") { (try? await self.request("GET", "/readyz"))?.status == 200 }
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0 { print(cluster.logs()) }
        await cluster.shutdown()
    }

    typealias Reply = GatewayReply

    func request(_ method: String, _ path: String, json: [String: Any]? = nil, token: String? = nil) async throws -> Reply {
        try await gatewayRequest(base, method, path, json: json, token: token)
    }

    /// Username + initial password → new password → (an SMS code to `phone` when one is asked) → tokens.
    func firstLogin(_ identifier: String, initial: String, phone: String?, device: String) async throws -> String {
        try await firstLoginAskingCode(identifier, initial: initial, phone: phone, device: device).token
    }

    func firstLoginAskingCode(_ identifier: String, initial: String, phone: String?, device: String) async throws -> (token: String, askedCode: Bool) {
        let first = try await request("POST", "/api/v1/auth/login", json: ["identifier": identifier, "password": initial, "deviceId": device])
        XCTAssertEqual(first["step"] as? String, "change_password", "\(first.json)")
        var reply = try await request("POST", "/api/v1/auth/login/change-password",
                                      json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": "Guanli2026x"])
        let askedCode = reply["step"] as? String == "sms_code"
        if askedCode {
            let phone = try XCTUnwrap(phone, "an SMS step for an account without a phone")
            var codes: [String] = []
            try await eventually("the login code reached the SMS simulator", timeout: .seconds(20)) {
                codes = try await simulatorSMSCodes(self.cluster.simulatorURL!, to: phone)
                return !codes.isEmpty
            }
            reply = try await request("POST", "/api/v1/auth/login/verify-code",
                                      json: ["ticket": try XCTUnwrap(reply["ticket"] as? String), "code": try XCTUnwrap(codes.last)])
        }
        XCTAssertEqual(reply["step"] as? String, "tokens", "\(reply.json)")
        return (try XCTUnwrap((reply["tokens"] as? [String: Any])?["accessToken"] as? String), askedCode)
    }

    static let gbk = String.Encoding(rawValue: 0x8000_0632)
    static let memberHeader = "姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务"

    /// Starts an import of `members` (GBK bytes) and polls its job until it ends, checking that the
    /// progress seen never goes backwards. Returns the finished job.
    func importMembers(_ csv: String, token: String) async throws -> [String: Any] {
        let bytes = try XCTUnwrap(csv.data(using: Self.gbk))
        let started = try await request("POST", "/api/v1/imports", json: ["membersCsvBase64": bytes.base64EncodedString()], token: token)
        XCTAssertEqual(started.status, 200, "\(started.json)")
        XCTAssertEqual(started["membersEncoding"] as? String, "GBK")
        let jobId = try XCTUnwrap(started["jobId"] as? String)
        var job: [String: Any] = [:]
        var lastDone = 0
        try await eventually("the import job ended", timeout: .seconds(30)) {
            job = try await self.request("GET", "/api/v1/imports/\(jobId)", token: token).json
            let done = job["rowsDone"] as? Int ?? -1
            XCTAssertGreaterThanOrEqual(done, lastDone, "progress never goes backwards")
            lastDone = done
            return ["succeeded", "failed"].contains(job["status"] as? String ?? "")
        }
        return job
    }

    func testOrganizationsMembersAndTheImportOverHTTP() async throws {
        let city = try await firstLogin("cityadmin", initial: "123456", phone: nil, device: "pc-city")
        // A new general branch and a branch under it.
        let general = try await request("POST", "/api/v1/orgs", json: [
            "code": "001002", "name": "第二党总支", "type": "general_branch", "parentCode": "001"], token: city)
        XCTAssertEqual(general.status, 200, "\(general.json)")
        let branch = try await request("POST", "/api/v1/orgs", json: [
            "code": "001002001", "name": "机关党支部", "type": "branch", "parentCode": "001002"], token: city)
        XCTAssertEqual(branch["path"] as? String, "/001/001002/001002001/")
        let taken = try await request("POST", "/api/v1/orgs", json: [
            "code": "001002001", "name": "重复", "type": "branch", "parentCode": "001002"], token: city)
        XCTAssertEqual(taken.code, "identity.org_code_taken")
        XCTAssertEqual(taken.field, "body.code")
        let renamed = try await request("PATCH", "/api/v1/orgs/001002001", json: ["name": "机关第一党支部"], token: city)
        XCTAssertEqual(renamed["name"] as? String, "机关第一党支部", "\(renamed.json)")
        let missing = try await request("PATCH", "/api/v1/orgs/009", json: ["name": "x"], token: city)
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.field, "path.code")

        // A member entered by hand, then a death recorded, with its history.
        let person = IDNumber.complete("33010219850301123")
        let created = try await request("POST", "/api/v1/members", json: [
            "idNumber": person, "name": "钱学林", "memberType": "full", "orgCode": "001002001", "phone": "13700001111"], token: city)
        XCTAssertEqual(created.status, 200, "\(created.json)")
        let memberId = try XCTUnwrap(created["id"] as? String)
        let deceased = try await request("POST", "/api/v1/members/\(memberId)/status", json: ["status": "deceased", "reason": "病故"], token: city)
        XCTAssertEqual(deceased["status"] as? String, "deceased", "\(deceased.json)")
        let history = try await request("GET", "/api/v1/members/\(memberId)/history", token: city)
        XCTAssertEqual(history.items.map { $0["toStatus"] as? String }, ["deceased"])
        XCTAssertEqual(history.items.first?["reason"] as? String, "病故")

        // An empty branch moves and is dissolved; a general branch with a branch is not.
        let notEmpty = try await request("DELETE", "/api/v1/orgs/001002", token: city)
        XCTAssertEqual(notEmpty.code, "identity.org_not_empty", "\(notEmpty.json)")
        let moved = try await request("POST", "/api/v1/orgs/001002001/move", json: ["newParentCode": "001001"], token: city)
        XCTAssertEqual(moved["path"] as? String, "/001/001001/001002001/", "\(moved.json)")
        let dissolved = try await request("DELETE", "/api/v1/orgs/001002", token: city)
        XCTAssertEqual(dissolved.status, 200, "\(dissolved.json)")
        XCTAssertNotNil(dissolved["dissolvedAt"])

        // A GBK import into the first branch, watched to the end.
        let csv = ([Self.memberHeader] + [
            "孙晓燕,\(IDNumber.complete("33010219900101223")),汉族,13700002222,正式党员,2015-07-01,001001001,市直机关,",
            "周国栋,\(IDNumber.complete("33010219910202224")),汉族,13700003333,预备党员,2025-06-30,001001001,市直机关,",
        ]).joined(separator: "\r\n") + "\r\n"
        let job = try await importMembers(csv, token: city)
        XCTAssertEqual(job["status"] as? String, "succeeded", "\(job)")
        XCTAssertEqual(job["membersCreated"] as? Int, 2)
        XCTAssertEqual(job["rowsDone"] as? Int, 2)
        XCTAssertEqual(job["rowsTotal"] as? Int, 2)
        let found = try await request("POST", "/api/v1/members/search", json: ["name": "孙燕"], token: city)
        XCTAssertEqual(found.items.map { $0["name"] as? String }, ["孙晓燕"], "fuzzy name search over HTTP")

        // A bad file: nothing imported, the report names line and column.
        let bad = ([Self.memberHeader] + ["吴敏,123,汉族,,正式党员,2015-07-01,001001001,市直机关,"]).joined(separator: "\r\n")
        let failed = try await importMembers(bad, token: city)
        XCTAssertEqual(failed["status"] as? String, "failed")
        XCTAssertEqual(failed["errorCount"] as? Int, 1)
        let report = try await request("GET", "/api/v1/imports/\(try XCTUnwrap(failed["jobId"] as? String))/errors", token: city)
        XCTAssertEqual(report.status, 200)
        XCTAssertTrue(report.headers["content-type"]?.hasPrefix("text/csv") ?? false, "\(report.headers)")
        let text = String(decoding: report.data, as: UTF8.self)
        XCTAssertTrue(text.contains("党员,2,身份证号码,"), text)
        let notBase64 = try await request("POST", "/api/v1/imports", json: ["membersCsvBase64": "////"], token: city)
        XCTAssertEqual(notBase64.code, "identity.import_file_invalid")
        XCTAssertEqual(notBase64.field, "body.membersCsvBase64")
    }

    /// Issue 10's journey: a committee administrator creates a branch and its administrator; that
    /// administrator's first login from a new device asks for an SMS code; it imports a GBK CSV of its
    /// members, watching progress, and sets their dues; the committee assigns (划拨) one of them to
    /// another branch, and dues follows the move.
    func testACommitteeSetsUpABranchWhoseAdministratorImportsAndAMemberIsAssignedDuesFollowing() async throws {
        let city = try await firstLogin("cityadmin", initial: "123456", phone: nil, device: "pc-city")
        let branch = "001001003", other = demo.branches[0]
        let created = try await request("POST", "/api/v1/orgs", json: [
            "code": branch, "name": "第三党支部", "type": "branch", "parentCode": "001001", "unit": "市直机关"], token: city)
        XCTAssertEqual(created.status, 200, "\(created.json)")
        let mobile = "13600001234"
        let admin = try await request("POST", "/api/v1/admins", json: [
            "orgCode": branch, "username": "zhixiao3", "name": "赵敏", "post": "组织委员", "mobile": mobile], token: city)
        XCTAssertEqual(admin.status, 200, "\(admin.json)")

        let login = try await firstLoginAskingCode("zhixiao3", initial: "123456", phone: mobile, device: "new-pc")
        XCTAssertTrue(login.askedCode, "a first login from a new device asks for an SMS code sent to the administrator's mobile")
        let branchToken = login.token

        let people = [("孙晓燕", "33010219900101223"), ("周国栋", "33010219910202224"), ("吴海峰", "33010219920303225")]
        let csv = ([Self.memberHeader] + people.enumerated().map { i, p in
            "\(p.0),\(IDNumber.complete(p.1)),汉族,1370000\(4000 + i),正式党员,2015-07-01,\(branch),市直机关,"
        }).joined(separator: "\r\n") + "\r\n"
        let job = try await importMembers(csv, token: branchToken)
        XCTAssertEqual(job["status"] as? String, "succeeded", "\(job)")
        XCTAssertEqual(job["membersCreated"] as? Int, 3)

        // The branch sets and submits the month's dues for its new members.
        let month = DuesGatewaySystemTests.openMonth(at: Date())
        let standards = "/api/v1/dues/branches/\(branch)/months/\(month)/standards"
        var ids: [String] = []
        try await eventually("dues learnt the imported members", timeout: .seconds(30)) {
            let screen = try await self.request("GET", standards, token: branchToken)
            ids = screen["missingMemberIds"] as? [String] ?? []
            return ids.count == 3
        }
        let screen = try await request("GET", standards, token: branchToken)
        if screen["status"] == nil {
            let opened = try await request("POST", "/api/v1/dues/months/open", json: ["orgCode": branch], token: branchToken)
            XCTAssertEqual(opened.status, 200, "\(opened.json)")
        }
        let saved = try await request("POST", standards, json: [
            "items": ids.map { ["memberId": $0, "kind": "employed", "baseFen": 300_000] as [String: Any] }], token: branchToken)
        XCTAssertEqual(saved.status, 200, "\(saved.json)")
        let submitted = try await request("POST", standards + "/submit", token: branchToken)
        XCTAssertEqual(submitted["status"] as? String, "submitted", "\(submitted.json)")

        // 划拨 is the committee's: the branch's administrator is refused, the city's assigns.
        let found = try await request("POST", "/api/v1/members/search", json: ["name": "周国栋"], token: city)
        let moving = try XCTUnwrap(found.items.first?["id"] as? String, "\(found.json)")
        let refused = try await request("POST", "/api/v1/members/\(moving)/reassign", json: ["toOrgCode": other], token: branchToken)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(refused.code, "identity.reassign_not_allowed")
        let moved = try await request("POST", "/api/v1/members/\(moving)/reassign", json: ["toOrgCode": other, "reason": "工作调动"], token: city)
        XCTAssertEqual(moved["orgCode"] as? String, other, "\(moved.json)")
        let history = try await request("GET", "/api/v1/members/\(moving)/history", token: city)
        XCTAssertEqual(history.items.last?["kind"] as? String, "reassign")

        // Dues follows: the month's standard moves with the member, amount kept.
        try await eventually("the standard followed the member", timeout: .seconds(30)) {
            let there = try await self.request("GET", "/api/v1/dues/branches/\(other)/months/\(month)/standards", token: city)
            return there.items.contains { $0["memberId"] as? String == moving && $0["amountFen"] as? Int == 1_500 }
        }
        let left = try await request("GET", standards, token: branchToken)
        XCTAssertEqual(Set(left.items.compactMap { $0["memberId"] as? String }), Set(ids).subtracting([moving]))
        // The moved member is out of the branch administrator's reach now.
        let gone = try await request("GET", "/api/v1/members/\(moving)", token: branchToken)
        XCTAssertEqual(gone.status, 403)
    }
}
