import Crypto
import Foundation
import GRDB
import Payments
import Schema
import XCTest

/// The signed, encrypted notification in Fixtures/wechatpay-notify-body.json (TRANSACTION.SUCCESS for
/// po0123456789abcdef0123456789abcd, 4505 fen, signed at 1800000000) against orders in a real store.
final class WeChatPayNotificationTests: XCTestCase {
    let orderId = WeChatVectors.orderId
    let now = WeChatVectors.signedAt.addingTimeInterval(10)

    func openOrder(totalFen: Int64 = 4505, channel: String = "wechatpay") throws -> TemporaryPaymentsStore {
        let fixture = try TemporaryPaymentsStore()
        try fixture.store.writeSync { db in
            try Orders.insert(db, id: orderId, payer: "m1", channel: channel, lines: [
                OrderLine(memberId: "m1", month: "2026-09", amountFen: totalFen - 1000),
                OrderLine(memberId: "m1", month: "2026-10", amountFen: 1000),
            ], remark: nil, expiresAt: now.addingTimeInterval(900), now: now)
        }
        return fixture
    }

    func body(_ file: String = "wechatpay-notify-body.json") throws -> String { try Vectors.text(file) }

    func headers(_ file: String = "wechatpay-notify-body-message.sig.b64", serial: String = WeChatVectors.platformSerial) throws -> [String: String] {
        try WeChatVectors.headers(nonce: "c5ac7061fccab6bf3e254dcf98995b8c", signatureFile: file, serial: serial)
    }

    func receive(_ fixture: TemporaryPaymentsStore, headers: [String: String]? = nil, body: String? = nil,
                 merchant: WeChatPayMerchant? = nil, at: Date? = nil) throws -> WeChatPayNotifications.Outcome {
        let headers = try headers ?? self.headers(), body = try body ?? self.body(), merchant = try merchant ?? WeChatVectors.merchant()
        return try fixture.store.writeSync { db in
            try WeChatPayNotifications.receive(db, headers: headers, body: body, merchant: merchant, now: at ?? now)
        }
    }

    func recorded(_ fixture: TemporaryPaymentsStore) throws -> [String] {
        try fixture.store.readSync { db in
            try Row.fetchAll(db, sql: "SELECT channel, notifyId, outcome, reason FROM provider_notification ORDER BY seq").map { row -> String in
                XCTAssertEqual(row["channel"] as String, "wechatpay")
                return (row["outcome"] as String) + ((row["reason"] as String?).map { ":" + $0 } ?? "")
            }
        }
    }

    func status(_ fixture: TemporaryPaymentsStore) throws -> String? {
        try fixture.store.readSync { db in try Orders.find(db, id: orderId)?.status }
    }

    /// The replay: the same notification (same id) again is a duplicate, and the order is paid once.
    func testAppliedOnceThenDuplicate() throws {
        let fixture = try openOrder()
        let first = try receive(fixture)
        XCTAssertEqual(first, .applied(orderId: orderId))
        XCTAssertEqual(first.status, 204)
        XCTAssertNil(first.body)
        let again = try receive(fixture, at: now.addingTimeInterval(60))
        XCTAssertEqual(again, .duplicate(orderId: orderId))
        XCTAssertEqual(again.status, 204, "a resend is answered so WeChat stops")
        let order = try XCTUnwrap(try fixture.store.readSync { db in try Orders.find(db, id: orderId) })
        XCTAssertEqual(order.status, "paid")
        XCTAssertEqual(order.providerTradeNo, "4200001234202701150000000001")
        XCTAssertEqual(try recorded(fixture), ["applied", "duplicate"])
        let ids = try fixture.store.readSync { db in try String.fetchAll(db, sql: "SELECT notifyId FROM provider_notification") }
        XCTAssertEqual(ids, ["EV-2018022511223320873", "EV-2018022511223320873"])
    }

