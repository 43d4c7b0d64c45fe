import Bus
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Identity
import Schema
import XCTest

/// Notifications with real processes: broker, identity, notifications (one or two, killed and
/// restarted), the gateway and the provider simulator, whose delivery reports reach notifications
/// through the gateway's provider-callback endpoints.
final class NotificationsSystemTests: XCTestCase {
    var cluster: Cluster!
    var simURL = ""
    let city = Actor(kind: .admin, id: "cityadmin", orgCode: "001", roles: ["city"])

    override func tearDown() async throws {
        if let run = testRun, run.failureCount > 0, let cluster { print(cluster.logs()) }
        await cluster?.shutdown()
    }

    // MARK: Setting up an installation

    struct Person { let name: String; let idNumber: String; let phone: String; let branch: String }

    /// `count` members spread over two branches (001001001, 001001002) under 001001.
    static func people(_ count: Int) -> [Person] {
        (0..<count).map { i in
            let birth = String(format: "19%02d%02d%02d", 60 + (i / 3000) % 40, 1 + (i / 250) % 12, 1 + (i / 10) % 25)
            let id = IDNumber.complete(String(format: "330102%@%03d", birth, i % 1000))
            return Person(name: "党员\(i)", idNumber: id, phone: String(format: "139%08d", i + 1),
                          branch: i % 2 == 0 ? "001001001" : "001001002")
        }
    }

    func start(people: [Person], notifications instances: [String] = ["notifications"],
               environment: [String: String] = [:], settings: String? = nil) async throws {
        cluster = try Cluster()
        let port = Cluster.freePort(), gatewayPort = Cluster.freePort()
        let gateway = "http://127.0.0.1:\(gatewayPort)"
        let sim = ServiceProcess(name: "provider-sim", executable: "provider-sim", arguments: [
            "--port", String(port), "--callback-url", "\(gateway)/api/v1/callbacks/sms",
            "--wechat-callback-url", "\(gateway)/api/v1/callbacks/wechat", "--report-delay-ms", "50",
        ], logDirectory: cluster.directory)
        try sim.start()
        cluster.track(sim)
        try await eventually("provider-sim listening") { sim.log.contains("listening") }
        simURL = "http://127.0.0.1:\(port)"

        try djctl(["init", "--code", "001", "--name", "中共示范市委", "--admin", "cityadmin"])
        let orgs = cluster.directory.appendingPathComponent("orgs.csv"), members = cluster.directory.appendingPathComponent("members.csv")
        try """
        组织代码,组织名称,组织类型,上级组织代码,所属单位,是否村社区
        001001,第一党总支,党总支,001,市直机关,否
        001001001,第一党支部,党支部,001001,市直机关,否
        001001002,第二党支部,党支部,001001,市直机关,否

        """.write(to: orgs, atomically: true, encoding: .utf8)
        try ("姓名,身份证号码,民族,手机号码,人员类别,入党日期,所在支部代码,所属单位,党内职务\n"
            + people.map { "\($0.name),\($0.idNumber),汉族,\($0.phone),正式党员,2010-07-01,\($0.branch),市直机关," }.joined(separator: "\n")
            + "\n").write(to: members, atomically: true, encoding: .utf8)
        try djctl(["import", "--organizations", orgs.path, "--members", members.path])

        try cluster.startBroker()
        let providers = Cluster.providerEnvironment(simURL)
        try cluster.startService("identity", extraEnvironment: providers)
        var env = providers.merging(environment) { $1 }
        if let settings {
            let file = cluster.directory.appendingPathComponent("notify-settings.json")
            try settings.write(to: file, atomically: true, encoding: .utf8)
            env["DJ_NOTIFY_SETTINGS"] = file.path
        }
        notificationsEnvironment = env
        for instance in instances { try startNotifications(instance) }
        // Generous callback limit: a 10,000-member run pushes its reports in bursts from one address.
        try cluster.startService("gateway", arguments: ["--port", String(gatewayPort), "--callbacks-per-ip", "100000"])
        try await cluster.waitUntilServing("identity")
        try await cluster.waitUntilServing("notifications")
        try await eventually("gateway ready", timeout: .seconds(30)) { await Self.status("\(gateway)/readyz") == 200 }
        // Notifications' copy of the directory is complete when every member's event is applied.
        try await eventually("notifications has every member", timeout: .seconds(120)) {
            (try? self.notificationsCount("SELECT count(*) FROM contact WHERE orgPath != ''")) == people.count
        }
    }

