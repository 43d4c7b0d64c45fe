import Foundation
import Logging
import Payments
import Schema
import Store

/// After the money moved: confirm the order's months in dues (idempotent there). When dues refuses
/// them — paid in cash meanwhile, or the reservation gone — the order goes to `refunding` instead.
/// Any other failure leaves the order `paid`; the sweeper tries again.
struct Confirmer: Sendable {
    let store: Store
    let dues: any DuesPort
    let logger: Logger

    static let refusals: Set<String> = [ErrorCode.duesReservationExpired, ErrorCode.duesPaymentClosed, ErrorCode.duesPaymentNotFound]

    func confirm(orderId: String) async {
        // A top-up's money lands in the 市民卡 wallet; it has no months for dues.
        if let order = try? await store.read({ db in try Orders.find(db, id: orderId) }), order.purpose == OrderPurpose.topup.rawValue {
            do { try await store.write { db in try Wallets.confirmTopUp(db, orderId: orderId, now: Date()) } } catch {
                logger.warning("crediting a top-up failed; retried next sweep", metadata: ["orderId": "\(orderId)"])
            }
            return
        }
        do {
            _ = try await dues.confirm(PaymentRef(paymentId: orderId))
            try await store.write { db in try OrderLifecycle.confirmed(db, id: orderId) }
        } catch let error as ErrorBody where Self.refusals.contains(error.code) {
            logger.warning("dues refused a paid order's months: refund due", metadata: ["orderId": "\(orderId)", "code": "\(error.code)"])
            _ = try? await store.write { db in try OrderLifecycle.refusedByDues(db, id: orderId, code: error.code) }
        } catch {
            logger.warning("confirming a paid order failed; retried next sweep", metadata: ["orderId": "\(orderId)"])
        }
    }
}
