import Foundation
import GRDB
import Schema

/// UnionPay's back notification (后台通知, a signed form POST to backUrl). Verified with the
/// configured UnionPay key, checked against the order (merId, orderId, txnAmt), recorded whatever the
/// outcome, and applied at most once. Dues are paid by debit card only: a credit-card payment is
/// marked paid (the money moved) and sent to `refunding` at once, so the sweeper refunds it.
public enum UnionPayNotifications {
    public enum Outcome: Equatable, Sendable {
        /// The order is now paid (the caller goes on to confirm the months in dues).
        case applied(orderId: String)
        /// Paid with a credit card: recorded as paid, now `refunding` (the caller must not confirm it).
        case creditCard(orderId: String)
        /// Already applied (UnionPay resends until it reads `ok`).
        case duplicate(orderId: String)
        /// A genuine notification that moves no money (a failed trade, a refund's result).
        case ignored(orderId: String)
        /// Not applied; the reason is recorded.
        case refused(reason: String)

        /// HTTP 200 with `ok` stops the resends; a refusal answers 500 so UnionPay sends again.
        public var status: Int {
            if case .refused = self { return 500 }
            return 200
        }

        public var body: String {
            if case .refused = self { return "fail" }
            return "ok"
        }
    }

    public static func receive(_ db: Database, body: String, merchant: UnionPayMerchant, now: Date) throws -> Outcome {
        guard let form = FormEncoding.decode(body) else { return try record(db, nil, nil, .refused(reason: "malformed"), now) }
        let queryId = form["queryId"], orderId = form["orderId"]
        func refuse(_ reason: String) throws -> Outcome { try record(db, queryId, orderId, .refused(reason: reason), now) }
        guard UnionPaySignature.isValid(form, key: merchant.unionPayPublicKey) else { return try refuse("signature") }
        guard form["merId"] == merchant.merId else { return try refuse("merId") }
        // A refund's result (txnType 04) names the refund's own orderId: recorded, answered, not acted on
        // (refunds are followed up through the query, as for the other channels).
        if form["txnType"] == "04" { return try record(db, queryId, orderId, .ignored(orderId: orderId ?? ""), now) }
        guard let orderId, let order = try Orders.find(db, id: orderId), order.channel == "unionpay" else {
            return try refuse("orderId")
        }
        // 01 消费, or 11 代收 for a 银行缴费协议 debit.
        let debit = order.purpose == OrderPurpose.debit.rawValue
        guard form["txnType"] == (debit ? "11" : "01") else { return try record(db, queryId, orderId, .ignored(orderId: orderId), now) }
        guard UnionPayText.fen(form["txnAmt"]) == order.totalFen else { return try refuse("txnAmt") }
        guard (form["currencyCode"] ?? "156") == "156" else { return try refuse("currencyCode") }
        guard form["respCode"] == "00" || form["respCode"] == "A6" else {
            // A debit the bank refused is decided here (once): months released, member told, no retry.
            if debit { try Debits.fail(db, orderId: orderId, code: form["respCode"] ?? "", now: now) }
            return try record(db, queryId, orderId, .ignored(orderId: orderId), now)
        }
        guard let queryId, !queryId.isEmpty else { return try refuse("queryId") }
        let outcome = try apply(db, orderId: orderId, queryId: queryId, payCardType: form["payCardType"], now: now)
        if debit, case .applied = outcome { try Debits.mark(db, orderId: orderId, status: "paid") }
        return try record(db, queryId, orderId, outcome, now)
    }

    /// Marks a trade UnionPay reports paid (by notification, or by the active query): once; a credit
    /// card (贷记卡 02, 准贷记卡 03) goes straight on to `refunding` with `UnionPayCards.creditCardCode`.
    public static func apply(_ db: Database, orderId: String, queryId: String, payCardType: String?, now: Date) throws -> Outcome {
        guard try Orders.markPaid(db, id: orderId, providerTradeNo: queryId, now: now) else { return .duplicate(orderId: orderId) }
        guard UnionPayCards.isCredit(payCardType) else { return .applied(orderId: orderId) }
        try OrderLifecycle.refusedByDues(db, id: orderId, code: UnionPayCards.creditCardCode)
        return .creditCard(orderId: orderId)
    }

    static func record(_ db: Database, _ queryId: String?, _ orderId: String?, _ outcome: Outcome, _ now: Date) throws -> Outcome {
        let (kind, reason): (String, String?) = switch outcome {
        case .applied: ("applied", nil)
        case .creditCard: ("applied", UnionPayCards.creditCardCode)
        case .duplicate: ("duplicate", nil)
        case .ignored: ("ignored", nil)
        case .refused(let reason): ("refused", reason)
        }
        try db.cachedStatement(sql: """
            INSERT INTO provider_notification (channel, notifyId, orderId, outcome, reason, receivedAt)
            VALUES ('unionpay', ?, ?, ?, ?, ?)
            """).execute(arguments: [queryId, orderId, kind, reason, now.timeIntervalSince1970])
        return outcome
    }
}

/// Card types in UnionPay's `payCardType`, and the refusal of credit.
public enum UnionPayCards {
    /// The order's refusal code when a credit card paid (the sweeper refunds it).
    public static let creditCardCode = "payments.credit_card"

    /// 02 贷记卡, 03 准贷记卡: credit. 01 借记卡 and the others (e.g. 00 unknown, 04 prepaid) are not refused.
    public static func isCredit(_ payCardType: String?) -> Bool { payCardType == "02" || payCardType == "03" }
}