    var notificationsEnvironment: [String: String] = [:]

    static func status(_ url: String) async -> Int? {
        guard let (_, response) = try? await URLSession.shared.data(from: URL(string: url)!) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    @discardableResult
    func startNotifications(_ instance: String) throws -> ServiceProcess {
        try cluster.startService("notifications", instance: instance, extraEnvironment: notificationsEnvironment)
    }

    func djctl(_ arguments: [String]) throws { try cluster.djctl(arguments) }

    func notificationsCount(_ sql: String) throws -> Int {
        try cluster.database("notifications").read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    func notificationsString(_ sql: String, _ arguments: [String] = []) throws -> String {
        try cluster.database("notifications").read { db in try String.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) ?? "" }
    }

    // MARK: The simulator

    func sim(_ path: String) async throws -> [String: Any] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: simURL + path)!)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func simPost(_ path: String, _ body: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: simURL + path)!)
        request.httpMethod = "POST"
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (_, response) = try await URLSession.shared.data(for: request)
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200)
    }

    func stat(_ provider: String, _ name: String) async throws -> Int {
        ((try await sim("/_sim/stats"))[provider] as? [String: Any])?[name].flatMap { ($0 as? NSNumber)?.intValue } ?? 0
    }

    /// SMS the simulator received, counted by phone.
    func smsByPhone() async throws -> [String: Int] {
        let messages = (try await sim("/_sim/sms/messages"))["messages"] as? [[String: Any]] ?? []
        return messages.reduce(into: [:]) { $0[$1["phone"] as? String ?? "", default: 0] += 1 }
    }

    func wechatByOpenid() async throws -> [String: Int] {
        let messages = (try await sim("/_sim/wechat/messages"))["messages"] as? [[String: Any]] ?? []
        return messages.reduce(into: [:]) { $0[$1["openid"] as? String ?? "", default: 0] += 1 }
    }

    /// Binds `person` to the WeChat user `user` through identity, as the member's phone would: after
    /// changing the initial password, as binding requires (Xiamen).
    func bindWeChat(_ person: Person, user: String, client: BusClient) async throws -> String {
        let memberId = try await cluster.database("identity").read { db in
            try String.fetchOne(db, sql: "SELECT id FROM member WHERE idNumber = ?", arguments: [person.idNumber]) ?? ""
        }
        _ = try await client.call(IdentityAPI.passwordChange.type,
                                  PasswordChangeRequest(oldPassword: String(person.idNumber.suffix(6)), newPassword: "Dangjian2026"),
                                  as: Empty.self, actor: Actor(kind: .member, id: memberId, orgCode: person.branch))
        let grant = try await sim("/_sim/wechat/authorize?user=\(user)")
        let code = try XCTUnwrap(grant["code"] as? String)
        let binding = try await client.call(IdentityAPI.wechatBind.type, WeChatBindRequest(
            wechatCode: code, idNumber: person.idNumber, password: "Dangjian2026"), as: WeChatBinding.self)
        return binding.openid
    }

    func publish(_ title: String, to orgs: [String], client: BusClient) async throws -> NoticeView {
        try await client.call(NotificationsAPI.noticePublish.type, PublishNotice(title: title, content: "请各支部认真组织学习。", orgCodes: orgs),
                              as: NoticeView.self, actor: city)
    }

    // MARK: Tests

    func testANoticeToASubtreeReachesMembersByWeChatOrSMSAndABlockedWeChatFallsBackToSMS() async throws {
        let people = Self.people(8)
        try await start(people: people)
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        let branch1 = people.filter { $0.branch == "001001001" }, branch2 = people.filter { $0.branch == "001001002" }
        let bound = try await bindWeChat(branch1[0], user: "member0", client: client)
        let blocked = try await bindWeChat(branch1[1], user: "member1", client: client)
        try await simPost("/_sim/wechat/users", ["openid": blocked, "subscribed": false])  // → 43004
        try await eventually("notifications knows both openids") {
            (try? self.notificationsCount("SELECT count(*) FROM contact WHERE openid IS NOT NULL")) == 2
        }
        // Each of the two changed their password before binding, and was told so (SMS, not bound yet):
        // the notice's messages are counted from here.
        try await eventually("the two password-change alerts are final", timeout: .seconds(30)) {
            try self.notificationsCount("SELECT count(*) FROM delivery WHERE state IN ('delivered', 'failed')") == 2
        }
        let smsBefore = try await smsByPhone()

        let notice = try await publish("关于开展主题教育的通知", to: ["001001001"], client: client)
        try await eventually("every delivery is final", timeout: .seconds(60)) {
            let open = try self.notificationsCount("SELECT count(*) FROM delivery WHERE state NOT IN ('delivered', 'failed')")
            let total = try self.notificationsCount("SELECT count(*) FROM delivery")
            return total == 2 + branch1.count + 1 && open == 0
        }
        let wechat = try await wechatByOpenid(), smsNow = try await smsByPhone()
        let sms = smsNow.reduce(into: [String: Int]()) { if $1.value > smsBefore[$1.key, default: 0] { $0[$1.key] = $1.value - smsBefore[$1.key, default: 0] } }
        XCTAssertEqual(wechat[bound], 1, "the bound member gets one WeChat message")
        XCTAssertNil(wechat[blocked], "the blocked user got nothing by WeChat")
        XCTAssertNil(sms[branch1[0].phone], "…and no SMS besides")
        for person in branch1.dropFirst() { XCTAssertEqual(sms[person.phone], 1, "one SMS each, the blocked one as fallback") }
        for person in branch2 { XCTAssertNil(sms[person.phone], "outside the subtree") }
        XCTAssertEqual(try notificationsCount("SELECT count(*) FROM delivery WHERE state = 'failed' AND lastError = 'wechat.43004'"), 1)

        // Read receipts: one member reads it.
        let reader = Actor(kind: .member, id: try notificationsString("SELECT memberId FROM delivery WHERE recipient = ?", [bound]),
                           orgCode: "001001001")
        let inbox = try await client.call(NotificationsAPI.inboxUnreadCount.type, Empty(), as: UnreadCount.self, actor: reader)
        XCTAssertEqual(inbox.unread, 2, "the notice, and the alert that the password was changed")
        let read = try await client.call(NotificationsAPI.noticeGet.type, NoticeRef(noticeId: notice.id), as: NoticeView.self, actor: reader)
        XCTAssertNotNil(read.readAt)
        let receipts = try await client.call(NotificationsAPI.noticeReceipts.type, NoticeReceiptsRequest(noticeId: notice.id),
                                             as: NoticeReceipts.self, actor: city)
        XCTAssertEqual(receipts.recipients, branch1.count)
        XCTAssertEqual(receipts.read, 1)
        XCTAssertEqual(receipts.notRead.count, branch1.count - 1)
        let someDelivery = try notificationsString("SELECT id FROM delivery LIMIT 1")
        let status = try await client.call(NotificationsAPI.deliveryGet.type, DeliveryRef(deliveryId: someDelivery), as: DeliveryView.self, actor: city)
        XCTAssertTrue(["delivered", "failed"].contains(status.state))

        for process in cluster.processes where process.name != "provider-sim" {
            for person in people { XCTAssertFalse(process.log.contains(person.phone), "\(process.name) logged a phone number") }
        }
    }

    func testProviderRateLimitsArePacedAndRetriedNotDropped() async throws {
        let people = Self.people(40)
        try await start(people: people, environment: ["DJ_NOTIFY_SMS_RATE": "20"],
                        settings: #"{"retry": {"maxAttempts": 20, "baseDelay": 0.2, "maxDelay": 2}}"#)
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        // The provider allows 10/s; we send at 20/s: some are refused with isv.BUSINESS_LIMIT_CONTROL and retried.
        try await simPost("/_sim/control", ["provider": "sms", "rateLimitPerSecond": 10])
        _ = try await publish("限流测试", to: ["001"], client: client)
        try await eventually("every SMS delivered", timeout: .seconds(60)) {
            try self.notificationsCount("SELECT count(*) FROM delivery WHERE state = 'delivered'") == people.count
        }
        let sms = try await smsByPhone()
        XCTAssertEqual(sms.count, people.count)
        XCTAssertTrue(sms.values.allSatisfy { $0 == 1 }, "each member exactly once")
        let limited = try await stat("sms", "rate_limited")
        XCTAssertGreaterThan(limited, 0, "the provider's limit was hit and retried")
        // Our own pace: 40 messages at 20/s cannot be accepted in under ~1.9 s.
        let messages = (try await sim("/_sim/sms/messages"))["messages"] as? [[String: Any]] ?? []
        let times = messages.compactMap { ($0["receivedAt"] as? String).flatMap { try? RFC3339.parse($0) } }.sorted()
        XCTAssertGreaterThan(times.last!.timeIntervalSince(times.first!), 1.8)
    }

    /// Recipients queued; the notifications process is killed twice mid-run and restarted; the
    /// simulator gets every message exactly once and every job ends final.
    func crashRun(recipients: Int, instances: [String], kills: [Int]) async throws {
        let people = Self.people(recipients)
        try await start(people: people, notifications: instances, environment: ["DJ_NOTIFY_SMS_RATE": "800"],
                        settings: #"{"orphanAgeSeconds": 3}"#)
        let client = try cluster.client(inFlight: 2, timeout: .seconds(10), retries: 1)
        _ = try await publish("全体党员通知", to: ["001"], client: client)
        var generation = 0
        for threshold in kills {
            try await eventually("the simulator accepted \(threshold)", timeout: .seconds(120)) {
                try await self.stat("sms", "accepted") >= threshold
            }
            let victim = try XCTUnwrap(cluster.processes.last { $0.executable == "notifications" && $0.isRunning })
            victim.crash()  // kill -9
            generation += 1
            try startNotifications("notifications-restart-\(generation)")
        }
        // The members' jobs (the notice also reaches the root's administrator, who has no mobile here).
        try await eventually("every job final", timeout: .seconds(240)) {
            try self.notificationsCount("SELECT count(*) FROM delivery WHERE adminId IS NULL AND state IN ('delivered', 'failed')") == recipients
        }
        let sms = try await smsByPhone()
        XCTAssertEqual(sms.count, recipients, "every recipient got a message")
        let twice = sms.filter { $0.value != 1 }
        XCTAssertTrue(twice.isEmpty, "\(twice.count) recipients got more than one")
        let duplicates = try await stat("sms", "duplicates")
        XCTAssertEqual(duplicates, 0, "no OutId was sent twice")
        XCTAssertEqual(try notificationsCount("SELECT count(*) FROM delivery WHERE state = 'delivered'"), recipients)
    }

    func testKillNineTwiceDuringTenThousandSendsStillExactlyOnce() async throws {
        try await crashRun(recipients: 10_000, instances: ["notifications-1"], kills: [2_500, 6_500])
    }

    func testTwoInstancesSendEveryMessageExactlyOnce() async throws {
        try await crashRun(recipients: 3_000, instances: ["notifications-a", "notifications-b"], kills: [])
        // Both were up the whole time; the sender lease let one of them send.
        XCTAssertEqual(cluster.processes.filter { $0.executable == "notifications" && $0.isRunning }.count, 2)
    }
}
