import Foundation
import Logging
import Payments
import Schema
import ServiceLifecycle
import Store

/// Every `sweepSeconds`, until graceful shutdown: expires unpaid orders and frees their months in
/// dues, confirms again paid orders whose confirmation did not reach dues, asks the provider about
/// orders close to expiry, refunds orders dues refused, and forgets finished idempotency keys past
/// their retention. Safe in every instance at once: each transition is one
/// conditional update, and dues' release and confirm are idempotent.
struct ExpirySweeperService: Service {
    let store: Store
    let dues: any DuesPort
    let settings: PaymentsSettings
    let confirmer: Confirmer
    let followUp: ProviderFollowUp
    let logger: Logger

    func run() async throws {
        let retention = TimeInterval(settings.idempotencyRetentionHours * 3600)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let now = Date()
                // Past expiry: the provider's last word first (a payment whose notification was lost is applied, not expired).
                let paidAtExpiry = await followUp.expireDue(now: now)
                for orderId in paidAtExpiry { await confirmer.confirm(orderId: orderId) }
                let (releases, unconfirmed) = try await store.write { db -> ([String], [String]) in
                    try IdempotencyKeys.prune(db, now: now, retention: retention)
                    return (try OrderLifecycle.pendingReleases(db), try OrderLifecycle.unconfirmed(db))
                }
                for orderId in unconfirmed { await confirmer.confirm(orderId: orderId) }
                for orderId in releases { await release(orderId) }
                // A lost notification: ask the provider before the order expires.
                let paid = await followUp.queryBeforeExpiry(now: now, lead: TimeInterval(settings.queryBeforeExpirySeconds))
                for orderId in paid { await confirmer.confirm(orderId: orderId) }
                let refunded = await followUp.refundRefused(now: now)
                if !refunded.isEmpty { logger.info("refunded orders dues refused", metadata: ["count": "\(refunded.count)"]) }
                // A refunded order's months are free at once (a credit card's reservation would otherwise
                // hold them until it expires); release is idempotent and a no-op for months dues closed.
                for orderId in refunded { await release(orderId) }
            } catch {
                logger.warning("sweep failed: \(error)")
            }
            // The pace of the sweep, not a synchronisation: an order is released within one interval of its expiry.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(settings.sweepSeconds)) }
        }
    }

    func release(_ orderId: String) async {
        do {
            _ = try await dues.release(PaymentRef(paymentId: orderId))
        } catch let error as ErrorBody where error.code == ErrorCode.duesPaymentNotFound || error.code == ErrorCode.duesPaymentClosed {
            // Dues never reserved it, or has closed it already: nothing left to free.
        } catch {
            logger.warning("releasing an expired order failed; retried next sweep", metadata: ["orderId": "\(orderId)"])
            return
        }
        _ = try? await store.write { db in try OrderLifecycle.markReleased(db, id: orderId) }
    }
}
