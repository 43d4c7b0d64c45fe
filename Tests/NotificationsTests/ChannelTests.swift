import Foundation
import GRDB
import Notifications
import Schema
import Store
import Synchronization
import XCTest

final class ScriptedWeChat: WeChatProvider, Sendable {
    let answers = Mutex<[SendOutcome]>([])
    let sent = Mutex<[(openid: String, template: String, data: [String: String], clientMsgId: String)]>([])
    func send(openid: String, templateId: String, data: [String: String], clientMsgId: String) async -> SendOutcome {
        sent.withLock { $0.append((openid, templateId, data, clientMsgId)) }
        let next = answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        return next ?? .accepted(messageId: "wx-\(clientMsgId)")
    }
}

final class ScriptedDirectory: ContactDirectory, Sendable {
    let phones: [String: String]
    let asked = Mutex<[[String]]>([])
    init(phones: [String: String]) { self.phones = phones }
    func contacts(memberIds: [String]) async throws -> [MemberContact] {
        asked.withLock { $0.append(memberIds) }
        return memberIds.compactMap { id in phones[id].map { MemberContact(memberId: id, phone: $0, openid: nil) } }
    }
}

/// A store with an organization tree and members, fed through identity's events as in production.
final class NotificationsFixture {
    let directory: URL
    let store: Store
    var settings = NotificationsSettings()
    let city = Actor(kind: .admin, id: "admin-city", orgCode: "001", roles: ["city"])

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("notif-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("notifications.sqlite").path,
                          migrations: NotificationsMigrations.register)
        settings.retry = RetryPolicy(maxAttempts: 3, baseDelay: 10)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func event(_ type: String, _ body: some Encodable) throws {
        let envelope = Envelope(type: type, body: try JSONValue(encoding: body))
        let settings = self.settings
        try store.writeSync { db in try EventIntake.apply(db, source: "identity", event: envelope, settings: settings, now: Date()) }
    }

    func org(_ code: String, parent: String?) throws {
        var path = "/"
        if let parent {
            path = try store.readSync { db in try String.fetchOne(db, sql: "SELECT path FROM org WHERE code = ?", arguments: [parent])! }
        }
        path += code + "/"
        try event("identity.org.created", OrganizationEvent(code: code, name: "组织\(code)", type: parent == nil ? .committee : .branch,
                                                            parentCode: parent, path: path, depth: path.split(separator: "/").count,
                                                            unit: "", isVillage: false, secretaryMemberId: nil, dissolved: false))
    }

    func member(_ id: String, org: String, status: MemberStatus = .active, hasPhone: Bool = true, type: String = "identity.member.created") throws {
        let path = try store.readSync { db in try String.fetchOne(db, sql: "SELECT path FROM org WHERE code = ?", arguments: [org])! }
        try event(type, MemberEvent(memberId: id, name: "党员\(id)", orgCode: org, orgPath: path, memberType: .full, post: .member,
                                    status: status, joinDate: nil, unit: "", hasPhone: hasPhone))
    }

    func bind(_ id: String, openid: String) throws {
        try event("identity.wechat.bound", WeChatBindingEvent(memberId: id, openid: openid))
    }

    func jobs(_ sql: String = "SELECT * FROM delivery ORDER BY rowid") throws -> [Delivery] {
        try store.readSync { db in try Delivery.fetchAll(db, sql: sql) }
    }

    func message(to memberId: String, key: String = "transfers.transfer.step", source: String = "event:1") throws {
        try store.writeSync { db in
            try MemberMessages.enqueue(db, memberId: memberId, template: TemplateCatalog.template(key)!, params: ["step": "转出审批通过"],
                                       sourceKey: source, now: Date())
        }
    }
}