    func testTamperedBodyIsRefusedAndRecorded() throws {
        let fixture = try openOrder()
        let tampered = try body().replacingOccurrences(of: "\"summary\":\"支付成功\"", with: "\"summary\":\"支付成功 \"")
        let outcome = try receive(fixture, body: tampered)
        XCTAssertEqual(outcome, .refused(reason: "signature"))
        XCTAssertEqual(outcome.status, 401)
        XCTAssertEqual(outcome.body, #"{"code":"FAIL","message":"失败"}"#)
        XCTAssertEqual(try status(fixture), "open")
        XCTAssertEqual(try recorded(fixture), ["refused:signature"])
    }

    func testWrongSerialIsRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, headers: try headers(serial: "7132D72A03E93CDDF8C03BBD1F37EEDF")), .refused(reason: "serial"))
        XCTAssertEqual(try status(fixture), "open")
        XCTAssertEqual(try recorded(fixture), ["refused:serial"])
    }

    /// A genuine notification replayed after five minutes is refused on its timestamp.
    func testStaleTimestampIsRefused() throws {
        let fixture = try openOrder()
        let late = try receive(fixture, at: WeChatVectors.signedAt.addingTimeInterval(301))
        XCTAssertEqual(late, .refused(reason: "timestamp"))
        XCTAssertEqual(late.status, 401)
        XCTAssertEqual(try status(fixture), "open")
        XCTAssertEqual(try recorded(fixture), ["refused:timestamp"])
    }

    /// Signed by the platform but its tag broken (or our APIv3 key is another): nothing can be read.
    func testUndecryptableResourceIsRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, headers: try headers("wechatpay-notify-badtag-body-message.sig.b64"),
                                   body: try body("wechatpay-notify-badtag-body.json")), .refused(reason: "resource"))
        let otherKey = try WeChatPayMerchant.apiV3Key("ffffffffffffffffffffffffffffffff")
        let outcome = try receive(fixture, merchant: try WeChatVectors.merchant(apiV3Key: otherKey))
        XCTAssertEqual(outcome, .refused(reason: "resource"))
        XCTAssertEqual(outcome.status, 500)
        XCTAssertEqual(try status(fixture), "open")
        XCTAssertEqual(try recorded(fixture), ["refused:resource", "refused:resource"])
    }

    func testGenuineButMismatchedNotificationsAreRefused() throws {
        let cases: [(Int64, String, WeChatPayMerchant, String)] = [
            (3000, "wechatpay", try WeChatVectors.merchant(), "amount.total"),
            (4505, "wechatpay", try WeChatVectors.merchant(mchId: "1900000001"), "mchid"),
            (4505, "wechatpay", try WeChatVectors.merchant(appId: "wx0000000000000001"), "appid"),
            (4505, "alipay", try WeChatVectors.merchant(), "out_trade_no"),
        ]
        for (total, channel, merchant, reason) in cases {
            let fixture = try openOrder(totalFen: total, channel: channel)
            let outcome = try receive(fixture, merchant: merchant)
            XCTAssertEqual(outcome, .refused(reason: reason))
            XCTAssertEqual(outcome.status, 500, reason)
            XCTAssertEqual(try status(fixture), "open", reason)
            XCTAssertEqual(try recorded(fixture), ["refused:\(reason)"])
        }
    }

    func testUnknownOrderIsRefused() throws {
        let fixture = try TemporaryPaymentsStore()
        XCTAssertEqual(try receive(fixture), .refused(reason: "out_trade_no"))
        XCTAssertEqual(try recorded(fixture), ["refused:out_trade_no"])
    }

    /// REFUND.SUCCESS (its resource has no appid) is verified, checked, recorded and answered, but moves nothing.
    func testRefundResultIsIgnored() throws {
        let fixture = try openOrder()
        let outcome = try receive(fixture, headers: try headers("wechatpay-notify-refund-body-message.sig.b64"),
                                  body: try body("wechatpay-notify-refund-body.json"))
        XCTAssertEqual(outcome, .ignored(orderId: orderId))
        XCTAssertEqual(outcome.status, 204)
        XCTAssertEqual(try status(fixture), "open")
        XCTAssertEqual(try recorded(fixture), ["ignored"])
        let foreign = try receive(fixture, headers: try headers("wechatpay-notify-refund-body-message.sig.b64"),
                                  body: try body("wechatpay-notify-refund-body.json"), merchant: try WeChatVectors.merchant(mchId: "1900000001"))
        XCTAssertEqual(foreign, .refused(reason: "mchid"))
    }

    func testMissingHeadersAreRefused() throws {
        let fixture = try openOrder()
        XCTAssertEqual(try receive(fixture, headers: [:]), .refused(reason: "headers"))
        XCTAssertEqual(try fixture.store.readSync { db in try String.fetchOne(db, sql: "SELECT notifyId FROM provider_notification") },
                       "EV-2018022511223320873", "recorded under the id it claims")
    }
}

/// The active query's reply: verified by the platform key, then read.
final class WeChatPayReplyTests: XCTestCase {
    let now = WeChatVectors.signedAt.addingTimeInterval(1)

    func headers() throws -> [String: String] {
        try WeChatVectors.headers(nonce: "8d5e1f3b0a7c4e2f9b6d3a1c5e7f9b2d", signatureFile: "wechatpay-query-reply-message.sig.b64")
    }

    func testVerifiedQueryReplyIsRead() throws {
        let body = try Vectors.text("wechatpay-query-reply.json")
        let trade = try WeChatPayReplies.verifiedTrade(headers: try headers(), body: body, orderId: WeChatVectors.orderId,
                                                       merchant: try WeChatVectors.merchant(), now: now)
        XCTAssertEqual(trade.tradeState, "SUCCESS")
        XCTAssertEqual(trade.transactionId, "4200001234202701150000000001")
        XCTAssertEqual(trade.totalFen, 4505)
    }

    func testForgedStaleOrForeignRepliesAreRefused() throws {
        let body = try Vectors.text("wechatpay-query-reply.json"), merchant = try WeChatVectors.merchant()
        XCTAssertThrowsError(try WeChatPayReplies.verifiedTrade(headers: try headers(), body: body.replacingOccurrences(of: "4505", with: "1"),
                                                                orderId: WeChatVectors.orderId, merchant: merchant, now: now)) {
            XCTAssertEqual($0 as? WeChatPayReplies.ReplyError, .headers(.signature))
        }
        XCTAssertThrowsError(try WeChatPayReplies.verifiedTrade(headers: try headers(), body: body, orderId: WeChatVectors.orderId,
                                                                merchant: merchant, now: now.addingTimeInterval(600))) {
            XCTAssertEqual($0 as? WeChatPayReplies.ReplyError, .headers(.timestamp))
        }
        XCTAssertThrowsError(try WeChatPayReplies.verifiedTrade(headers: try headers(), body: body, orderId: "po-another-order",
                                                                merchant: merchant, now: now)) {
            XCTAssertEqual($0 as? WeChatPayReplies.ReplyError, .mismatch("out_trade_no"))
        }
        XCTAssertEqual(WeChatPayReplies.trade(#"{"trade_state":"NOTPAY","amount":{"total":4505}}"#)?.transactionId, nil)
        XCTAssertNil(WeChatPayReplies.trade("not json"))
    }
}
