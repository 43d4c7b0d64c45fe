import Foundation

/// Event type strings payments emits.
public enum PaymentsEvent {
    /// OrderRefundedEvent: money went back to its original route (dues refused the months); the
    /// payer is told why.
    public static let orderRefunded = "payments.order.refunded"
    /// RefundApplicationView: a 退费申请 was rejected; the member reads why.
    public static let refundRejected = "payments.refund.rejected"
    /// DebitFailedEvent: a 银行缴费协议 debit failed; the member is told once.
    public static let debitFailed = "payments.debit.failed"
}

public struct OrderRefundedEvent: Codable, Sendable, Equatable {
    public var orderId: String
    public var payerMemberId: String
    public var channel: PaymentChannel
    public var amountFen: Int64
    /// yyyy-MM, oldest first.
    public var months: [String]
    /// In Chinese, for the member.
    public var reason: String
    public init(orderId: String, payerMemberId: String, channel: PaymentChannel, amountFen: Int64, months: [String], reason: String) {
        self.orderId = orderId; self.payerMemberId = payerMemberId; self.channel = channel; self.amountFen = amountFen
        self.months = months; self.reason = reason
    }
}