final class ChannelTests: XCTestCase {
    func testABoundMemberGetsWeChatOthersSMSAndEveryoneAnInboxRowDeduplicated() throws {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.member("m1", org: "001")
        try f.member("m2", org: "001")
        try f.bind("m1", openid: "oWX-m1")
        try f.message(to: "m1")
        try f.message(to: "m2")
        try f.message(to: "m1")  // the same source again: nothing new
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.count, 2)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: jobs.map { ($0.memberId!, $0.channel) }), ["m1": "wechat", "m2": "sms"])
        XCTAssertEqual(jobs.first { $0.memberId == "m1" }?.templateCode, "TPL_DJ_TRANSFER")
        XCTAssertEqual(jobs.first { $0.memberId == "m2" }?.templateCode, "SMS_DJ_TRANSFER")
        let inbox = try f.store.readSync { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM inbox")! }
        XCTAssertEqual(inbox, 2)
    }

    func testWeChatPermanentErrorFallsBackToSMSOnce() async throws {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.member("m1", org: "001")
        try f.bind("m1", openid: "oWX-m1")
        try f.message(to: "m1")
        let wechat = ScriptedWeChat()
        wechat.answers.withLock { $0 = [.permanent("wechat.43004")] }
        let sms = ScriptedSMS()
        let directory = ScriptedDirectory(phones: ["m1": "13800000001"])
        let wx = Dispatcher(channel: .wechat, store: f.store, wechat: wechat, sender: "t", settings: f.settings)
        let sd = Dispatcher(channel: .sms, store: f.store, sms: sms, contacts: directory, sender: "t", settings: f.settings)
        try await wx.sendDue()
        var jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.channel), ["wechat", "sms"])
        XCTAssertEqual(jobs[0].state, .failed)
        XCTAssertEqual(jobs[0].lastError, "wechat.43004")
        XCTAssertEqual(jobs[1].fallbackOf, jobs[0].id)
        XCTAssertEqual(jobs[1].recipient, "", "the phone is not known yet")
        // The SMS waits for the phone; the resolver asks identity once, then it goes.
        try await sd.sendDue()
        XCTAssertTrue(sms.sent.withLock { $0.isEmpty })
        try await sd.resolveContacts()
        XCTAssertEqual(directory.asked.withLock { $0 }, [["m1"]])
        try await sd.sendDue(now: Date().addingTimeInterval(2))
        XCTAssertEqual(sms.sent.withLock { $0.map(\.phone) }, ["13800000001"])
        XCTAssertEqual(sms.sent.withLock { $0.map(\.template) }, ["SMS_DJ_TRANSFER"])
        jobs = try f.jobs()
        XCTAssertEqual(jobs[1].state, .sent)
        // Fallback is once: the failed WeChat job is not retried and nothing else is queued.
        try await wx.sendDue(now: Date().addingTimeInterval(60))
        XCTAssertEqual(wechat.sent.withLock { $0.count }, 1)
        XCTAssertEqual(try f.jobs().count, 2)
    }

    func testNoOpenidAnyMoreFallsBackWithoutCallingWeChat() async throws {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.member("m1", org: "001")
        try f.bind("m1", openid: "oWX-m1")
        try f.message(to: "m1")
        try f.event("identity.wechat.unbound", WeChatBindingEvent(memberId: "m1", openid: "oWX-m1"))
        let wechat = ScriptedWeChat()
        try await Dispatcher(channel: .wechat, store: f.store, wechat: wechat, sender: "t", settings: f.settings).sendDue()
        XCTAssertTrue(wechat.sent.withLock { $0.isEmpty })
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.state), [.failed, .pending])
        XCTAssertEqual(jobs[0].lastError, "wechat.no_openid")
        XCTAssertEqual(jobs[1].channel, "sms")
    }

    private func wechatSent(_ f: NotificationsFixture) async throws -> Delivery {
        try f.org("001", parent: nil)
        try f.member("m1", org: "001")
        try f.bind("m1", openid: "oWX-m1")
        try f.message(to: "m1")
        try await Dispatcher(channel: .wechat, store: f.store, wechat: ScriptedWeChat(), sender: "t", settings: f.settings).sendDue()
        let job = try XCTUnwrap(try f.jobs().first)
        XCTAssertEqual(job.state, .sent)
        XCTAssertEqual(job.providerMessageId, "wx-\(job.id)")
        return job
    }

    private func callback(_ msgid: String, status: String, token: String = "simtoken") -> WeChatCallback {
        let xml = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oWX-m1]]></FromUserName>"
            + "<CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>"
            + "<MsgID>\(msgid)</MsgID><Status><![CDATA[\(status)]]></Status></xml>"
        let signature = WeChatSignature.sign(token: token, timestamp: "1700000000", nonce: "42")
        return WeChatCallback(xml: xml, signature: signature, timestamp: "1700000000", nonce: "42", openid: "oWX-m1")
    }

    func testAFailedWeChatReportFallsBackToSMSAndASuccessMarksDelivered() async throws {
        let f = try NotificationsFixture()
        let job = try await wechatSent(f)
        let matched = try f.store.writeSync { db in
            try Reports.applyWeChat(db, self.callback(job.providerMessageId!, status: "failed:user block"), token: "simtoken", now: Date())
        }
        XCTAssertEqual(matched, 1)
        var jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.channel), ["wechat", "sms"])
        XCTAssertEqual(jobs[0].state, .failed)
        XCTAssertEqual(jobs[0].lastError, "report:failed:user block")

        let g = try NotificationsFixture()
        let other = try await wechatSent(g)
        try g.store.writeSync { db in
            _ = try Reports.applyWeChat(db, self.callback(other.providerMessageId!, status: "success"), token: "simtoken", now: Date())
        }
        jobs = try g.jobs()
        XCTAssertEqual(jobs.map(\.state), [.delivered])
    }

    func testAWeChatReportBeforeItsSendIsRecordedIsRefusedSoWeChatPushesAgain() async throws {
        let f = try NotificationsFixture()
        let job = try await wechatSent(f)
        let msgid = try XCTUnwrap(job.providerMessageId)
        // The window: WeChat has answered the send, the sender has not stored its MsgID yet.
        try f.store.writeSync { db in
            try db.execute(sql: "UPDATE delivery SET state = 'sending', providerMessageId = NULL WHERE id = ?", arguments: [job.id])
        }
        XCTAssertThrowsError(try f.store.writeSync { db in
            try Reports.applyWeChat(db, self.callback(msgid, status: "success"), token: "simtoken", now: Date())
        }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsReportEarly) }
        XCTAssertEqual(try f.jobs().map(\.state), [.sending])
        // Recorded; the push made again is applied.
        try f.store.writeSync { db in
            try db.execute(sql: "UPDATE delivery SET state = 'sent', providerMessageId = ? WHERE id = ?", arguments: [msgid, job.id])
        }
        let matched = try f.store.writeSync { db in
            try Reports.applyWeChat(db, self.callback(msgid, status: "success"), token: "simtoken", now: Date())
        }
        XCTAssertEqual(matched, 1)
        XCTAssertEqual(try f.jobs().map(\.state), [.delivered])
        // A MsgID we never sent, with no send open, is acknowledged and matches nothing.
        let stranger = try f.store.writeSync { db in
            try Reports.applyWeChat(db, self.callback("wx-not-ours", status: "success"), token: "simtoken", now: Date())
        }
        XCTAssertEqual(stranger, 0)
    }

    func testAForgedWeChatReportIsRefused() async throws {
        let f = try NotificationsFixture()
        let job = try await wechatSent(f)
        XCTAssertThrowsError(try f.store.writeSync { db in
            try Reports.applyWeChat(db, self.callback(job.providerMessageId!, status: "failed:user block", token: "forged"),
                                    token: "simtoken", now: Date())
        }) { XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.notificationsSignatureInvalid) }
        XCTAssertEqual(try f.jobs().map(\.state), [.sent])
    }

    func testNoWeChatReportInTimeFallsBackToSMS() async throws {
        let f = try NotificationsFixture()
        f.settings.wechatReportTimeoutSeconds = 600
        _ = try await wechatSent(f)
        let early = try f.store.writeSync { db in try DeliveryQueue.expireReports(db, now: Date().addingTimeInterval(590)) }
        XCTAssertEqual(early, 0, "still within the timeout")
        let late = try f.store.writeSync { db in try DeliveryQueue.expireReports(db, now: Date().addingTimeInterval(610)) }
        XCTAssertEqual(late, 1)
        let jobs = try f.jobs()
        XCTAssertEqual(jobs.map(\.channel), ["wechat", "sms"])
        XCTAssertEqual(jobs[0].lastError, "wechat.no_report")
        XCTAssertEqual(jobs[1].state, .pending)
    }

    func testSmsReportsMarkDeliveredOrFailedByOutId() async throws {
        let f = try NotificationsFixture()
        try f.store.writeSync { db in
            try DeliveryQueue.enqueue(db, dedupKey: "a", channel: "sms", recipient: "13800000001", templateCode: "T", params: [:], now: Date())
            try DeliveryQueue.enqueue(db, dedupKey: "b", channel: "sms", recipient: "13800000002", templateCode: "T", params: [:], now: Date())
        }
        try await Dispatcher(store: f.store, provider: ScriptedSMS(), sender: "t").sendDue()
        let jobs = try f.jobs("SELECT * FROM delivery ORDER BY recipient")
        let matched = try f.store.writeSync { db in
            try Reports.applySms(db, [SmsReport(success: true, err_code: "DELIVERED", out_id: jobs[0].id),
                                      SmsReport(success: false, err_code: "MK:0001", out_id: jobs[1].id),
                                      SmsReport(success: true, out_id: "unknown")], now: Date())
        }
        XCTAssertEqual(matched, 2)
        let after = try f.jobs("SELECT * FROM delivery ORDER BY recipient")
        XCTAssertEqual(after.map(\.state), [.delivered, .failed])
        XCTAssertEqual(after[1].lastError, "report:MK:0001")
    }

    func testTransientWeChatErrorsRetryWithBackoffThenFallBack() async throws {
        let f = try NotificationsFixture()
        try f.org("001", parent: nil)
        try f.member("m1", org: "001")
        try f.bind("m1", openid: "oWX-m1")
        try f.message(to: "m1")
        let wechat = ScriptedWeChat()
        wechat.answers.withLock { $0 = [.transient("wechat.-1"), .transient("wechat.45009"), .transient("wechat.-1")] }
        let d = Dispatcher(channel: .wechat, store: f.store, wechat: wechat, sender: "t", settings: f.settings)
        try await d.sendDue()
        var job = try XCTUnwrap(try f.jobs().first)
        XCTAssertEqual(job.state, .pending)
        XCTAssertGreaterThan(job.nextAttemptAt.timeIntervalSinceNow, 7, "≈10 s ± 20 %")
        let notDue = try await d.sendDue()
        XCTAssertEqual(notDue, 0, "not due yet")
        try await d.sendDue(now: Date().addingTimeInterval(13))
        job = try XCTUnwrap(try f.jobs().first)
        XCTAssertGreaterThan(job.nextAttemptAt.timeIntervalSinceNow, 13 + 15, "the second wait doubles (≈20 s)")
        try await d.sendDue(now: Date().addingTimeInterval(60))
        let jobs = try f.jobs()
        XCTAssertEqual(jobs[0].state, .failed, "gave up after maxAttempts")
        XCTAssertEqual(jobs.count, 2, "and the message goes by SMS")
        XCTAssertEqual(wechat.sent.withLock { Set($0.map(\.clientMsgId)) }, [jobs[0].id], "every try carries the job id as client_msg_id")
    }

    func testTheProviderRateIsKept() async throws {
        let f = try NotificationsFixture()
        f.settings.smsRatePerSecond = 200
        try f.store.writeSync { db in
            for i in 0..<100 {
                try DeliveryQueue.enqueue(db, dedupKey: "k\(i)", channel: "sms", recipient: String(format: "138%08d", i),
                                          templateCode: "T", params: [:], now: Date())
            }
        }
        let d = Dispatcher(channel: .sms, store: f.store, sms: ScriptedSMS(), sender: "t", settings: f.settings)
        let started = ContinuousClock.now
        var sent = 0
        while sent < 100 { sent += try await d.sendDue() }
        let elapsed = ContinuousClock.now - started
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(450), "100 messages at 200/s take about half a second")
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    func testVerificationCodesToOnePhoneAreScheduledNotRefused() throws {
        let f = try NotificationsFixture()
        let now = Date()
        var slots: [Date] = []
        for i in 0..<7 {
            let body = try JSONValue(encoding: ["phone": "13812345678", "code": "12345\(i)", "purpose": "login",
                                                "expiresAt": RFC3339.format(now.addingTimeInterval(86400 * 2))])
            try f.store.writeSync { db in
                try EventIntake.apply(db, source: "identity", event: Envelope(type: "identity.verification_code.requested", body: body),
                                      settings: f.settings, now: now)
            }
        }
        let jobs = try f.jobs("SELECT * FROM delivery ORDER BY scheduledAt")
        XCTAssertEqual(jobs.count, 7)
        XCTAssertTrue(jobs.allSatisfy { $0.state == .pending }, "none refused")
        slots = jobs.map { $0.nextAttemptAt.timeIntervalSince(now) }.map { Date(timeIntervalSinceReferenceDate: $0) }
        let offsets = slots.map { Int($0.timeIntervalSinceReferenceDate.rounded()) }
        // 1 a minute, 5 an hour: 0, 60, 120, 180, 240, then the hour window pushes to 3600, 3660.
        XCTAssertEqual(offsets, [0, 60, 120, 180, 240, 3600, 3660])
        XCTAssertEqual(CodeLimits().slot(after: (0..<10).map { now.addingTimeInterval(Double($0) * 3600) }, now: now),
                       now.addingTimeInterval(86400), "the eleventh in a day waits for the first to leave the day")
        // Another phone is not held up.
        let other = CodeLimits().slot(after: [], now: now)
        XCTAssertEqual(other, now)
    }
}
