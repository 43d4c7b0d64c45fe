import Foundation
import GRDB
import Schema
import Store

/// What the sweep asks of providers: the active query before an order expires unpaid (a lost
/// notification), and the refund of orders dues refused. Each order is handed to one instance by a
/// conditional update; the provider's own idempotency (out_trade_no, out_request_no) covers a crash
/// between the provider's answer and our write.
public struct ProviderFollowUp: Sendable {
    let store: Store
    let providers: [PaymentChannel: any PaymentProvider]

    public init(store: Store, providers: [PaymentChannel: any PaymentProvider]) {
        self.store = store; self.providers = providers
    }

    /// Asks the provider about open orders close to expiry with no notification; returns the ids
    /// now paid (the caller confirms them in dues).
    public func queryBeforeExpiry(now: Date, lead: TimeInterval) async -> [String] {
        let ids = (try? await store.write { db in try OrderLifecycle.claimForQuery(db, now: now, lead: lead) }) ?? []
        var paid: [String] = []
        for id in ids {
            guard let order = try? await store.read({ db in try Orders.find(db, id: id) }),
                  let channel = PaymentChannel(rawValue: order.channel), let provider = providers[channel],
                  let trade = try? await provider.query(orderId: id), trade.paid, let tradeNo = trade.tradeNo else { continue }
            // An amount that differs is never applied (recorded, like a mismatched notification).
            let applied = try? await store.write { db -> Bool in
                guard trade.totalFen == order.totalFen else {
                    try Self.record(db, channel: channel, orderId: id, outcome: "refused", reason: "query_total_amount", now: now)
                    return false
                }
                let first = try Orders.markPaid(db, id: id, providerTradeNo: tradeNo, now: now)
                try Self.record(db, channel: channel, orderId: id, outcome: first ? "applied" : "duplicate", reason: "query", now: now)
                // A credit card's money goes back, as when the notification says so; its months are never confirmed.
                if first, trade.creditCard {
                    try OrderLifecycle.refusedByDues(db, id: id, code: UnionPayCards.creditCardCode)
                    return false
                }
                return first
            }
            if applied == true { paid.append(id) }
        }
        return paid
    }

    /// Refunds orders dues refused, through the channel they were paid by; each refunded order
    /// emits `payments.order.refunded` (notifications tells the payer). Returns the ids refunded.
    public func refundRefused(now: Date, limit: Int = 50) async -> [String] {
        let ids = (try? await store.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM payment_order WHERE status = 'refunding' ORDER BY paidAt LIMIT ?", arguments: [limit])
        }) ?? []
        var refunded: [String] = []
        for id in ids {
            guard let order = try? await store.read({ db in try Orders.find(db, id: id) }),
                  let channel = PaymentChannel(rawValue: order.channel), let provider = providers[channel] else { continue }
            let reason = RefundReasons.text(forDuesCode: order.refusal ?? "")
            do throws(ErrorBody) {
                // One refund per order: its out_request_no follows from the order.
                try await provider.refund(orderId: id, requestNo: id + "-r1", amountFen: order.totalFen, reason: "党费未能入账，原路退回")
            } catch {
                continue
            }
            let done = try? await store.write { db -> Bool in
                try db.execute(sql: "UPDATE payment_order SET status = 'refunded', refundedAt = ? WHERE id = ? AND status = 'refunding'",
                               arguments: [now.timeIntervalSince1970, id])
                guard db.changesCount == 1 else { return false }
                _ = try EventWriter.append(db, type: PaymentsEvent.orderRefunded, body: OrderRefundedEvent(
                    orderId: id, payerMemberId: order.payerMemberId, channel: channel, amountFen: order.totalFen,
                    months: Array(Set(order.lines.map(\.month))).sorted(), reason: reason), actor: .service("payments"))
                return true
            }
            if done == true { refunded.append(id) }
        }
        return refunded
    }

    static func record(_ db: Database, channel: PaymentChannel, orderId: String, outcome: String, reason: String?, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO provider_notification (channel, notifyId, orderId, outcome, reason, receivedAt) VALUES (?, NULL, ?, ?, ?, ?)
            """, arguments: [channel.rawValue, orderId, outcome, reason, now.timeIntervalSince1970])
    }
}
