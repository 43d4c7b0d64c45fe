import Foundation
import GRDB
import Payments
import Schema
import XCTest

/// The openssl-signed back notifications in Fixtures/unionpay-notify*-body.txt against orders in a real store.
final class UnionPayNotificationTests: XCTestCase {
    let orderId = UnionPayVectors.orderId
    let now = UnionPayVectors.txnTime.addingTimeInterval(30)

    func openOrder(totalFen: Int64 = 4505, channel: String = "unionpay") throws -> TemporaryPaymentsStore {
        let fixture = try TemporaryPaymentsStore()
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: orderId, payer: "m1", channel: channel, lines: [
                OrderLine(memberId: "m1", month: "2026-09", amountFen: totalFen - 1000),
                OrderLine(memberId: "m1", month: "2026-10", amountFen: 1000),
            ], remark: nil, expiresAt: now.addingTimeInterval(900), now: UnionPayVectors.txnTime)
        }
        return fixture
    }

    func body(_ name: String = "notify") throws -> String { try Vectors.text("unionpay-\(name)-body.txt") }

    func receive(_ fixture: TemporaryPaymentsStore, _ body: String, merchant: UnionPayMerchant? = nil,
                 at: Date? = nil) throws -> UnionPayNotifications.Outcome {
        let merchant = try merchant ?? UnionPayVectors.merchant()
        return try fixture.store.writeSync { db in
            try UnionPayNotifications.receive(db, body: body, merchant: merchant, now: at ?? now)
        }
    }

    func recorded(_ fixture: TemporaryPaymentsStore) throws -> [String] {
        try fixture.store.readSync { db in
            try Row.fetchAll(db, sql: "SELECT channel, outcome, reason FROM provider_notification ORDER BY seq").map { row -> String in
                XCTAssertEqual(row["channel"] as String, "unionpay")
                return (row["outcome"] as String) + ((row["reason"] as String?).map { ":" + $0 } ?? "")
            }
        }
    }

    func order(_ fixture: TemporaryPaymentsStore) throws -> OrderRecord? {
        try fixture.store.readSync { db in try Orders.find(db, id: orderId) }
    }

    /// The replay: the same notification again is a duplicate; the order is paid once, with the queryId.
    func testDebitAppliedOnceThenDuplicate() throws {
        let fixture = try openOrder()
        let first = try receive(fixture, body())
        XCTAssertEqual(first, .applied(orderId: orderId))
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.body, "ok")
        XCTAssertEqual(try receive(fixture, body(), at: now.addingTimeInterval(60)), .duplicate(orderId: orderId))
        let paid = try XCTUnwrap(order(fixture))
        XCTAssertEqual(paid.status, "paid")
        XCTAssertEqual(paid.providerTradeNo, "772701151600000000001")
        XCTAssertEqual(paid.paidAt, now)
        XCTAssertEqual(try recorded(fixture), ["applied", "duplicate"])
    }

    /// A credit card moved the money: paid, then straight to refunding with the credit-card code; a
    /// replay changes nothing.
    func testCreditCardIsSentToRefund() throws {
        let fixture = try openOrder()
        let outcome = try receive(fixture, body("notify-credit"))
        XCTAssertEqual(outcome, .creditCard(orderId: orderId))
        XCTAssertEqual(outcome.body, "ok", "the notification itself is taken: UnionPay must stop resending")
        let refunding = try XCTUnwrap(order(fixture))
        XCTAssertEqual(refunding.status, "refunding")
        XCTAssertEqual(refunding.refusal, UnionPayCards.creditCardCode)
        XCTAssertEqual(refunding.providerTradeNo, "772701151600000000002")
        XCTAssertEqual(RefundReasons.text(forDuesCode: refunding.refusal ?? ""), "党费不接受信用卡交纳，请使用借记卡")
        XCTAssertEqual(try receive(fixture, body("notify-credit")), .duplicate(orderId: orderId))
        XCTAssertEqual(try order(fixture)?.status, "refunding")
        XCTAssertEqual(try recorded(fixture), ["applied:payments.credit_card", "duplicate"])
    }

    func testTamperedFieldIsRefused() throws {
        let fixture = try openOrder()
        let tampered = try body().replacingOccurrences(of: "payCardType=01", with: "payCardType=00")
        XCTAssertNotEqual(tampered, try body())
        let outcome = try receive(fixture, tampered)
        XCTAssertEqual(outcome, .refused(reason: "signature"))
        XCTAssertEqual(outcome.status, 500)
        XCTAssertEqual(outcome.body, "fail")
        XCTAssertEqual(try order(fixture)?.status, "open")
        XCTAssertEqual(try recorded(fixture), ["refused:signature"])
    }

    /// Signed by another key — even one the message itself carries in signPubKeyCert — is refused.
    func testOtherKeysAreRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, body("notify-stranger")), .refused(reason: "signature"))
        let wrongKey = try UnionPayVectors.merchant(unionPayKey: UnionPayVectors.merchantKey().publicKey)
        XCTAssertEqual(try receive(fixture, body(), merchant: wrongKey), .refused(reason: "signature"))
        XCTAssertEqual(try order(fixture)?.status, "open")
    }

    /// Genuinely signed, but not about this order of this merchant: refused and recorded.
    func testMismatchesAreRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, body("notify-othermer")), .refused(reason: "merId"))
        XCTAssertEqual(try receive(fixture, body("notify-amount")), .refused(reason: "txnAmt"))
        XCTAssertEqual(try receive(fixture, body("notify-unknown")), .refused(reason: "orderId"))
        XCTAssertEqual(try order(fixture)?.status, "open")
        XCTAssertEqual(try recorded(fixture), ["refused:merId", "refused:txnAmt", "refused:orderId"])
        let other = try openOrder(channel: "alipay")
        XCTAssertEqual(try receive(other, body()), .refused(reason: "orderId"), "an order of another channel")
    }

    func testRefundResultIsIgnoredAndMalformedRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, body("notify-refund")), .ignored(orderId: orderId + "r1"))
        XCTAssertEqual(try receive(fixture, "a=%ZZ"), .refused(reason: "malformed"))
        XCTAssertEqual(try order(fixture)?.status, "open")
        XCTAssertEqual(try recorded(fixture), ["ignored", "refused:malformed"])
    }

    /// The money moved after the order expired: still paid (dues' refusal then refunds it).
    func testExpiredOrderStillBecomesPaid() throws {
        let fixture = try openOrder()
        _ = try fixture.store.writeSync { db in try OrderLifecycle.expireUnplaced(db, now: self.now.addingTimeInterval(1000)) }
        XCTAssertEqual(try receive(fixture, body()), .applied(orderId: orderId))
        XCTAssertEqual(try order(fixture)?.status, "paid")
    }
}
