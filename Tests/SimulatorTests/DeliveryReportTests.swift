import FlyingFox
import Foundation
import ProviderSimulatorCore
import XCTest

/// Collects what the simulator POSTs to the platform's callback URL.
actor Inbox {
    var posts: [(path: String, query: [String: String], body: Data)] = []
    func add(_ path: String, _ query: [String: String], _ body: Data) { posts.append((path, query, body)) }
    /// Pushes still to be answered 503 (a receiver that is down or restarting).
    var refusals = 0
    func refuse(_ count: Int) { refusals = count }
    func refusesThisOne() -> Bool {
        guard refusals > 0 else { return false }
        refusals -= 1
        return true
    }

    func wait(for count: Int, path: String, timeout: Double = 3) async -> [(query: [String: String], body: Data)] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let matching = posts.filter { $0.path == path }
            if matching.count >= count { return matching.map { ($0.query, $0.body) } }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return posts.filter { $0.path == path }.map { ($0.query, $0.body) }
    }
}

final class DeliveryReportTests: SimTestCase {
    let inbox = Inbox()
    var receiver: HTTPServer!
    var receiverTask: Task<Void, any Error>!
    var receiverPort: UInt16 = 0

    override func setUp() async throws {
        let inbox = self.inbox
        receiver = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), logger: .disabled)
        await receiver.appendRoute("*") { request in
            if await inbox.refusesThisOne() { return HTTPResponse(statusCode: .serviceUnavailable) }
            let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            await inbox.add(request.path, query, try await request.bodyData)
            return HTTPResponse(statusCode: .ok)
        }
        let receiver = self.receiver!
        receiverTask = Task { try await receiver.run() }
        try await receiver.waitUntilListening()
        guard case .ip4(_, let port) = await receiver.listeningAddress else { return XCTFail("no port") }
        receiverPort = port
        try await super.setUp()
    }

    override func configure(_ config: inout SimConfig) {
        config.callbackURL = URL(string: "http://127.0.0.1:\(receiverPort)/sms/report")
        config.wechatCallbackURL = URL(string: "http://127.0.0.1:\(receiverPort)/wechat/event")
        config.wechatToken = "cbtoken"
    }

    override func tearDown() async throws {
        try await super.tearDown()
        await receiver.stop()
        receiverTask.cancel()
    }

    func testAPushTheReceiverRefusedIsPushedAgainWithBackOff() async throws {
        await inbox.refuse(2)
        _ = try await sendSms(phone: "13800138000", outId: "out-retry")
        // Refused twice (retries after 0.5 s and 1 s), taken the third time.
        let posts = await inbox.wait(for: 1, path: "/sms/report", timeout: 10)
        XCTAssertEqual(posts.count, 1)
        let stats = try await stats("sms")
        XCTAssertEqual(stats["callback_errors"], 2)
        XCTAssertEqual(stats["reports_sent"], 1)
    }

    func testSmsReportIsPostedInAliyunShape() async throws {
        let sent = try await sendSms(phone: "13800138000", outId: "out-report")
        let posts = await inbox.wait(for: 1, path: "/sms/report")
        XCTAssertEqual(posts.count, 1)
        let reports = try XCTUnwrap(try JSONSerialization.jsonObject(with: posts[0].body) as? [[String: Any]])
        XCTAssertEqual(reports.count, 1)
        let r = reports[0]
        XCTAssertEqual(r["phone_number"] as? String, "13800138000")
        XCTAssertEqual(r["success"] as? Bool, true)
        XCTAssertEqual(r["err_code"] as? String, "DELIVERED")
        XCTAssertEqual(r["err_msg"] as? String, "用户接收成功")
        XCTAssertEqual(r["biz_id"] as? String, sent.json["BizId"] as? String)
        XCTAssertEqual(r["out_id"] as? String, "out-report")
        XCTAssertEqual(r["sms_size"] as? String, "1")
        XCTAssertNotNil(r["send_time"] as? String)
        XCTAssertNotNil(r["report_time"] as? String)
    }

    func testWithheldReportsStayWaitingUntilReleased() async throws {
        try await control(["provider": "sms", "withholdReports": true])
        _ = try await sendSms(phone: "13800138000", outId: "held")
        // Nothing may arrive: the absence is watched for as long as a report would take to come.
        let none = await inbox.wait(for: 1, path: "/sms/report", timeout: 0.4)
        XCTAssertTrue(none.isEmpty)
        let got1 = (try await get("/_sim/sms/messages").json["messages"] as? [[String: Any]])?.first
        let held = try XCTUnwrap(got1)
        XCTAssertEqual(int(held["sendStatus"]), 1)

        try await control(["provider": "sms", "withholdReports": false])
        let released = await inbox.wait(for: 1, path: "/sms/report")
        XCTAssertEqual(released.count, 1)
        let got2 = (try await get("/_sim/sms/messages").json["messages"] as? [[String: Any]])?.first
        let after = try XCTUnwrap(got2)
        XCTAssertEqual(int(after["sendStatus"]), 3)
    }

    func testWeChatTemplateEventIsSignedXML() async throws {
        try await control(["provider": "wechat", "reportFailWith": "failed:user block"])
        let token = try await wechatToken()
        let alice = try await openid("alice")
        let sent = try await templateSend(token: token, openid: alice)
        let msgid = try XCTUnwrap(int64(sent["msgid"]))
        let posts = await inbox.wait(for: 1, path: "/wechat/event")
        XCTAssertEqual(posts.count, 1)
        let q = posts[0].query
        let signature = try XCTUnwrap(q["signature"])
        XCTAssertTrue(WeChatSignature.verify(signature: signature, token: "cbtoken",
                                             timestamp: q["timestamp"] ?? "", nonce: q["nonce"] ?? ""))
        let xml = String(decoding: posts[0].body, as: UTF8.self)
        XCTAssertTrue(xml.hasPrefix("<xml>"))
        XCTAssertTrue(xml.contains("<FromUserName><![CDATA[\(alice)]]></FromUserName>"), xml)
        XCTAssertTrue(xml.contains("<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>"), xml)
        XCTAssertTrue(xml.contains("<MsgID>\(msgid)</MsgID>"), xml)
        XCTAssertTrue(xml.contains("<Status><![CDATA[failed:user block]]></Status>"), xml)
    }
}
