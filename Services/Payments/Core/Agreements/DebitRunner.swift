import Foundation
import Logging
import Schema
import Store

/// Sends pending debits, at most `settings.debitsPerSecond`: quote in dues as the member (own months
/// only), reserve them, record the order, send the 代收. A crash anywhere repeats the same order id,
/// which dues' reservation and UnionPay's orderId both take as the same request: never debited twice.
public struct DebitRunner: Sendable {
    let store: Store
    let dues: any DuesPort
    let unionpay: UnionPayGateway
    let settings: PaymentsSettings
    let logger: Logger

    public init(store: Store, dues: any DuesPort, unionpay: UnionPayGateway, settings: PaymentsSettings, logger: Logger) {
        self.store = store; self.dues = dues; self.unionpay = unionpay; self.settings = settings; self.logger = logger
    }

    /// One pass over up to `limit` pending debits; returns how many were handled.
    @discardableResult
    public func runOnce(limit: Int = 200, now: @Sendable () -> Date = { Date() }) async throws -> Int {
        let batch = try await store.read { db in try Debits.pending(db, limit: limit) }
        let gap = Duration.seconds(1.0 / Double(max(1, settings.debitsPerSecond)))
        for (index, debit) in batch.enumerated() {
            if index > 0 { try? await Task.sleep(for: gap) } // the pace towards UnionPay, not a synchronisation
            await send(debit, now: now())
        }
        return batch.count
    }

    func send(_ debit: Debits.Pending, now: Date) async {
        let member = Actor(kind: .member, id: debit.memberId)
        let orderId = debit.orderId
        do {
            var order = try await store.read { db in try Orders.find(db, id: orderId) }
            if order == nil {
                let quote = try await dues.quote(QuoteRequest(memberIds: [debit.memberId]), as: member)
                guard quote.totalFen > 0, !quote.lines.isEmpty else {
                    try await store.write { db in try Debits.mark(db, orderId: orderId, status: "skipped", failure: "nothing_due") }
                    return
                }
                let expiresAt = now.addingTimeInterval(settings.orderLifetime)
                let reserved = try await dues.reserve(ReservePaymentRequest(
                    paymentId: orderId, payerMemberId: debit.memberId, items: OrderCreation.items(from: quote.lines),
                    amountFen: quote.totalFen, expiresAt: expiresAt))
                let lines = reserved.lines.map { OrderLine(memberId: $0.memberId, month: $0.month, amountFen: $0.amountFen) }
                let places = Dictionary(reserved.lines.map { ($0.memberId, (orgCode: $0.orgCode, name: $0.memberName)) }) { a, _ in a }
                order = try await store.write { db in
                    if try Orders.find(db, id: orderId) == nil {
                        try Orders.insert(db, id: orderId, payer: debit.memberId, channel: PaymentChannel.unionpay.rawValue, lines: lines,
                                          remark: "银行缴费协议代扣 \(debit.month)", expiresAt: reserved.expiresAt ?? expiresAt, now: now,
                                          purpose: .debit, places: places)
                    }
                    return try Orders.find(db, id: orderId)
                }
            }
            guard let order, order.status == OrderStatus.open.rawValue else { return }
            do {
                try await unionpay.collect(orderId: orderId, token: debit.token, amountFen: order.totalFen, txnTime: order.createdAt)
                try await store.write { db in try Debits.markSent(db, orderId: orderId) }
            } catch let error as ErrorBody where error.details["reason"] == "12" {
                // Sent before a crash: UnionPay has the trade; its notification decides.
                try await store.write { db in try Debits.markSent(db, orderId: orderId) }
            } catch let error as ErrorBody where error.code == ErrorCode.paymentsProviderFailed && Self.isRefusal(error.details["reason"]) {
                try await store.write { db in _ = try Debits.fail(db, orderId: orderId, code: error.details["reason"] ?? "", now: now) }
            }
        } catch let error as ErrorBody where error.code == ErrorCode.duesNothingDue || error.code.hasPrefix("dues.") {
            logger.info("debit not reserved", metadata: ["orderId": "\(orderId)", "code": "\(error.code)"])
            _ = try? await store.write { db in try Debits.mark(db, orderId: orderId, status: "skipped", failure: error.code) }
        } catch {
            // Unreachable provider or bus: left pending, the next pass sends the same order again.
            logger.warning("debit not sent; tried again next pass", metadata: ["orderId": "\(orderId)"])
        }
    }

    /// A two-character respCode is UnionPay's answer about this trade (refused); anything else
    /// (unreachable, a bad signature) leaves the debit to be sent again.
    static func isRefusal(_ reason: String?) -> Bool {
        guard let reason, reason.count == 2, reason != "12" else { return false }
        return true
    }
}
