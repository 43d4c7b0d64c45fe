import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import XCTest

/// Notifications through the gateway with real processes and real HTTP: broker, identity,
/// notifications, the provider simulator (its delivery reports posted to the gateway's callback
/// endpoints, WeChat's signed with the shared token) and the gateway; djctl init + import.
final class NotificationsGatewaySystemTests: XCTestCase {
    var cluster: Cluster!
    let demo = DemoData()
    var base = ""
    var simURL = ""
    var gateway: ServiceProcess!
    var notifications: ServiceProcess!
    let wechatToken = "gw-token-" + UUID().uuidString.prefix(8).lowercased()

    override func setUp() async throws {
        cluster = try Cluster()
        let gatewayPort = Cluster.freePort(), simPort = Cluster.freePort()
        base = "http://127.0.0.1:\(gatewayPort)"
        simURL = "http://127.0.0.1:\(simPort)"
        let sim = ServiceProcess(name: "provider-sim", executable: "provider-sim", arguments: [
            "--port", String(simPort),
            "--callback-url", "\(base)/api/v1/callbacks/sms",
            "--wechat-callback-url", "\(base)/api/v1/callbacks/wechat",
            "--wechat-token", wechatToken, "--report-delay-ms", "50",
        ], logDirectory: cluster.directory)
        try sim.start()
        cluster.track(sim)
        try await eventually("provider-sim listening") { sim.log.contains("listening") }

        try cluster.install(demo)

        let providers = Cluster.providerEnvironment(simURL)
        try cluster.startBroker()
        try cluster.startService("identity", extraEnvironment: providers)
        notifications = try cluster.startService("notifications", extraEnvironment: providers.merging(["DJ_WECHAT_TOKEN": wechatToken]) { $1 })
        gateway = try cluster.startService("gateway", arguments: ["--port", String(gatewayPort)],
                                           extraEnvironment: ["DJ_LOG_LEVEL": "debug"])
        try await eventually("gateway ready") { (try? await self.request("GET", "/readyz"))?.status == 200 }
        try await cluster.waitUntilServing("notifications")
        try await eventually("notifications knows every member", timeout: .seconds(60)) {
            (try? self.count("SELECT count(*) FROM contact WHERE orgPath != ''")) == self.demo.people.count
        }
    }

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0, let cluster { print(cluster.logs()) }
        await cluster?.shutdown()
    }


    /// Notifications' store, read-only: the test's independent witness.
    private func count(_ sql: String, _ arguments: [String] = []) throws -> Int {
        try cluster.database("notifications").read { db in try Int.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? 0 }
    }

    private func strings(_ sql: String, _ arguments: [String] = []) throws -> [String] {
        try cluster.database("notifications").read { db in try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    }

    struct Reply {
        let status: Int
        let data: Data
        let headers: [String: String]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: data, as: UTF8.self) }
        var code: String? { json["code"] as? String }
        subscript(key: String) -> Any? { json[key] }
    }

    private func request(_ method: String, _ path: String, json: Any? = nil, raw: Data? = nil, contentType: String = "application/json",
                         token: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 20
        if let json { request.httpBody = try JSONSerialization.data(withJSONObject: json) }
        if let raw { request.httpBody = raw }
        if request.httpBody != nil { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { fields[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, data: data, headers: fields)
    }

    private func sim(_ path: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: simURL + path)!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    private func simStat(_ provider: String, _ name: String) async throws -> Int {
        ((try await sim("/_sim/stats"))[provider] as? [String: Any])?[name].flatMap { ($0 as? NSNumber)?.intValue } ?? 0
    }

    private func adminFirstLogin(_ username: String) async throws -> String {
        let first = try await request("POST", "/api/v1/auth/login", json: ["identifier": username, "password": "123456", "deviceId": "pc"])
        XCTAssertEqual(first["step"] as? String, "change_password", first.text)
        let changed = try await request("POST", "/api/v1/auth/login/change-password",
                                        json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": "Guanli2026"])
        return try XCTUnwrap((changed["tokens"] as? [String: Any])?["accessToken"] as? String, changed.text)
    }

    /// A member's first login: initial password → new password → the SMS code from the simulator → tokens.
    private func memberFirstLogin(_ person: DemoData.Person) async throws -> String {
        let first = try await request("POST", "/api/v1/auth/login", json: [
            "identifier": person.idNumber, "password": String(person.idNumber.suffix(6)), "deviceId": "phone"])
        let changed = try await request("POST", "/api/v1/auth/login/change-password",
                                        json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": "Dangjian2026"])
        XCTAssertEqual(changed["step"] as? String, "sms_code", changed.text)
        var code: String?
        try await eventually("the login code reached the simulator", timeout: .seconds(20)) {
            let messages = (try await self.sim("/_sim/sms/messages?phone=\(person.phone)"))["messages"] as? [[String: Any]] ?? []
            code = messages.compactMap { ($0["templateParam"] as? [String: Any])?["code"] as? String }.last
            return code != nil
        }
        let done = try await request("POST", "/api/v1/auth/login/verify-code",
                                     json: ["ticket": try XCTUnwrap(changed["ticket"] as? String), "code": try XCTUnwrap(code)])
        return try XCTUnwrap((done["tokens"] as? [String: Any])?["accessToken"] as? String, done.text)
    }

    private func signature(_ timestamp: String, _ nonce: String, token: String) -> String {
        let joined = [token, timestamp, nonce].sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.joined()
        let process = Process()  // sha1 by another implementation than the ones under test
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import hashlib,sys; print(hashlib.sha1(sys.argv[1].encode()).hexdigest())", joined]
        let out = Pipe()
        process.standardOutput = out
        try? process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testANoticeThroughTheGatewayIsReadReceiptedAndDeliveredByProviderCallbacks() async throws {
        let cityToken = try await adminFirstLogin("cityadmin")
        let branch = demo.people.filter { $0.branch == demo.branches[0] }, others = demo.people.filter { $0.branch != demo.branches[0] }

        // One member binds WeChat (through the gateway), so the notice goes to them by WeChat, to the others by SMS.
        // Binding takes the changed password, not the initial one (Xiamen): the member changed it at first login.
        let first = try await request("POST", "/api/v1/auth/login", json: [
            "identifier": branch[0].idNumber, "password": String(branch[0].idNumber.suffix(6)), "deviceId": "wx-phone"])
        let changed = try await request("POST", "/api/v1/auth/login/change-password",
                                        json: ["ticket": try XCTUnwrap(first["ticket"] as? String), "newPassword": "Dangjian2026"])
        XCTAssertEqual(changed["step"] as? String, "sms_code", changed.text)
        let grant = try await sim("/_sim/wechat/authorize?user=wx-member")
        let bound = try await request("POST", "/api/v1/wechat/bind", json: [
            "wechatCode": try XCTUnwrap(grant["code"] as? String), "idNumber": branch[0].idNumber, "password": "Dangjian2026"])
        XCTAssertEqual(bound.status, 200, bound.text)
        try await eventually("notifications knows the openid") {
            try self.count("SELECT count(*) FROM contact WHERE openid IS NOT NULL") == 1
        }

        // The city administrator publishes to the first branch's subtree.
        let published = try await request("POST", "/api/v1/notices", json: [
            "title": "关于开展主题党日活动的通知", "content": "请各支部按时组织。", "orgCodes": [demo.branches[0]]], token: cityToken)
        XCTAssertEqual(published.status, 200, published.text)
        let noticeId = try XCTUnwrap(published["id"] as? String)
        XCTAssertEqual(published["orgCodes"] as? [String], [demo.branches[0]])
        let invalid = try await request("POST", "/api/v1/notices", json: ["title": "t", "content": "c"], token: cityToken)
        XCTAssertEqual(invalid.status, 400)
        XCTAssertEqual((invalid["details"] as? [String: String])?["field"], "body.orgCodes")
        let anonymous = try await request("POST", "/api/v1/notices", json: ["title": "t", "content": "c", "orgCodes": ["001"]])
        XCTAssertEqual(anonymous.status, 401)

        let listed = try await request("GET", "/api/v1/notices?limit=10", token: cityToken)
        XCTAssertEqual(((listed["items"] as? [[String: Any]]) ?? []).map { $0["id"] as? String }, [noticeId], "the publisher's own notices")

        // A member of the branch sees it in the inbox; reading it lowers the unread count.
        let reader = branch[1]
        let memberToken = try await memberFirstLogin(reader)
        var item: [String: Any] = [:]
        try await eventually("the notice is in the member's inbox", timeout: .seconds(30)) {
            let inbox = try await self.request("GET", "/api/v1/inbox?unreadOnly=true", token: memberToken)
            item = ((inbox["items"] as? [[String: Any]]) ?? []).first { $0["noticeId"] as? String == noticeId } ?? [:]
            return !item.isEmpty
        }
        XCTAssertEqual(item["title"] as? String, "关于开展主题党日活动的通知")
        XCTAssertNil(item["readAt"])
        let unreadBefore = try await request("GET", "/api/v1/inbox/unread-count", token: memberToken)
        let before = try XCTUnwrap(unreadBefore["unread"] as? Int)
        XCTAssertGreaterThanOrEqual(before, 1)
        let read = try await request("GET", "/api/v1/notices/\(noticeId)", token: memberToken)
        XCTAssertEqual(read.status, 200, read.text)
        XCTAssertNotNil(read["readAt"] as? String, "reading it marks it read")
        let after = try await request("GET", "/api/v1/inbox/unread-count", token: memberToken)
        XCTAssertEqual(after["unread"] as? Int, before - 1)
        // Whatever else is unread (a message of another kind) goes with inbox/read all.
        let allRead = try await request("POST", "/api/v1/inbox/read", json: ["all": true], token: memberToken)
        XCTAssertEqual(allRead["unread"] as? Int, 0)
        let outsiderToken = try await memberFirstLogin(others[0])
        let outsider = try await request("GET", "/api/v1/notices/\(noticeId)", token: outsiderToken)
        XCTAssertEqual(outsider.status, 404, "not addressed to the other branch")

        // The publisher's receipts: everyone in the branch received it, one read it.
        try await eventually("the fan-out is done") {
            (try await self.request("GET", "/api/v1/notices/\(noticeId)", token: cityToken))["fanoutDone"] as? Bool == true
        }
        let receipts = try await request("GET", "/api/v1/notices/\(noticeId)/receipts", token: cityToken)
        XCTAssertEqual(receipts.status, 200, receipts.text)
        XCTAssertEqual(receipts["recipients"] as? Int, branch.count)
        XCTAssertEqual(receipts["read"] as? Int, 1)
        XCTAssertEqual(receipts["unread"] as? Int, branch.count - 1)
        let notRead = ((receipts["notRead"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        XCTAssertEqual(Set(notRead), Set(branch.filter { $0.name != reader.name }.map(\.name)))
        let forbidden = try await request("GET", "/api/v1/notices/\(noticeId)/receipts", token: memberToken)
        XCTAssertEqual(forbidden.status, 403)
        XCTAssertEqual(forbidden.code, "notifications.forbidden")

        // The simulator's delivery reports come back through the gateway's callbacks: every delivery
        // of the notice, SMS and WeChat, becomes delivered (nothing else reports to notifications).
        let deliveries = try strings("SELECT id FROM delivery WHERE sourceKey = ? AND memberId IS NOT NULL ORDER BY channel",
                                     ["notice:\(noticeId)"])
        XCTAssertEqual(deliveries.count, branch.count)
        var views: [[String: Any]] = []
        try await eventually("every delivery of the notice is delivered", timeout: .seconds(60)) {
            views = []
            for id in deliveries { views.append(try await self.request("GET", "/api/v1/deliveries/\(id)", token: cityToken).json) }
            return views.allSatisfy { $0["state"] as? String == "delivered" }
        }
        XCTAssertEqual(Set(views.compactMap { $0["channel"] as? String }), ["sms", "wechat"])
        XCTAssertTrue(views.allSatisfy { ($0["recipient"] as? String)?.contains("****") == true }, "recipients masked")
        let smsReports = try await simStat("sms", "reports_sent"), wechatReports = try await simStat("wechat", "reports_sent")
        XCTAssertGreaterThanOrEqual(smsReports, branch.count - 1)
        XCTAssertEqual(wechatReports, 1)
        let smsErrors = try await simStat("sms", "callback_errors"), wechatErrors = try await simStat("wechat", "callback_errors")
        XCTAssertEqual(smsErrors + wechatErrors, 0, "the gateway accepted every report")
        // A member sees the delivery addressed to them (the reader is not bound: theirs went by SMS), never another's.
        let ownDelivery = try XCTUnwrap(try strings("SELECT id FROM delivery WHERE sourceKey = ? AND recipient = ?",
                                                    ["notice:\(noticeId)", reader.phone]).first)
        let anotherDelivery = try XCTUnwrap(deliveries.first { $0 != ownDelivery })
        let memberSees = try await request("GET", "/api/v1/deliveries/\(anotherDelivery)", token: memberToken)
        XCTAssertEqual(memberSees.status, 403)
        let memberSeesOwn = try await request("GET", "/api/v1/deliveries/\(ownDelivery)", token: memberToken)
        XCTAssertEqual(memberSeesOwn.status, 200, memberSeesOwn.text)
        // Traced per notice: the city sees every delivery of it, a member only their own; phones masked.
        let traced = try await request("GET", "/api/v1/deliveries?noticeId=\(noticeId)&limit=200", token: cityToken)
        XCTAssertEqual(traced.status, 200, traced.text)
        let tracedItems = (traced["items"] as? [[String: Any]]) ?? []
        XCTAssertEqual(Set(tracedItems.compactMap { $0["memberId"] as? String }).count, branch.count)
        XCTAssertTrue(tracedItems.allSatisfy { ($0["recipient"] as? String)?.contains("****") == true }, "recipients masked")
        XCTAssertFalse(traced.text.contains(reader.phone))
        let ownTrace = try await request("GET", "/api/v1/deliveries?noticeId=\(noticeId)", token: memberToken)
        XCTAssertEqual(((ownTrace["items"] as? [[String: Any]]) ?? []).map { $0["id"] as? String }, [ownDelivery])
        let noFilter = try await request("GET", "/api/v1/deliveries", token: cityToken)
        XCTAssertEqual(noFilter.status, 400, noFilter.text)
        XCTAssertEqual(noFilter.code, "notifications.delivery_filter_invalid")
        XCTAssertEqual((noFilter["details"] as? [String: String])?["field"], "query.noticeId")
        // An administrator has an inbox too (the same route).
        let adminInbox = try await request("GET", "/api/v1/inbox", token: cityToken)
        XCTAssertEqual(adminInbox.status, 200, adminInbox.text)
        XCTAssertNotNil(adminInbox["items"] as? [Any])

        // A WeChat push with a wrong signature is refused and changes nothing.
        let wechatJob = try XCTUnwrap(views.first { $0["channel"] as? String == "wechat" })
        let msgId = try XCTUnwrap(wechatJob["providerMessageId"] as? String)
        let forgedXML = "<xml><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>\(msgId)</MsgID><Status><![CDATA[failed:user block]]></Status></xml>"
        let timestamp = String(Int(Date().timeIntervalSince1970)), nonce = "918273"
        let forged = try await request("POST", "/api/v1/callbacks/wechat?signature=\(signature(timestamp, nonce, token: "not-the-token"))&timestamp=\(timestamp)&nonce=\(nonce)",
                                       raw: Data(forgedXML.utf8), contentType: "text/xml")
        XCTAssertEqual(forged.status, 403, forged.text)
        XCTAssertEqual(forged.code, "notifications.signature_invalid")
        let unsigned = try await request("POST", "/api/v1/callbacks/wechat", raw: Data(forgedXML.utf8), contentType: "text/xml")
        XCTAssertEqual(unsigned.status, 400, "signature, timestamp and nonce are required")
        let still = try await request("GET", "/api/v1/deliveries/\(try XCTUnwrap(wechatJob["id"] as? String))", token: cityToken)
        XCTAssertEqual(still["state"] as? String, "delivered")
        // Correctly signed, an unknown message is acknowledged as WeChat expects: plain "success".
        let signed = try await request("POST", "/api/v1/callbacks/wechat?signature=\(signature(timestamp, nonce, token: wechatToken))&timestamp=\(timestamp)&nonce=\(nonce)&openid=o-x",
                                       raw: Data("<xml><Event>TEMPLATESENDJOBFINISH</Event><MsgID>0</MsgID><Status>success</Status></xml>".utf8),
                                       contentType: "text/xml")
        XCTAssertEqual(signed.status, 200, signed.text)
        XCTAssertEqual(signed.text, "success")
        XCTAssertTrue(signed.headers["content-type"]?.hasPrefix("text/plain") ?? false)

        // The SMS callback answers exactly what Aliyun expects; a body that is not a report array is 400.
        let smsAck = try await request("POST", "/api/v1/callbacks/sms", json: [["success": true, "out_id": "no-such-job", "biz_id": "b"]])
        XCTAssertEqual(smsAck.status, 200)
        XCTAssertEqual(smsAck.text, #"{"code":0,"msg":"成功"}"#)
        let notArray = try await request("POST", "/api/v1/callbacks/sms", json: ["success": true])
        XCTAssertEqual(notArray.status, 400)

        // WeChat's server-URL check, answered by the gateway.
        let good = try await request("GET", "/api/v1/callbacks/wechat?signature=\(signature(timestamp, nonce, token: wechatToken))&timestamp=\(timestamp)&nonce=\(nonce)&echostr=echo-5521")
        XCTAssertEqual(good.status, 200)
        XCTAssertEqual(good.text, "echo-5521")
        let bad = try await request("GET", "/api/v1/callbacks/wechat?signature=\(signature(timestamp, nonce, token: "x"))&timestamp=\(timestamp)&nonce=\(nonce)&echostr=echo-5521")
        XCTAssertEqual(bad.status, 403)
        XCTAssertFalse(bad.text.contains("echo-5521"))

        // A member's profile change (identity.profile.submitted, emitted by identity) tells the branch's
        // secretary — the demo's 书记, by post: imported branches name no secretary — by inbox and message.
        let submitted = try await request("POST", "/api/v1/profile-changes", json: ["changes": ["unit": "新单位"]], token: memberToken)
        XCTAssertEqual(submitted.status, 200, submitted.text)
        let secretary = try XCTUnwrap(branch.first { $0.post == "书记" })
        XCTAssertNotEqual(secretary.name, reader.name)
        try await eventually("the secretary is told", timeout: .seconds(30)) {
            try self.count("""
                SELECT count(*) FROM inbox i JOIN contact c ON c.memberId = i.memberId
                WHERE i.kind = 'identity.profile.submitted' AND c.name = ? AND i.body LIKE ?
                """, [secretary.name, "%\(reader.name)%工作单位%"]) == 1
        }
        XCTAssertEqual(try count("""
            SELECT count(*) FROM delivery d JOIN contact c ON c.memberId = d.memberId
            WHERE d.templateKey = 'identity.profile.submitted' AND c.name = ?
            """, [secretary.name]), 1)
        for person in demo.people { XCTAssertFalse(notifications.log.contains(person.phone), "notifications logged a phone number") }

        // Nothing personal, no token in the gateway's log.
        let log = gateway.log
        for person in demo.people {
            XCTAssertFalse(log.contains(person.phone), "gateway logged a phone number")
            XCTAssertFalse(log.contains(person.idNumber), "gateway logged an ID number")
        }
        XCTAssertFalse(log.contains(memberToken) || log.contains(cityToken), "gateway logged a token")
        XCTAssertFalse(log.contains(wechatToken), "gateway logged the WeChat token")
    }

    /// A member who unfollows the official account is unbound (seed 003): WeChat's signed
    /// `unsubscribe` push reaches notifications through the gateway, messages stop going to that
    /// openid at once, and identity removes the binding from the event notifications logs.
    func testAWeChatUnsubscribeUnbindsTheMember() async throws {
        let member = demo.people[0]
        let token = try await memberFirstLogin(member)
        let grant = try await sim("/_sim/wechat/authorize?user=wx-leaver")
        let bound = try await request("POST", "/api/v1/wechat/bind", json: [
            "wechatCode": try XCTUnwrap(grant["code"] as? String), "idNumber": member.idNumber, "password": "Dangjian2026"])
        XCTAssertEqual(bound.status, 200, bound.text)
        let openid = try XCTUnwrap(bound["openid"] as? String)
        try await eventually("notifications knows the openid") {
            try self.count("SELECT count(*) FROM contact WHERE openid = ?", [openid]) == 1
        }

        let timestamp = String(Int(Date().timeIntervalSince1970)), nonce = "5566"
        let xml = """
            <xml><ToUserName><![CDATA[gh_dangjian]]></ToUserName><FromUserName><![CDATA[\(openid)]]></FromUserName>\
            <CreateTime>\(timestamp)</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[unsubscribe]]></Event></xml>
            """
        let pushed = try await request("POST", "/api/v1/callbacks/wechat?signature=\(signature(timestamp, nonce, token: wechatToken))&timestamp=\(timestamp)&nonce=\(nonce)&openid=\(openid)",
                                       raw: Data(xml.utf8), contentType: "text/xml")
        XCTAssertEqual(pushed.status, 200, pushed.text)
        XCTAssertEqual(pushed.text, "success")
        XCTAssertEqual(try count("SELECT count(*) FROM contact WHERE openid = ?", [openid]), 0, "no message goes to that openid any more")
        try await eventually("identity unbound the member", timeout: .seconds(20)) {
            try self.cluster.database("identity").read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM auth_wechat WHERE openid = ?", arguments: [openid])
            } == 0
        }
        let unbind = try await request("DELETE", "/api/v1/wechat/binding", token: token)
        XCTAssertEqual(unbind.code, "identity.wechat_not_bound", unbind.text)
    }

    func testCallbacksAreRateLimitedPerClientAddress() async throws {
        // The default limit is generous; a gateway started with a small one refuses the excess with 429.
        let port = Cluster.freePort()
        let strict = try cluster.startService("gateway", instance: "gateway-strict",
                                              arguments: ["--port", String(port), "--callbacks-per-ip", "3"])
        let strictBase = "http://127.0.0.1:\(port)"
        try await eventually("strict gateway listening") { strict.log.contains("listening") }
        var statuses: [Int] = []
        for _ in 0..<5 {
            var request = URLRequest(url: URL(string: strictBase + "/api/v1/callbacks/sms")!)
            request.httpMethod = "POST"
            request.httpBody = Data("[]".utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            statuses.append((response as! HTTPURLResponse).statusCode)
        }
        XCTAssertEqual(statuses, [200, 200, 200, 429, 429])
        // Other operations are not limited by it.
        let health = try await URLSession.shared.data(from: URL(string: strictBase + "/healthz")!)
        XCTAssertEqual((health.1 as! HTTPURLResponse).statusCode, 200)
    }
}
