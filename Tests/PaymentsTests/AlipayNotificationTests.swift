import Foundation
import GRDB
import Payments
import Schema
import XCTest

/// The signed notification in Fixtures/notify-body.txt (out_trade_no 6823789339978248, 30.00 yuan,
/// app 2014072300007148, seller 2088102119685838) against orders in a real store.
final class AlipayNotificationTests: XCTestCase {
    let orderId = "6823789339978248"
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func merchant(appId: String = "2014072300007148", sellerId: String = "2088102119685838") throws -> AlipayMerchant {
        AlipayMerchant(appId: appId, sellerId: sellerId, alipayPublicKey: try Vectors.publicKey())
    }

    func openOrder(totalFen: Int64 = 3000) throws -> TemporaryPaymentsStore {
        let fixture = try TemporaryPaymentsStore()
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: orderId, payer: "m1", channel: "alipay", lines: [
                OrderLine(memberId: "m1", month: "2026-09", amountFen: totalFen - 1000),
                OrderLine(memberId: "m1", month: "2026-10", amountFen: 1000),
            ], remark: "补交九月", expiresAt: now.addingTimeInterval(900), now: now)
        }
        return fixture
    }

    func receive(_ fixture: TemporaryPaymentsStore, _ body: String, _ merchant: AlipayMerchant) throws -> AlipayNotifications.Outcome {
        try fixture.store.writeSync { db in try AlipayNotifications.receive(db, body: body, merchant: merchant, now: now) }
    }

    func outcomes(_ fixture: TemporaryPaymentsStore) throws -> [String] {
        try fixture.store.readSync { db in
            try Row.fetchAll(db, sql: "SELECT outcome, reason FROM provider_notification ORDER BY seq").map {
                ($0["outcome"] as String) + (($0["reason"] as String?).map { ":" + $0 } ?? "")
            }
        }
    }

    func testAppliedOnceThenDuplicate() throws {
        let fixture = try openOrder()
        let body = try Vectors.text("notify-body.txt")
        let first = try receive(fixture, body, try merchant())
        XCTAssertEqual(first, .applied(orderId: orderId))
        XCTAssertEqual(first.answer, "success")
        let again = try receive(fixture, body, try merchant())
        XCTAssertEqual(again, .duplicate(orderId: orderId))
        XCTAssertEqual(again.answer, "success", "a resend is answered so Alipay stops")
        let order = try XCTUnwrap(try fixture.store.readSync { db in try Orders.find(db, id: orderId) })
        XCTAssertEqual(order.status, "paid")
        XCTAssertEqual(order.providerTradeNo, "2013112011001004330000121536")
        XCTAssertEqual(try outcomes(fixture), ["applied", "duplicate"])
    }

    func testTamperedAmountIsRefusedAndRecorded() throws {
        let fixture = try openOrder()
        let body = try Vectors.text("notify-body.txt").replacingOccurrences(of: "total_amount=30.00", with: "total_amount=0.01")
        let outcome = try receive(fixture, body, try merchant())
        XCTAssertEqual(outcome, .refused(reason: "signature"))
        XCTAssertEqual(outcome.answer, "fail")
        XCTAssertEqual(try fixture.store.readSync { db in try Orders.find(db, id: orderId)?.status }, "open")
        XCTAssertEqual(try outcomes(fixture), ["refused:signature"])
    }

    func testGenuineButMismatchedNotificationsAreRefused() throws {
        let body = try Vectors.text("notify-body.txt")
        let cases: [(Int64, AlipayMerchant, String)] = [
            (2000, try merchant(), "total_amount"),
            (3000, try merchant(appId: "2021000000000001"), "app_id"),
            (3000, try merchant(sellerId: "2088000000000001"), "seller_id"),
        ]
        for (total, merchant, reason) in cases {
            let fixture = try openOrder(totalFen: total)
            XCTAssertEqual(try receive(fixture, body, merchant), .refused(reason: reason))
            XCTAssertEqual(try fixture.store.readSync { db in try Orders.find(db, id: orderId)?.status }, "open", reason)
            XCTAssertEqual(try outcomes(fixture), ["refused:\(reason)"])
        }
    }

    func testUnknownOrderIsRefused() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try receive(fixture, try Vectors.text("notify-body.txt"), try merchant()), .refused(reason: "out_trade_no"))
    }

    func testMalformedBodyIsRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, "out_trade_no=%zz", try merchant()), .refused(reason: "malformed"))
    }
}
