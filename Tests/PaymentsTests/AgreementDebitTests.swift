import Foundation
import GRDB
import Payments
import Schema
import Store
import XCTest

/// 银行缴费协议: the 代收 requests against openssl vectors (Fixtures/unionpay-debit-make.sh), one debit
/// per agreement and month, the failure path (months released, member told once), 解约.
final class AgreementDebitTests: XCTestCase {
    let orderId = "pd0123456789abcdef0123456789abcd"
    let now = UnionPayVectors.txnTime

    func testEstablishRequestMatchesTheOpensslVector() throws {
        let fields = try UnionPayVectors.merchant().requests.establish(
            orderId: "ag0123456789abcdef01234567", accNo: "6216261000000000018", certifId: "330102199001011234",
            customerNm: "张三", now: now)
        var expected = try UnionPayVectors.lines("unionpay-establish-form.txt")
        XCTAssertEqual(UnionPaySignature.canonical(fields), try Vectors.text("unionpay-establish-canonical.txt"))
        expected["signature"] = try Vectors.text("unionpay-establish.sig.b64")
        XCTAssertEqual(fields, expected)
    }

    func testCollectRequestMatchesTheOpensslVector() throws {
        let fields = try UnionPayVectors.merchant().requests.collect(orderId: orderId, token: "6235000000000000001", amountFen: 4505,
                                                                     txnTime: now)
        var expected = try UnionPayVectors.lines("unionpay-collect-form.txt")
        XCTAssertEqual(UnionPaySignature.digestHex(fields), try Vectors.text("unionpay-collect-digest.txt"))
        expected["signature"] = try Vectors.text("unionpay-collect.sig.b64")
        XCTAssertEqual(fields, expected)
    }

    func testCardNumbers() {
        XCTAssertEqual(Agreements.cardDigits("6216 2610 0000 0000 018"), "6216261000000000018")
        XCTAssertNil(Agreements.cardDigits("621626100000"), "too short")
        XCTAssertNil(Agreements.cardDigits("62162610000000000a8"))
        XCTAssertEqual(Agreements.bankName(forCard: "6222020000000000000"), "中国工商银行")
    }

    // MARK: Store

    func signed(_ fixture: TemporaryPaymentsStore, member: String = "m1", id: String = "ag1") throws {
        try fixture.store.writeSync { db in
            try db.execute(sql: """
                INSERT INTO agreement (id, memberId, status, cardLast4, bankName, holderName, token, signedAt)
                VALUES (?, ?, 'active', '0018', '平安银行', '张*', '6235000000000000001', ?)
                """, arguments: [id, member, now.timeIntervalSince1970])
        }
    }

    func opened(_ fixture: TemporaryPaymentsStore, month: String, eventId: String = UUID().uuidString) throws {
        let event = Envelope<JSONValue>(type: DuesEvent.monthOpened, id: eventId, body: try JSONValue(encoding: MonthOpenedEvent(
            month: month, orgCode: "330000", branchesOpened: 1, standardsCarried: 2)))
        try fixture.store.writeSync { db in try Debits.intake(db, event: event, now: self.now) }
    }

