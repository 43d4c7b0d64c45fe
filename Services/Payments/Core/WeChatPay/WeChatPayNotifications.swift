import Foundation
import GRDB

/// WeChat Pay's payment notification (支付成功通知, a signed JSON POST to notify_url whose `resource`
/// is encrypted). Verified, decrypted, checked against the order, recorded whatever the outcome, and
/// applied at most once — the Alipay rules (`AlipayNotifications`) with WeChat's envelope.
public enum WeChatPayNotifications {
    public enum Outcome: Equatable, Sendable {
        /// The order is now paid (the caller goes on to confirm the months in dues).
        case applied(orderId: String)
        /// Already applied (WeChat resends until it reads 200/204).
        case duplicate(orderId: String)
        /// A genuine notification that moves no money (a refund event, a trade not SUCCESS).
        case ignored(orderId: String)
        /// Not applied; the reason is recorded.
        case refused(reason: String)

        /// The HTTP status WeChat reads: 204 stops the resends; a refusal is an error so it sends again
        /// (401 when the signature, serial or timestamp fails, 500 otherwise).
        public var status: Int {
            guard case .refused(let reason) = self else { return 204 }
            return Self.authReasons.contains(reason) ? 401 : 500
        }

        /// The body of a refusal (`{"code":"FAIL","message":…}`, no reason given away); none on success.
        public var body: String? {
            if case .refused = self { return #"{"code":"FAIL","message":"失败"}"# }
            return nil
        }

        static let authReasons: Set<String> = ["headers", "serial", "signature", "timestamp"]
    }

    struct Envelope: Decodable {
        var id: String?
        var event_type: String?
        var resource: WeChatPayResource?
    }

    /// The decrypted resource: a transaction (TRANSACTION.*) or a refund (REFUND.*, no appid).
    struct Transaction: Decodable {
        struct Amount: Decodable {
            var total: Int64?
            var currency: String?
        }
        var appid: String?
        var mchid: String?
        var out_trade_no: String?
        var transaction_id: String?
        var trade_state: String?
        var amount: Amount?
    }

    /// `headers`: names lower-cased; `body`: the raw body as received (the signature covers its bytes).
    public static func receive(_ db: Database, headers: [String: String], body: String, merchant: WeChatPayMerchant,
                               now: Date) throws -> Outcome {
        let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(body.utf8))
        let notifyId = envelope?.id
        if let failure = WeChatPaySignature.verify(headers: headers, body: body, serialNo: merchant.platformSerialNo,
                                                   key: merchant.platformPublicKey, now: now) {
            return try record(db, notifyId, nil, .refused(reason: failure.rawValue), now)
        }
        guard let envelope, let notifyId, let eventType = envelope.event_type, let resource = envelope.resource else {
            return try record(db, notifyId, nil, .refused(reason: "malformed"), now)
        }
        guard let plain = try? resource.decrypt(key: merchant.apiV3Key),
              let trade = try? JSONDecoder().decode(Transaction.self, from: plain) else {
            return try record(db, notifyId, nil, .refused(reason: "resource"), now)
        }
        let orderId = trade.out_trade_no
        func refuse(_ reason: String) throws -> Outcome { try record(db, notifyId, orderId, .refused(reason: reason), now) }
        guard trade.mchid == merchant.mchId else { return try refuse("mchid") }
        let isRefund = eventType.hasPrefix("REFUND.")
        guard isRefund || trade.appid == merchant.appId else { return try refuse("appid") }
        guard let orderId, let order = try Orders.find(db, id: orderId), order.channel == "wechatpay" else {
            return try refuse("out_trade_no")
        }
        // Refund results are not acted on here (refunds are followed up by query); recorded, answered.
        if isRefund { return try record(db, notifyId, orderId, .ignored(orderId: orderId), now) }
        guard trade.amount?.total == order.totalFen else { return try refuse("amount.total") }
        guard (trade.amount?.currency ?? "CNY") == "CNY" else { return try refuse("amount.currency") }
        guard eventType == "TRANSACTION.SUCCESS", trade.trade_state == "SUCCESS" else {
            return try record(db, notifyId, orderId, .ignored(orderId: orderId), now)
        }
        guard let transactionId = trade.transaction_id, !transactionId.isEmpty else { return try refuse("transaction_id") }
        let first = try Orders.markPaid(db, id: orderId, providerTradeNo: transactionId, now: now)
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
            VALUES ('wechatpay', ?, ?, ?, ?, ?)
            """).execute(arguments: [notifyId, orderId, kind, reason, now.timeIntervalSince1970])
        return outcome
    }
}

/// Synchronous replies (the active query): a 2xx reply without a valid platform signature is forged
/// or tampered, so it is verified like a notification before it is read.
public enum WeChatPayReplies {
    /// What 查询订单 says about one trade. `tradeState`: SUCCESS, NOTPAY, CLOSED, REFUND, USERPAYING,
    /// PAYERROR, …; `transactionId` only once paid.
    public struct QueriedTrade: Equatable, Sendable {
        public var appId: String?
        public var mchId: String?
        public var outTradeNo: String?
        public var tradeState: String
        public var transactionId: String?
        public var totalFen: Int64?
    }

    public enum ReplyError: Error, Equatable {
        case headers(WeChatPaySignature.HeaderFailure)
        case malformed
        /// A signed reply about another merchant, app or order (`mchid`, `appid`, `out_trade_no`).
        case mismatch(String)
    }

    /// nil: the reply's Wechatpay-* headers (names lower-cased) verify against the platform key.
    public static func verify(headers: [String: String], body: String, merchant: WeChatPayMerchant, now: Date)
        -> WeChatPaySignature.HeaderFailure? {
        WeChatPaySignature.verify(headers: headers, body: body, serialNo: merchant.platformSerialNo, key: merchant.platformPublicKey, now: now)
    }

    /// The fields of a query reply (no checks).
    public static func trade(_ body: String) -> QueriedTrade? {
        guard let t = try? JSONDecoder().decode(WeChatPayNotifications.Transaction.self, from: Data(body.utf8)),
              let state = t.trade_state else { return nil }
        return QueriedTrade(appId: t.appid, mchId: t.mchid, outTradeNo: t.out_trade_no, tradeState: state,
                            transactionId: t.transaction_id.flatMap { $0.isEmpty ? nil : $0 }, totalFen: t.amount?.total)
    }

    /// A query reply verified, read, and checked to be about `orderId` of this merchant.
    public static func verifiedTrade(headers: [String: String], body: String, orderId: String, merchant: WeChatPayMerchant,
                                     now: Date) throws -> QueriedTrade {
        if let failure = verify(headers: headers, body: body, merchant: merchant, now: now) { throw ReplyError.headers(failure) }
        guard let trade = trade(body) else { throw ReplyError.malformed }
        guard trade.mchId == merchant.mchId else { throw ReplyError.mismatch("mchid") }
        guard trade.appId == merchant.appId else { throw ReplyError.mismatch("appid") }
        guard trade.outTradeNo == orderId else { throw ReplyError.mismatch("out_trade_no") }
        return trade
    }
}
