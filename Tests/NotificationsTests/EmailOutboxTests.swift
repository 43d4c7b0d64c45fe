import Foundation
import GRDB
import Notifications
import ProviderSimulatorCore
import Schema
import Store
import XCTest

/// The email outbox on a real SQLite file and a real relay (the simulator's SMTP sink over TCP): a
/// relay that is down gets the message later, once; a request seen again is not sent again; a
/// message a dead instance left `sending` is sent after the orphan age, with the same Message-ID.
final class EmailOutboxTests: XCTestCase {
    var store: Store!
    var directory: URL!
    var sink: SMTPSink!
    var settings = SmtpSettings()
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    override func setUp() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("notif-email-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("notifications.sqlite").path, migrations: NotificationsMigrations.register)
        sink = SMTPSink(bind: "127.0.0.1", port: 0)
        settings.host = "127.0.0.1"
        settings.port = Int(try sink.start())
        settings.from = "noreply@dangjian.test"
        settings.timeoutSeconds = 2
    }

    override func tearDown() async throws {
        sink.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func request(to: String = "member@example.com") -> EmailSendRequest {
        EmailSendRequest(to: to, subject: "2026年度党费缴纳证明", body: "附件。",
                         attachments: [EmailAttachment(fileName: "证明.pdf", mediaType: "application/pdf",
                                                       contentBase64: Data("%PDF-1.4".utf8).base64EncodedString())], memberId: "m1")
    }

    func state(_ id: String) async throws -> (state: String, attempts: Int, hasMessage: Bool) {
        try await store.read { db in
            let row = try XCTUnwrap(try Row.fetchOne(db, sql: "SELECT state, attempts, message IS NOT NULL AS kept FROM email_outbox WHERE id = ?",
                                                     arguments: [id]))
            return (row["state"], row["attempts"], row["kept"])
        }
    }

    func testSentAtOnceAndARepeatedRequestIsNotSentAgain() async throws {
        let outbox = EmailOutbox(store: store, settings: settings, holder: "a")
        let first = try await outbox.send(request(), requestId: "r1", now: now)
        XCTAssertFalse(first.queued)
        let again = try await outbox.send(request(), requestId: "r1", now: now)
        XCTAssertEqual(again.messageId, first.messageId)
        XCTAssertEqual(sink.messages.count, 1)
        let row = try await state("r1")
        XCTAssertEqual(row.state, "sent")
        XCTAssertFalse(row.hasMessage, "the content goes once sent")
    }

    func testRelayDownThenBackSendsOnce() async throws {
        let port = UInt16(settings.port)
        sink.stop()
        let outbox = EmailOutbox(store: store, settings: settings, holder: "a")
        let queued = try await outbox.send(request(), requestId: "r2", now: now)
        XCTAssertTrue(queued.queued)
        let pending = try await state("r2")
        XCTAssertEqual(pending.state, "pending")
        XCTAssertTrue(pending.hasMessage)
        // Not before its backoff.
        let got1 = try await outbox.retryDue(now: now.addingTimeInterval(1))
        XCTAssertEqual(got1, 0)
        sink = SMTPSink(bind: "127.0.0.1", port: port)
        try sink.start()
        let got2 = try await outbox.retryDue(now: now.addingTimeInterval(31))
        XCTAssertEqual(got2, 1)
        let got3 = try await outbox.retryDue(now: now.addingTimeInterval(3600))
        XCTAssertEqual(got3, 0)
        XCTAssertEqual(sink.messages.count, 1)
        XCTAssertTrue(String(decoding: sink.messages[0].raw, as: UTF8.self).contains("Message-ID: <\(queued.messageId)>"))
        let sent = try await state("r2")
        XCTAssertEqual(sent.state, "sent")
        XCTAssertEqual(sent.attempts, 2)
    }

    func testPermanentRefusalIsFailedAndTold() async throws {
        let outbox = EmailOutbox(store: store, settings: settings, holder: "a")
        do {
            _ = try await outbox.send(request(to: "reject.me@example.com"), requestId: "r3", now: now)
            XCTFail("sent")
        } catch let error as ErrorBody {
            XCTAssertEqual(error.code, ErrorCode.notificationsEmailRejected)
        }
        let got4 = try await state("r3").state
        XCTAssertEqual(got4, "failed")
        let got5 = try await outbox.retryDue(now: now.addingTimeInterval(86400))
        XCTAssertEqual(got5, 0)
    }

    func testGivesUpAfterMaxAttempts() async throws {
        settings.maxAttempts = 2
        let outbox = EmailOutbox(store: store, settings: settings, holder: "a")
        let queued = try await outbox.send(request(to: "busy@example.com"), requestId: "r4", now: now)
        XCTAssertTrue(queued.queued)
        let got6 = try await outbox.retryDue(now: now.addingTimeInterval(31))
        XCTAssertEqual(got6, 1)
        let got7 = try await state("r4").state
        XCTAssertEqual(got7, "failed")
    }

    /// An instance died after claiming: nothing happens before the orphan age, then it is sent once.
    func testOrphanOfADeadInstanceIsSentAfterTheOrphanAge() async throws {
        let port = UInt16(settings.port)
        sink.stop()
        let dead = EmailOutbox(store: store, settings: settings, holder: "dead")
        _ = try await dead.send(request(), requestId: "r5", now: now)
        // As if "dead" had claimed its retry and died before recording the outcome.
        let claimedAt = now
        try await store.write { db in
            try db.execute(sql: "UPDATE email_outbox SET state = 'sending', claimedBy = 'dead', claimedAt = ? WHERE id = 'r5'", arguments: [claimedAt])
        }
        sink = SMTPSink(bind: "127.0.0.1", port: port)
        try sink.start()
        let alive = EmailOutbox(store: store, settings: settings, holder: "alive")
        let got8 = try await alive.recoverOrphans(now: now.addingTimeInterval(60))
        XCTAssertEqual(got8, 0)
        let got9 = try await alive.retryDue(now: now.addingTimeInterval(60))
        XCTAssertEqual(got9, 0)
        let got10 = try await alive.recoverOrphans(now: now.addingTimeInterval(settings.orphanAgeSeconds + 1))
        XCTAssertEqual(got10, 1)
        let got11 = try await alive.retryDue(now: now.addingTimeInterval(settings.orphanAgeSeconds + 1))
        XCTAssertEqual(got11, 1)
        XCTAssertEqual(sink.messages.count, 1)
        let got12 = try await state("r5").state
        XCTAssertEqual(got12, "sent")
    }
}
