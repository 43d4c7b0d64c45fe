import Foundation

/// One disagreement between our orders, a provider's statement and dues. Nothing is absorbed: each
/// carries both sides' amounts and times so the finance administrator can act on it.
public struct ReconciliationDifference: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Money at the provider we do not know, or for an order not paid at us.
        case longPayment
        /// Paid at us, missing at the provider.
        case shortPayment
        /// Both sides have the payment with different amounts (or dues recorded another amount).
        case amountMismatch
        /// A refund at one side only, or of another amount.
        case refundMismatch
        /// Paid at us, dues has not recorded the months.
        case paidNotInDues
        /// Dues records the months paid, but we hold no money for them.
        case duesWithoutMoney
        /// The two sides put the payment on different days (around midnight).
        case cutOver

        public var title: String {
            switch self {
            case .longPayment: "长款"
            case .shortPayment: "短款"
            case .amountMismatch: "金额不符"
            case .refundMismatch: "退款不符"
            case .paidNotInDues: "已收款未记党费"
            case .duesWithoutMoney: "党费已记未收款"
            case .cutOver: "跨日"
            }
        }

        /// What the administrator does about it.
        public var action: String {
            switch self {
            case .longPayment: "补单或原路退款"
            case .shortPayment: "挂账，向渠道复查"
            case .amountMismatch: "核对订单与渠道金额"
            case .refundMismatch: "核对退款状态"
            case .paidNotInDues: "重试党费确认"
            case .duesWithoutMoney: "核对党费记录"
            case .cutOver: "与相邻日对账单核对"
            }
        }
    }

    public var kind: Kind
    public var channel: String
    public var orderId: String
    public var providerTradeNo: String?
    public var ourFen: Int64?
    public var providerFen: Int64?
    public var duesFen: Int64?
    public var ourTime: Date?
    public var providerTime: Date?
    /// The statement line number, when a line is involved.
    public var statementLine: Int?
    public var detail: String

    public init(kind: Kind, channel: String, orderId: String, providerTradeNo: String? = nil, ourFen: Int64? = nil,
                providerFen: Int64? = nil, duesFen: Int64? = nil, ourTime: Date? = nil, providerTime: Date? = nil,
                statementLine: Int? = nil, detail: String) {
        self.kind = kind
        self.channel = channel
        self.orderId = orderId
        self.providerTradeNo = providerTradeNo
        self.ourFen = ourFen
        self.providerFen = providerFen
        self.duesFen = duesFen
        self.ourTime = ourTime
        self.providerTime = providerTime
        self.statementLine = statementLine
        self.detail = detail
    }

    /// The amount the difference is about: the provider's when it has one, else ours, else dues'.
    public var amountFen: Int64 { providerFen ?? ourFen ?? duesFen ?? 0 }
}
