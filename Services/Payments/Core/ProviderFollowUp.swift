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
        for id in ids where await ask(id, now: now) == .paidNow { paid.append(id) }
        return paid
    }

    /// Open orders past their expiry. One that reached a provider is asked once more first: the
    /// provider refuses payment after the limit the order carried (time_expire, payTimeout), so
    /// "unpaid" now is final; "paid" is applied as a notification would be. A provider that cannot
    /// answer keeps the order open until the next sweep: money it took is never left behind by an
    /// expiry. Returns the ids found paid (the caller confirms them in dues).
    public func expireDue(now: Date) async -> [String] {
        let due = (try? await store.read { db in try OrderLifecycle.due(db, now: now) }) ?? []
        var paid: [String] = [], expire: [String] = []
        for (id, placed) in due {
            switch placed ? await ask(id, now: now) : .unpaid {
            case .unpaid: expire.append(id)
            case .paidNow: paid.append(id)
            case .settled, .unknown: continue
            }
        }
        let ids = expire
        try? await store.write { db in try OrderLifecycle.expire(db, ids: ids) }
        return paid
    }

    enum Answer { case unpaid, paidNow, settled, unknown }

    /// The provider's word on one order, applied: paid (the first time: `paidNow`; a credit card's
    /// trade goes to refund, its months never confirmed), unpaid, or no answer.
    func ask(_ id: String, now: Date) async -> Answer {
        guard let order = try? await store.read({ db in try Orders.find(db, id: id) }),
              let channel = PaymentChannel(rawValue: order.channel), let provider = providers[channel] else { return .unknown }
        let answer: ProviderTrade?
        do throws(ErrorBody) { answer = try await provider.query(orderId: id) } catch { return .unknown }
        guard let trade = answer, trade.paid, let tradeNo = trade.tradeNo else { return .unpaid }
        // An amount that differs is never applied (recorded, like a mismatched notification).
        let applied = try? await store.write { db -> Answer in
            guard trade.totalFen == order.totalFen else {
                try Self.record(db, channel: channel, orderId: id, outcome: "refused", reason: "query_total_amount", now: now)
                return .settled
            }
            let first = try Orders.markPaid(db, id: id, providerTradeNo: tradeNo, now: now)
            try Self.record(db, channel: channel, orderId: id, outcome: first ? "applied" : "duplicate", reason: "query", now: now)
            if first, trade.creditCard {
                try OrderLifecycle.refusedByDues(db, id: id, code: UnionPayCards.creditCardCode)
                return .settled
            }
            return first ? .paidNow : .settled
        }
        return applied ?? .unknown
    }

    /// Refunds orders dues refused, through the channel they were paid by; each refunded order
    /// emits `payments.order.refunded` (notifications tells the payer). Returns the ids refunded.
    public func refundRefused(now: Date, limit: Int = 50) async -> [String] {
        let ids = (try? await store.read { db in
            try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM payment_order WHERE status = 'refunding' ORDER BY paidAt LIMIT ?"), arguments: [limit])
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
                try db.cachedStatement(sql: "UPDATE payment_order SET status = 'refunded', refundedAt = ? WHERE id = ? AND status = 'refunding'").execute(arguments: [now.timeIntervalSince1970, id])
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
        try db.cachedStatement(sql: """
            INSERT INTO provider_notification (channel, notifyId, orderId, outcome, reason, receivedAt) VALUES (?, NULL, ?, ?, ?, ?)
            """).execute(arguments: [channel.rawValue, orderId, outcome, reason, now.timeIntervalSince1970])
    }
}
