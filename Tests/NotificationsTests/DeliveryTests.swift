import Foundation
import GRDB
import Notifications
import Schema
import Store
import Synchronization
import XCTest

/// A provider that answers as the test says and remembers what it was asked.
final class ScriptedSMS: SmsProvider, Sendable {
    let answers = Mutex<[SmsOutcome]>([])
    let sent = Mutex<[(phone: String, template: String, params: [String: String], outId: String)]>([])
    let received = Mutex<Set<String>>([])

    /// Requests, as the phones each carried.
    let requests = Mutex<[[String]]>([])

    func send(phones: [String], templateCode: String, params: [String: String], outId: String) async -> SmsOutcome {
        sent.withLock { sent in for phone in phones { sent.append((phone, templateCode, params, outId)) } }
        requests.withLock { $0.append(phones) }
        let next = answers.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        return next ?? .accepted(messageId: "biz-\(outId)")
    }

    func wasReceived(outId: String, phone: String, on date: Date) async -> Bool? {
        received.withLock { $0.contains(outId) }
    }
}

final class DeliveryTests: XCTestCase {
    var store: Store!
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("notif-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("notifications.sqlite").path,
                          migrations: NotificationsMigrations.register)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func codeEvent(phone: String = "13812345678", code: String = "123456", expiresIn: TimeInterval = 300) throws -> Envelope<JSONValue> {
        let body = try JSONValue(encoding: [
            "phone": phone, "code": code, "purpose": "login",
            "expiresAt": RFC3339.format(Date().addingTimeInterval(expiresIn)),
        ])
        return Envelope(type: "identity.verification_code.requested", body: body)
    }

    private func deliveries() throws -> [Delivery] {
        try store.readSync { db in try Delivery.fetchAll(db, sql: "SELECT * FROM delivery ORDER BY createdAt") }
    }

    func testTheSameEventYieldsOneJobStoredBeforeAnythingIsSent() throws {
        let event = try codeEvent()
        try store.writeSync { db in
            try EventIntake.apply(db, source: "identity", event: event, settings: NotificationsSettings(), now: Date())
            try EventIntake.apply(db, source: "identity", event: event, settings: NotificationsSettings(), now: Date())
        }
        let jobs = try deliveries()
        XCTAssertEqual(jobs.count, 1, "deduplicated by event, recipient and template")
        XCTAssertEqual(jobs[0].state, .pending)
        XCTAssertEqual(jobs[0].recipient, "13812345678")
        XCTAssertEqual(jobs[0].templateParams, ["code": "123456"])
        XCTAssertEqual(jobs[0].templateCode, SmsTemplates().loginCode)
    }

    func testAnEventWithoutAPhoneIsASchemaErrorAndStoresNothing() throws {
        let event = Envelope<JSONValue>(type: "identity.verification_code.requested", body: ["code": "1", "purpose": "login"])
        XCTAssertThrowsError(try store.writeSync { db in
            try EventIntake.apply(db, source: "identity", event: event, settings: NotificationsSettings(), now: Date())
        }) { error in
            XCTAssertEqual((error as? ErrorBody)?.details["field"], "body.phone")
        }
        XCTAssertEqual(try deliveries().count, 0)
    }

    func testDispatcherSendsOnceAndRecordsTheProviderMessageId() async throws {
        let provider = ScriptedSMS()
        let event = try codeEvent()
        try store.writeSync { db in try EventIntake.apply(db, source: "identity", event: event, settings: NotificationsSettings(), now: Date()) }
        let dispatcher = Dispatcher(store: store, provider: provider, sender: "test")
        let first = try await dispatcher.sendDue()
        let second = try await dispatcher.sendDue()
        XCTAssertEqual(first, 1)
        XCTAssertEqual(second, 0, "a sent job is not sent again")
        let job = try XCTUnwrap(try deliveries().first)
        XCTAssertEqual(job.state, .sent)
        XCTAssertEqual(job.providerMessageId, "biz-\(job.id)")
        XCTAssertEqual(provider.sent.withLock { $0.map(\.outId) }, [job.id], "OutId is the job id")
    }

