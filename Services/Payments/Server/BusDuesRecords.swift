import Bus
import Payments
import Schema

/// Reconciliation's question to dues, as the service `payments` (dues answers services only).
extension BusDues: DuesRecordsPort {
    func paid(_ query: PaidPaymentsQuery) async throws(ErrorBody) -> PaidPayments {
        try await client.call(DuesAPI.paymentPaid.type, query, as: PaidPayments.self, actor: Self.actor)
    }
}