    func count(_ fixture: TemporaryPaymentsStore, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try fixture.store.readSync { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
    }

    /// A replayed event, or the same month opened twice, leaves one debit with one order id.
    func testOneDebitPerAgreementAndMonth() throws {
        let fixture = try TemporaryPaymentsStore()
        try signed(fixture)
        try signed(fixture, member: "m2", id: "ag2")
        try fixture.store.writeSync { db in try db.execute(sql: "UPDATE agreement SET status = 'cancelled' WHERE id = 'ag2'") }
        try opened(fixture, month: "2027-01")
        try opened(fixture, month: "2027-01")
        try opened(fixture, month: "2027-02")
        let pending = try fixture.store.readSync { db in try Debits.pending(db, limit: 10) }
        XCTAssertEqual(pending.map(\.month), ["2027-01", "2027-02"], "the cancelled agreement has no debits")
        XCTAssertEqual(pending.first?.orderId, Debits.orderId(agreementId: "ag1", month: "2027-01"))
        XCTAssertNotEqual(pending[0].orderId, pending[1].orderId)
        XCTAssertEqual(pending[0].orderId.count, 32)
    }

    func debitOrder(_ fixture: TemporaryPaymentsStore) throws {
        try signed(fixture)
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: self.orderId, payer: "m1", channel: "unionpay", lines: [
                OrderLine(memberId: "m1", month: "2026-12", amountFen: 2000), OrderLine(memberId: "m1", month: "2027-01", amountFen: 2505),
            ], remark: nil, expiresAt: self.now.addingTimeInterval(3600), now: self.now, purpose: .debit)
            try db.execute(sql: """
                INSERT INTO agreement_debit (agreementId, month, memberId, orderId, status, createdAt) VALUES ('ag1', '2027-01', 'm1', ?, 'sent', ?)
                """, arguments: [self.orderId, self.now.timeIntervalSince1970])
        }
    }

    func receive(_ fixture: TemporaryPaymentsStore, _ name: String) throws -> UnionPayNotifications.Outcome {
        let body = try Vectors.text("unionpay-\(name)-body.txt")
        let merchant = try UnionPayVectors.merchant()
        return try fixture.store.writeSync { db in try UnionPayNotifications.receive(db, body: body, merchant: merchant, now: self.now) }
    }

    /// 51 余额不足 by notification: the order fails (its months go back through the sweep's release),
    /// the member is told once — a resent notification adds nothing — and nothing is retried.
    func testRefusedDebitFailsOnceAndReleases() throws {
        let fixture = try TemporaryPaymentsStore()
        try debitOrder(fixture)
        XCTAssertEqual(try receive(fixture, "debit-notify-51"), .ignored(orderId: orderId))
        XCTAssertEqual(try receive(fixture, "debit-notify-51"), .ignored(orderId: orderId))
        let order = try XCTUnwrap(fixture.store.readSync { db in try Orders.find(db, id: self.orderId) })
        XCTAssertEqual(order.status, "failed")
        XCTAssertEqual(order.refusal, "unionpay.51")
        XCTAssertEqual(try count(fixture, "SELECT COUNT(*) FROM store_event WHERE type = ?", [PaymentsEvent.debitFailed]), 1)
        XCTAssertEqual(try count(fixture, "SELECT COUNT(*) FROM agreement_debit WHERE status = 'failed' AND failure = '51'"), 1)
        let releases = try fixture.store.readSync { db in try OrderLifecycle.pendingReleases(db) }
        XCTAssertEqual(releases, [orderId])
        XCTAssertTrue(try fixture.store.readSync { db in try Debits.pending(db, limit: 10) }.isEmpty, "no retry")
        let envelope = try fixture.store.readSync { db in
            try Data.fetchOne(db, sql: "SELECT envelope FROM store_event WHERE type = ?", arguments: [PaymentsEvent.debitFailed])
        }
        let event = try Wire.decode(DebitFailedEvent.self, from: XCTUnwrap(envelope))
        XCTAssertEqual(event.body, DebitFailedEvent(orderId: orderId, payerMemberId: "m1", amountFen: 4505, months: ["2026-12", "2027-01"],
                                                    cardLast4: "0018", reason: "银行卡余额不足"))
    }

    /// UnionPay's notification can be applied before the runner records that its request went out:
    /// that late "sent" must not hide the refusal (or the payment) from the member's 扣款记录.
    func testALateSentKeepsTheNotificationsOutcome() throws {
        let fixture = try TemporaryPaymentsStore()
        try debitOrder(fixture)
        try fixture.store.writeSync { db in try Debits.mark(db, orderId: self.orderId, status: "pending") }
        XCTAssertEqual(try receive(fixture, "debit-notify-51"), .ignored(orderId: orderId))
        try fixture.store.writeSync { db in try Debits.markSent(db, orderId: self.orderId) }
        XCTAssertEqual(try count(fixture, "SELECT COUNT(*) FROM agreement_debit WHERE status = 'failed' AND failure = '51'"), 1)

        let other = try TemporaryPaymentsStore()
        try debitOrder(other)
        try other.store.writeSync { db in try Debits.mark(db, orderId: self.orderId, status: "pending") }
        try other.store.writeSync { db in try Debits.markSent(db, orderId: self.orderId) }
        XCTAssertEqual(try count(other, "SELECT COUNT(*) FROM agreement_debit WHERE status = 'sent'"), 1, "a pending debit becomes sent")
        XCTAssertEqual(try receive(other, "debit-notify"), .applied(orderId: orderId))
        try other.store.writeSync { db in try Debits.markSent(db, orderId: self.orderId) }
        XCTAssertEqual(try count(other, "SELECT COUNT(*) FROM agreement_debit WHERE status = 'paid'"), 1)
    }

    func testPaidDebitIsApplied() throws {
        let fixture = try TemporaryPaymentsStore()
        try debitOrder(fixture)
        XCTAssertEqual(try receive(fixture, "debit-notify"), .applied(orderId: orderId))
        XCTAssertEqual(try receive(fixture, "debit-notify"), .duplicate(orderId: orderId))
        XCTAssertEqual(try count(fixture, "SELECT COUNT(*) FROM agreement_debit WHERE status = 'paid'"), 1)
        XCTAssertEqual(try count(fixture, "SELECT COUNT(*) FROM store_event WHERE type = ?", [PaymentsEvent.debitFailed]), 0)
        // A consume notification (txnType 01) does not apply to a debit order.
        XCTAssertEqual(try fixture.store.readSync { db in try Orders.find(db, id: self.orderId)?.status }, "paid")
    }

    /// 解约: only one's own active agreement; its unsent debits are skipped; a second cancel is refused.
    func testCancel() throws {
        let fixture = try TemporaryPaymentsStore()
        try signed(fixture)
        try opened(fixture, month: "2027-01")
        XCTAssertThrowsError(try fixture.store.writeSync { db in try Agreements.cancel(db, id: "ag1", memberId: "m2", now: self.now) }) {
            XCTAssertEqual(($0 as? ErrorBody)?.code, ErrorCode.paymentsAgreementNotFound)
        }
        let view = try fixture.store.writeSync { db in try Agreements.cancel(db, id: "ag1", memberId: "m1", now: self.now) }
        XCTAssertEqual(view.status, "cancelled")
        XCTAssertEqual(view.cardLast4, "0018")
        XCTAssertEqual(try count(fixture, "SELECT COUNT(*) FROM agreement_debit WHERE status = 'skipped'"), 1)
        XCTAssertThrowsError(try fixture.store.writeSync { db in try Agreements.cancel(db, id: "ag1", memberId: "m1", now: self.now) })
    }
}
