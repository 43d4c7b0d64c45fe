import CryptoExtras
import Foundation
import GRDB

/// Who we are at Alipay, and Alipay's key that signs what it sends us.
public struct AlipayMerchant: Sendable {
    public var appId: String
    /// 卖家支付宝用户号 (2088…): a notification for another seller is not ours.
    public var sellerId: String
    public var alipayPublicKey: _RSA.Signing.PublicKey
    public init(appId: String, sellerId: String, alipayPublicKey: _RSA.Signing.PublicKey) {
        self.appId = appId; self.sellerId = sellerId; self.alipayPublicKey = alipayPublicKey
    }
}

/// Alipay's asynchronous notification (a signed form POST to notify_url). Verified, checked against
/// the order, recorded whatever the outcome, and applied at most once.
public enum AlipayNotifications {
    public enum Outcome: Equatable, Sendable {
        /// The order is now paid (the caller goes on to confirm the months in dues).
        case applied(orderId: String)
        /// Already applied (Alipay resends until it reads `success`).
        case duplicate(orderId: String)
        /// A genuine notification that moves no money (e.g. WAIT_BUYER_PAY, TRADE_CLOSED).
        case ignored(orderId: String)
        /// Not applied; the reason is recorded.
        case refused(reason: String)

        /// The plain-text body Alipay reads: `success` stops the resends.
        public var answer: String {
            if case .refused = self { return "fail" }
            return "success"
        }
    }

    public static func receive(_ db: Database, body: String, merchant: AlipayMerchant, now: Date) throws -> Outcome {
        guard let form = FormEncoding.decode(body) else { return try record(db, nil, nil, .refused(reason: "malformed"), now) }
        let notifyId = form["notify_id"], orderId = form["out_trade_no"]
        func refuse(_ reason: String) throws -> Outcome { try record(db, notifyId, orderId, .refused(reason: reason), now) }
        guard AlipaySignature.isValid(form, key: merchant.alipayPublicKey) else { return try refuse("signature") }
        guard form["app_id"] == merchant.appId else { return try refuse("app_id") }
        guard form["seller_id"] == merchant.sellerId else { return try refuse("seller_id") }
        guard let orderId, let order = try Orders.find(db, id: orderId), order.channel == "alipay" else {
            return try refuse("out_trade_no")
        }
        guard let amount = form["total_amount"].flatMap(Yuan.fen), amount == order.totalFen else {
            return try refuse("total_amount")
        }
        guard let status = form["trade_status"], status == "TRADE_SUCCESS" || status == "TRADE_FINISHED" else {
            return try record(db, notifyId, orderId, .ignored(orderId: orderId), now)
        }
        guard let tradeNo = form["trade_no"], !tradeNo.isEmpty else { return try refuse("trade_no") }
        let first = try Orders.markPaid(db, id: orderId, providerTradeNo: tradeNo, now: now)
        return try record(db, notifyId, orderId, first ? .applied(orderId: orderId) : .duplicate(orderId: orderId), now)
    }

    static func record(_ db: Database, _ notifyId: String?, _ orderId: String?, _ outcome: Outcome, _ now: Date) throws -> Outcome {
        let (kind, reason): (String, String?) = switch outcome {
        case .applied: ("applied", nil)
        case .duplicate: ("duplicate", nil)
        case .ignored: ("ignored", nil)
        case .refused(let reason): ("refused", reason)
        }
        try db.cachedStatement(sql: """
            INSERT INTO provider_notification (channel, notifyId, orderId, outcome, reason, receivedAt)
            VALUES ('alipay', ?, ?, ?, ?, ?)
            """).execute(arguments: [notifyId, orderId, kind, reason, now.timeIntervalSince1970])
        return outcome
    }
}
