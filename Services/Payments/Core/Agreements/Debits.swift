import Crypto
import Foundation
import GRDB
import Schema
import Store

/// The debits of 银行缴费协议. A month opening for payment (dues' events) records one pending debit
/// per active agreement and month — the key (agreement, month) makes a replayed event a no-op — and
/// `DebitRunner` sends them at the configured pace. A refusal marks the order `failed` (the sweep
/// releases its months), tells the member once, and is never retried.
public enum Debits {
    /// Applied inside the event consumer's transaction (exactly once per event).
    public static func intake(_ db: Database, event: Envelope<JSONValue>, now: Date) throws {
        guard let body = event.body else { return }
        switch event.type {
        case DuesEvent.monthOpened:
            let b = try body.decode(as: MonthOpenedEvent.self, at: ["body"])
            // Every active agreement: dues' quote decides, per member, whether anything is due.
            let members = try String.fetchAll(db.cachedStatement(sql: "SELECT memberId FROM agreement WHERE status = 'active'"))
            try enqueue(db, memberIds: members, month: b.month, now: now)
        case DuesEvent.standardsSubmitted:
            // 提交并通知交纳: now members can pay; a debit skipped because nothing was payable yet goes again.
            let b = try body.decode(as: StandardsSubmittedEvent.self, at: ["body"])
            let ids = b.members.filter { $0.amountFen > 0 }.map(\.memberId)
            try enqueue(db, memberIds: ids, month: b.month, now: now, rearm: true)
        default:
            return
        }
    }

    static func enqueue(_ db: Database, memberIds: [String], month: String, now: Date, rearm: Bool = false) throws {
        for memberId in memberIds {
            guard let agreementId = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM agreement WHERE memberId = ? AND status = 'active'"),
                                                        arguments: [memberId]) else { continue }
            try db.execute(sql: """
                INSERT INTO agreement_debit (agreementId, month, memberId, orderId, status, createdAt) VALUES (?, ?, ?, ?, 'pending', ?)
                ON CONFLICT(agreementId, month) DO \(rearm ? "UPDATE SET status = 'pending', failure = NULL WHERE status = 'skipped' AND failure = 'nothing_due'" : "NOTHING")
                """, arguments: [agreementId, month, memberId, orderId(agreementId: agreementId, month: month), now.timeIntervalSince1970])
        }
    }

    /// One order per agreement and month, whoever sends it and however often: 32 alphanumerics (a
    /// UnionPay orderId, and dues' payment id).
    public static func orderId(agreementId: String, month: String) -> String {
        let digest = SHA256.hash(data: Data("debit\u{0}\(agreementId)\u{0}\(month)".utf8))
        return "pd" + digest.prefix(15).lowercaseHex
    }

    public struct Pending: Sendable, Equatable {
        public var agreementId: String
        public var month: String
        public var memberId: String
        public var orderId: String
        public var token: String
        public var cardLast4: String
    }

    public static func pending(_ db: Database, limit: Int) throws -> [Pending] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT d.agreementId, d.month, d.memberId, d.orderId, a.token, a.cardLast4 FROM agreement_debit d
            JOIN agreement a ON a.id = d.agreementId
            WHERE d.status = 'pending' AND a.status = 'active' ORDER BY d.createdAt, d.month LIMIT ?
            """), arguments: [limit]).map {
            Pending(agreementId: $0["agreementId"], month: $0["month"], memberId: $0["memberId"], orderId: $0["orderId"],
                    token: $0["token"], cardLast4: $0["cardLast4"])
        }
    }

    public static func mark(_ db: Database, orderId: String, status: String, failure: String? = nil) throws {
        try db.cachedStatement(sql: "UPDATE agreement_debit SET status = ?, failure = ? WHERE orderId = ?").execute(arguments: [status, failure, orderId])
    }

    /// The request reached UnionPay: a pending debit is now `sent`. Its notification may have been
    /// applied already (paid or failed) between UnionPay's answer and this write; that outcome stays.
    public static func markSent(_ db: Database, orderId: String) throws {
        try db.cachedStatement(sql: "UPDATE agreement_debit SET status = 'sent' WHERE orderId = ? AND status = 'pending'").execute(arguments: [orderId])
    }

    /// The bank refused (the 代收's answer or its notification): once only — the order goes from
    /// `open` to `failed` (the sweep releases its months) and the member is told. False: already decided.
    @discardableResult
    public static func fail(_ db: Database, orderId: String, code: String, now: Date) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE payment_order SET status = 'failed', refusal = ? WHERE id = ? AND status = 'open'").execute(arguments: ["unionpay." + code, orderId])
        guard db.changesCount == 1, let order = try Orders.find(db, id: orderId) else { return false }
        let last4 = try String.fetchOne(db.cachedStatement(sql: """
            SELECT a.cardLast4 FROM agreement_debit d JOIN agreement a ON a.id = d.agreementId WHERE d.orderId = ?
            """), arguments: [orderId]) ?? ""
        try mark(db, orderId: orderId, status: "failed", failure: code)
        _ = try EventWriter.append(db, type: PaymentsEvent.debitFailed, body: DebitFailedEvent(
            orderId: orderId, payerMemberId: order.payerMemberId, amountFen: order.totalFen,
            months: Array(Set(order.lines.map(\.month))).sorted(), cardLast4: last4, reason: reason(code)), actor: .service("payments"))
        return true
    }

    /// UnionPay's respCode in words for the member.
    public static func reason(_ code: String) -> String {
        switch code {
        case "51": "银行卡余额不足"
        case "14", "05": "银行卡无效或状态异常"
        case "33", "54": "银行卡已过期"
        case "61", "65": "超出银行卡交易限额"
        default: "银行扣款未成功（\(code)）"
        }
    }
}