    func testTransientErrorsRetryWithBackoffAndPermanentOnesFail() async throws {
        let provider = ScriptedSMS()
        provider.answers.withLock { $0 = [.transient("isv.BUSINESS_LIMIT_CONTROL"), .permanent("isv.MOBILE_NUMBER_ILLEGAL")] }
        try store.writeSync { db in try EventIntake.apply(db, source: "identity", event: try self.codeEvent(), settings: NotificationsSettings(), now: Date()) }
        let dispatcher = Dispatcher(store: store, provider: provider, sender: "test", policy: RetryPolicy(baseDelay: 10))
        try await dispatcher.sendDue()
        var job = try XCTUnwrap(try deliveries().first)
        XCTAssertEqual(job.state, .pending, "rate limited: scheduled again, not failed")
        XCTAssertGreaterThan(job.nextAttemptAt.timeIntervalSinceNow, 7, "backs off about 10 s (±20 %)")
        let notDue = try await dispatcher.sendDue()
        XCTAssertEqual(notDue, 0, "not due yet")
        try await dispatcher.sendDue(now: Date().addingTimeInterval(13))
        job = try XCTUnwrap(try deliveries().first)
        XCTAssertEqual(job.state, .failed)
        XCTAssertEqual(job.lastError, "isv.MOBILE_NUMBER_ILLEGAL")
        XCTAssertEqual(provider.sent.withLock { $0.count }, 2)
    }

    func testAnExpiredCodeIsNeverSent() async throws {
        let provider = ScriptedSMS()
        try store.writeSync { db in try EventIntake.apply(db, source: "identity", event: try self.codeEvent(expiresIn: 60), settings: NotificationsSettings(), now: Date()) }
        try await Dispatcher(store: store, provider: provider, sender: "t").sendDue(now: Date().addingTimeInterval(120))
        XCTAssertEqual(try deliveries().first?.state, .failed)
        XCTAssertEqual(try deliveries().first?.lastError, "expired")
        XCTAssertTrue(provider.sent.withLock { $0.isEmpty })
    }

    func testOrphansAreSettledByAskingTheProviderNotByResending() async throws {
        let provider = ScriptedSMS()
        try store.writeSync { db in
            let earlier = Date().addingTimeInterval(-120)
            try EventIntake.apply(db, source: "identity", event: try self.codeEvent(phone: "13800000001"), settings: NotificationsSettings(), now: earlier)
            try EventIntake.apply(db, source: "identity", event: try self.codeEvent(phone: "13800000002"), settings: NotificationsSettings(), now: earlier)
            // A sender claimed both and died before recording anything.
            _ = try DeliveryQueue.claim(db, sender: "dead", limit: 10, now: Date().addingTimeInterval(-120))
        }
        let jobs = try deliveries()
        provider.received.withLock { $0 = [jobs[0].id] }  // the first reached the provider, the second did not
        let dispatcher = Dispatcher(store: store, provider: provider, sender: "new")
        let recovered = try await dispatcher.recoverOrphans()
        XCTAssertEqual(recovered, 2)
        try await dispatcher.sendDue()
        let settled = Dictionary(uniqueKeysWithValues: try deliveries().map { ($0.recipient, $0.state) })
        XCTAssertEqual(settled["13800000001"], .sent)
        XCTAssertEqual(settled["13800000002"], .sent)
        XCTAssertEqual(provider.sent.withLock { $0.map(\.phone) }, ["13800000002"], "only the one the provider never got is sent")
    }

    func testAliyunPercentEncodingFollowsRFC3986() {
        XCTAssertEqual(AliyunSignature.percentEncode("a b*c~d/é"), "a%20b%2Ac~d%2F%C3%A9")
        XCTAssertEqual(AliyunSignature.percentEncode("{\"code\":\"1\"}"), "%7B%22code%22%3A%221%22%7D")
    }

    func testAliyunTimestampIsUTCWithZone() {
        XCTAssertEqual(AliyunSignature.timestamp(Date(timeIntervalSince1970: 1_790_000_000)), "2026-09-21T14:13:20Z")
    }
}
