import Foundation

/// How the money moves. Step 1 has Alipay; the others of issue 12 follow.
public enum PaymentChannel: String, Codable, Sendable, CaseIterable, SchemaEnum {
    case alipay
}

public enum OrderStatus: String, Codable, Sendable, CaseIterable, SchemaEnum {
    /// Months reserved in dues; waiting for the payer (confirmation factor, provider).
    case open
    /// The provider says the money moved.
    case paid
    /// Paid and the months confirmed in dues.
    case confirmed
    /// Dues refused the months (paid in cash meanwhile, reservation gone): the money goes back.
    case refunding
    /// The money went back.
    case refunded
    /// Not paid in time: the reservation is released.
    case expired
}

public struct CreateOrderRequest: Codable, Sendable, Equatable {
    /// Whose months: nil for the payer's own; a proxy lists the members who authorised them (the
    /// payer may include themself).
    public var memberIds: [String]?
    public var channel: PaymentChannel
    /// 备注: why a month is late (seed 003). At most 200 characters.
    public var remark: String?
    public init(memberIds: [String]? = nil, channel: PaymentChannel, remark: String? = nil) {
        self.memberIds = memberIds; self.channel = channel; self.remark = remark
    }
}

public struct OrderRef: Codable, Sendable, Equatable {
    public var orderId: String
    public init(orderId: String) { self.orderId = orderId }
}

/// One member-month an order pays, with the amount dues quoted for it.
public struct OrderLine: Codable, Sendable, Equatable {
    public var memberId: String
    public var month: String
    public var amountFen: Int64
    public init(memberId: String, month: String, amountFen: Int64) {
        self.memberId = memberId; self.month = month; self.amountFen = amountFen
    }
}

public struct OrderView: Codable, Sendable, Equatable {
    public var orderId: String
    public var status: OrderStatus
    public var channel: PaymentChannel
    public var payerMemberId: String
    /// Oldest first per member, as dues quoted them.
    public var lines: [OrderLine]
    /// What dues quoted; the client never sends it.
    public var totalFen: Int64
    public var remark: String?
    public var createdAt: Date
    /// The reservation in dues ends with the order.
    public var expiresAt: Date
    public init(orderId: String, status: OrderStatus, channel: PaymentChannel, payerMemberId: String, lines: [OrderLine],
                totalFen: Int64, remark: String?, createdAt: Date, expiresAt: Date) {
        self.orderId = orderId; self.status = status; self.channel = channel; self.payerMemberId = payerMemberId
        self.lines = lines; self.totalFen = totalFen; self.remark = remark; self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

/// Alipay's asynchronous notification as the gateway hands it over: the form body, unparsed.
public struct AlipayNotify: Codable, Sendable, Equatable {
    public var form: String
    public init(form: String) { self.form = form }
}

/// What payments made of a provider's notification (the provider itself is answered `success`).
public struct NotifyAck: Codable, Sendable, Equatable {
    /// applied | duplicate | not_paid
    public var outcome: String
    public init(outcome: String) { self.outcome = outcome }
}
