import Foundation

/// Our side of one order, as reconciliation needs it (`payment_order` columns).
public struct ReconciliationOrder: Codable, Sendable, Equatable {
    public var id: String
    public var channel: String
    public var status: String
    public var totalFen: Int64
    public var providerTradeNo: String?
    public var paidAt: Date?
    public var refundedAt: Date?

    public init(id: String, channel: String, status: String, totalFen: Int64, providerTradeNo: String? = nil,
                paidAt: Date? = nil, refundedAt: Date? = nil) {
        self.id = id
        self.channel = channel
        self.status = status
        self.totalFen = totalFen
        self.providerTradeNo = providerTradeNo
        self.paidAt = paidAt
        self.refundedAt = refundedAt
    }

    public init(_ record: OrderRecord) {
        self.init(id: record.id, channel: record.channel, status: record.status, totalFen: record.totalFen,
                  providerTradeNo: record.providerTradeNo, paidAt: record.paidAt, refundedAt: record.refundedAt)
    }

    /// The money reached us at some point (refunding and refunded orders were paid first).
    var moneyArrived: Bool {
        switch status {
        case "paid", "confirmed", "refunding", "refunded": true
        default: false
        }
    }
    /// The money is ours to keep: dues should show these months paid.
    var keepsMoney: Bool { status == "paid" || status == "confirmed" }
}

/// Everything one day's reconciliation compares. The store and dues are read by the caller; matching
/// is a pure function of this value.
public struct ReconciliationInput: Sendable {
    public var day: BeijingDay
    /// Our orders paid or refunded that day, and open/expired ones created that day.
    public var orders: [ReconciliationOrder]
    /// The previous and next day's orders, so a line across midnight is matched, not called 长款.
    public var neighbourOrders: [ReconciliationOrder]
    /// The day's statements, one per channel; channels without one are not reconciled.
    public var statements: [ProviderStatement]
    /// Order id → fen dues records as paid for that order's months (absent: dues has nothing).
    public var duesPaid: [String: Int64]
    /// Payments this close to midnight at us may sit in the neighbouring day's statement.
    public var cutOverSeconds: TimeInterval
    /// Our orders that pay no dues (wallet top-ups): matched with the statements, not with dues.
    public var notDues: Set<String> = []

    public init(day: BeijingDay, orders: [ReconciliationOrder], neighbourOrders: [ReconciliationOrder] = [],
                statements: [ProviderStatement], duesPaid: [String: Int64], cutOverSeconds: TimeInterval = 300) {
        self.day = day
        self.orders = orders
        self.neighbourOrders = neighbourOrders
        self.statements = statements
        self.duesPaid = duesPaid
        self.cutOverSeconds = cutOverSeconds
    }
}
