import Foundation

/// `dues.payment.paid` (payments' reconciliation): what dues records as paid per online payment.
/// Either a Beijing day (payments dues confirmed that day) or payment ids, or both (the union).
public struct PaidPaymentsQuery: Codable, Sendable, Equatable {
    /// "yyyy-MM-dd", Beijing.
    public var day: String?
    public var paymentIds: [String]?
    public init(day: String? = nil, paymentIds: [String]? = nil) { self.day = day; self.paymentIds = paymentIds }
}

/// One online payment with the fen of the months dues records as paid by it.
public struct PaidPayment: Codable, Sendable, Equatable {
    public var paymentId: String
    public var paidFen: Int64
    public var paidAt: Date?
    public init(paymentId: String, paidFen: Int64, paidAt: Date?) { self.paymentId = paymentId; self.paidFen = paidFen; self.paidAt = paidAt }
}

public struct PaidPayments: Codable, Sendable, Equatable {
    /// Only payments with months paid by them; ordered by payment id.
    public var items: [PaidPayment]
    public init(items: [PaidPayment]) { self.items = items }
}
